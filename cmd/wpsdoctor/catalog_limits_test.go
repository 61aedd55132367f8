package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/catalog/catalogtest"
	"wpsdoctor/product"
)

// userConfig points the per-user config dir at a fresh temporary
// directory and returns the per-user catalogue's path and the environment
// the CLI then runs with.
func userConfig(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"HOME": dir, "XDG_CONFIG_HOME": dir, "AppData": dir, "WSD_STATE_DIR": filepath.Join(dir, "state")}
	p := product.Paths(func(k string) string { return env[k] }).Catalogue()
	if p == "" || !strings.HasPrefix(p, dir) {
		t.Fatalf("user catalogue at %q, want it under %s", p, dir)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	return p, env
}

func lines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' })
}

// TestHostileConfigExit3OneLine: a hostile --config file is a tool failure
// (exit 3) told in one line under 300 bytes naming the file.
func TestHostileConfigExit3OneLine(t *testing.T) {
	_, env := userConfig(t)
	dir := t.TempDir()
	for _, c := range catalogtest.Pathological() {
		t.Run(c.Name, func(t *testing.T) {
			p := filepath.Join(dir, "bad.toml")
			if err := os.WriteFile(p, c.Body, 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCLI(t, env, "check", "--lang", "en", "--config", p, "--only", "wps.installed")
			if code != exitToolFailure || out != "" {
				t.Errorf("got exit %d, stdout %q; want 3 and nothing", code, out)
			}
			ls := lines(errOut)
			if len(ls) != 1 || len(ls[0]) >= 300 || !strings.Contains(ls[0], "bad.toml") {
				t.Errorf("got stderr of %d lines, %d bytes: %.300q; want one line under 300 naming bad.toml", len(ls), len(errOut), errOut)
			}
		})
	}
}

// TestHostileUserCatalogueIgnored: the same files as the per-user
// catalogue are ignored with a one-line warning, and the commands work.
func TestHostileUserCatalogueIgnored(t *testing.T) {
	user, env := userConfig(t)
	for _, c := range catalogtest.Pathological() {
		t.Run(c.Name, func(t *testing.T) {
			if err := os.WriteFile(user, c.Body, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"version", "--lang", "en"},
				{"check", "--lang", "en", "--only", "wps.installed"},
			} {
				code, out, errOut := runCLI(t, env, args...)
				if code == exitToolFailure || !strings.Contains(out, map[string]string{"version": "wpsdoctor ", "check": "wps.installed"}[args[0]]) {
					t.Errorf("%v: got exit %d, stdout %q; want the command's output and not 3", args, code, out)
				}
				ls := lines(errOut)
				if len(ls) != 1 || len(ls[0]) >= 300+len(user) || !strings.Contains(ls[0], "endpoints.toml") {
					t.Errorf("%v: got stderr of %d lines, %d bytes: %.300q; want one warning line naming the file", args, len(ls), len(errOut), errOut)
				}
			}
		})
	}
}
