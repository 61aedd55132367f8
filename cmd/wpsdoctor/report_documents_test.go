//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBundleDefaultsToDocuments: without -o the bundle goes into the
// user's Documents folder (XDG_DOCUMENTS_DIR), else the home folder.
func TestBundleDefaultsToDocuments(t *testing.T) {
	cases := []struct {
		name, userDirs, wantDir string
	}{
		{"xdg documents", `XDG_DOCUMENTS_DIR="$HOME/文档"`, "文档"},
		{"no documents folder", `XDG_DOCUMENTS_DIR="$HOME/gone"`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "home")
			cfg := filepath.Join(home, ".config")
			must(t, os.MkdirAll(filepath.Join(home, "文档"), 0o755))
			must(t, os.MkdirAll(cfg, 0o755))
			must(t, os.WriteFile(filepath.Join(cfg, "user-dirs.dirs"), []byte(c.userDirs+"\n"), 0o600))
			t.Setenv("HOME", home)
			policyAt(t, filepath.Join(t.TempDir(), "none.toml"))
			env := map[string]string{"HOME": home, "XDG_CONFIG_HOME": cfg, "WSD_STATE_DIR": filepath.Join(home, "state")}
			code, stdout, stderr := runCLI(t, env, "report", "--yes", "--lang", "en")
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			matches, _ := filepath.Glob(filepath.Join(home, c.wantDir, "wpsdoctor-support-*.zip"))
			if len(matches) != 1 {
				t.Fatalf("got %v in %s, want one bundle\n%s", matches, filepath.Join(home, c.wantDir), stdout)
			}
			if !strings.Contains(stdout, matches[0]) {
				t.Errorf("the saved path %s is not printed:\n%s", matches[0], stdout)
			}
		})
	}
}
