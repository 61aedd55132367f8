package command

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
	"time"
)

// fakeStat answers like os.Stat over a fixed set of files.
func fakeStat(files map[string]fs.FileMode) StatFunc {
	m := fstest.MapFS{}
	for p, mode := range files {
		m[p[1:]] = &fstest.MapFile{Mode: mode, ModTime: time.Unix(0, 0)}
	}
	return func(name string) (fs.FileInfo, error) {
		if len(name) == 0 || name[0] != '/' {
			return nil, fs.ErrNotExist
		}
		return m.Stat(name[1:])
	}
}

func TestLookupTool(t *testing.T) {
	stat := fakeStat(map[string]fs.FileMode{
		"/usr/bin/resolvectl":     0o755,
		"/usr/sbin/nft":           0o755,
		"/sbin/nft":               0o755,
		"/bin/kill":               0o755,
		"/usr/bin/noexec":         0o644,
		"/usr/bin/adir":           fs.ModeDir | 0o755,
		"/usr/local/bin/xdg-open": 0o755,
		"/tmp/evil/resolvectl":    0o755,
		"/usr/libexec/ApplicationFirewall/socketfilterfw": 0o755,
		"/usr/bin/open": 0o755,
	})
	for _, tc := range []struct {
		goos, name, want string // want "" means refused
	}{
		{"linux", "resolvectl", "/usr/bin/resolvectl"},
		{"linux", "nft", "/usr/sbin/nft"}, // search order: /usr/sbin first
		{"linux", "kill", "/bin/kill"},
		{"linux", "noexec", ""},
		{"linux", "adir", ""},
		{"linux", "xdg-open", ""}, // /usr/local is not a system directory
		{"linux", "missing", ""},
		{"linux", "", ""},
		{"linux", "..", ""},
		{"linux", "/tmp/evil/resolvectl", ""},
		{"linux", "../../tmp/evil/resolvectl", ""},
		{"linux", "./resolvectl", ""},
		{"linux", "/usr/bin/../../tmp/evil/resolvectl", ""},
		{"linux", "/usr/bin/resolvectl", "/usr/bin/resolvectl"},
		{"linux", "/usr/libexec/ApplicationFirewall/socketfilterfw", ""},
		{"darwin", "/usr/libexec/ApplicationFirewall/socketfilterfw", "/usr/libexec/ApplicationFirewall/socketfilterfw"},
		{"darwin", "/usr/bin/open", "/usr/bin/open"},
		{"darwin", "socketfilterfw", "/usr/libexec/ApplicationFirewall/socketfilterfw"},
	} {
		t.Run(tc.goos+"/"+tc.name, func(t *testing.T) {
			got, err := LookupTool(tc.goos, tc.name, stat)
			if got != tc.want || (err == nil) != (tc.want != "") {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestToolDirsAreSystemDirectories(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "freebsd"} {
		for _, d := range ToolDirs(goos) {
			if !slices.Contains([]string{"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/libexec/ApplicationFirewall"}, d) {
				t.Errorf("%s: got directory %q, want only root-owned system directories", goos, d)
			}
		}
	}
}

func TestWindowsToolPath(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"netsh", `C:\Windows\System32\netsh.exe`},
		{"NETSH.EXE", `C:\Windows\System32\netsh.exe`},
		{"rundll32.exe", `C:\Windows\System32\rundll32.exe`},
		{"powershell.exe", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`},
		{"taskkill", `C:\Windows\System32\taskkill.exe`},
		{"cmd", ""},
		{`C:\Temp\netsh.exe`, ""},
		{`..\netsh`, ""},
	} {
		got, err := WindowsToolPath(`C:\Windows\System32\`, tc.name)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}
