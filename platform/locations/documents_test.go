package locations

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDocumentsFor(t *testing.T) {
	xdg := func(line string) []byte {
		return []byte("# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\n" + line + "\nXDG_MUSIC_DIR=\"$HOME/Music\"\n")
	}
	cases := []struct {
		name, goos  string
		env         map[string]string
		userDirs    []byte
		knownFolder string
		want        string
	}{
		{"linux xdg in home", "linux", map[string]string{"HOME": "/home/李"}, xdg(`XDG_DOCUMENTS_DIR="$HOME/文档"`), "", "/home/李/文档"},
		{"linux xdg absolute", "linux", map[string]string{"HOME": "/home/li"}, xdg(`XDG_DOCUMENTS_DIR="/data/li/docs"`), "", "/data/li/docs"},
		{"linux xdg turned off", "linux", map[string]string{"HOME": "/home/li"}, xdg(`XDG_DOCUMENTS_DIR="$HOME/"`), "", "/home/li"},
		{"linux no user-dirs", "linux", map[string]string{"HOME": "/home/li"}, nil, "", "/home/li"},
		{"linux relative refused", "linux", map[string]string{"HOME": "/home/li"}, xdg(`XDG_DOCUMENTS_DIR="docs"`), "", "/home/li"},
		{"linux substitution refused", "linux", map[string]string{"HOME": "/home/li"}, xdg("XDG_DOCUMENTS_DIR=\"$HOME/`id`\""), "", "/home/li"},
		{"linux unquoted refused", "linux", map[string]string{"HOME": "/home/li"}, xdg(`XDG_DOCUMENTS_DIR=$HOME/Docs`), "", "/home/li"},
		{"linux no home", "linux", nil, xdg(`XDG_DOCUMENTS_DIR="$HOME/Documents"`), "", ""},
		{"windows known folder", "windows", map[string]string{"USERPROFILE": `C:\Users\li`}, nil, `D:\OneDrive\文档`, `D:\OneDrive\文档`},
		{"windows profile fallback", "windows", map[string]string{"USERPROFILE": `C:\Users\li`}, nil, "", `C:\Users\li\Documents`},
		{"windows nothing", "windows", nil, nil, "", ""},
		{"macOS", "darwin", map[string]string{"HOME": "/Users/li"}, xdg(`XDG_DOCUMENTS_DIR="/elsewhere"`), "", "/Users/li/Documents"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DocumentsFor(c.goos, func(k string) string { return c.env[k] }, c.userDirs, c.knownFolder)
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestUserDirsFile(t *testing.T) {
	cases := []struct {
		name, goos string
		env        map[string]string
		want       string
	}{
		{"XDG_CONFIG_HOME", "linux", map[string]string{"XDG_CONFIG_HOME": "/cfg", "HOME": "/home/li"}, "/cfg/user-dirs.dirs"},
		{"home", "linux", map[string]string{"HOME": "/home/li"}, "/home/li/.config/user-dirs.dirs"},
		{"windows", "windows", map[string]string{"AppData": `C:\x`}, ""},
		{"darwin", "darwin", map[string]string{"HOME": "/Users/li"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := UserDirsFile(c.goos, func(k string) string { return c.env[k] }); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestDocumentsOnThisComputer: the real lookup reads user-dirs.dirs and
// falls back to the home folder when the folder is missing.
func TestDocumentsOnThisComputer(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, ".config")
	if err := os.MkdirAll(filepath.Join(home, "文档"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(cfg, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", cfg)
	cases := []struct {
		name, line, want string
	}{
		{"exists", `XDG_DOCUMENTS_DIR="$HOME/文档"`, filepath.Join(home, "文档")},
		{"missing folder", `XDG_DOCUMENTS_DIR="$HOME/gone"`, home},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(cfg, "user-dirs.dirs"), []byte(c.line+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := Documents(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
