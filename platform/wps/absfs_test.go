package wps

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNoHomeFindsNoRelativePaths: with an unknown home, a ".config/Kingsoft"
// in the current directory must not be taken for the user's.
func TestNoHomeFindsNoRelativePaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.MkdirAll(filepath.Join(dir, ".config", "Kingsoft"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, ".config", "Kingsoft", "Office.conf"), []byte("[General]\n"), 0o644)
	in := DiscoverLinux(absOnly{OSFS{}}, "", Packages{})
	for _, list := range [][]string{in.ConfigDirs, in.ConfigFiles, in.CacheDirs, in.LogDirs} {
		for _, p := range list {
			if !filepath.IsAbs(p) {
				t.Errorf("relative path discovered: %q", p)
			}
		}
	}
	if in.SyncRoot != "" && !filepath.IsAbs(in.SyncRoot) {
		t.Errorf("relative sync root %q", in.SyncRoot)
	}
	for _, name := range []string{`C:\Users`, "/opt", `\\server\share`} {
		if !isAbs(name) {
			t.Errorf("isAbs(%q) = false", name)
		}
	}
}
