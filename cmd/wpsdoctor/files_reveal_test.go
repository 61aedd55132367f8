//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFilesFindingPerClass: each kind of refused file is a finding of its
// own with its code; the full path of an example appears only under
// --reveal, and the default output names it without the private parts.
func TestFilesFindingPerClass(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home", "u")
	syncRoot := userInstall(t, home)
	must(t, os.MkdirAll(filepath.Join(syncRoot, "项目"), 0o755))
	must(t, os.WriteFile(filepath.Join(syncRoot, "项目", "工资表.exe"), []byte("MZ"), 0o644))
	must(t, os.WriteFile(filepath.Join(syncRoot, "合同:终稿.docx"), []byte("x"), 0o644))
	t.Setenv("HOME", home)
	exe := filepath.Join(syncRoot, "项目", "工资表.exe")
	cases := []struct {
		name     string
		args     []string
		fullPath bool
	}{
		{"default", []string{"check", "--lang", "en", "--only", "files.sync"}, false},
		{"verbose", []string{"check", "-v", "--lang", "en", "--only", "files.sync"}, false},
		{"reveal", []string{"check", "--reveal", "--lang", "en", "--only", "files.sync"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, out, errOut := runCLI(t, nil, c.args...)
			for _, code := range []string{"[WSD-FIL-010]", "[WSD-FIL-013]"} {
				if !strings.Contains(out, code) {
					t.Errorf("got no %s finding:\n%s\n%s", code, out, errOut)
				}
			}
			if !strings.Contains(out, "“:”") {
				t.Errorf("the offending character is not shown:\n%s", out)
			}
			if got := strings.Contains(out, exe); got != c.fullPath {
				t.Errorf("got full path shown = %v, want %v:\n%s", got, c.fullPath, out)
			}
			if !c.fullPath && strings.Contains(out, "工资表") {
				t.Errorf("the document name survives redaction:\n%s", out)
			}
		})
	}
}
