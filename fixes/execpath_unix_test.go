//go:build linux || darwin

package fixes

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestExecRunnerIgnoresPlantedPrograms puts programs named like the tools
// fixes run first on PATH: none of them may run (the elevated CLI would
// run them as root). It uses only ExecRunner, so it runs against older
// code too.
func TestExecRunnerIgnoresPlantedPrograms(t *testing.T) {
	evil := t.TempDir()
	marker := filepath.Join(t.TempDir(), "planted-ran")
	script := "#!/bin/sh\necho planted >> '" + marker + "'\nexit 3\n"
	for _, name := range []string{"resolvectl", "nft", "true"} {
		if err := os.WriteFile(filepath.Join(evil, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", evil+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, argv := range [][]string{{"resolvectl", "--version"}, {"nft", "--version"}, {"true"}} {
		t.Run(argv[0], func(t *testing.T) {
			code, out, err := ExecRunner(context.Background(), argv, "")
			if _, statErr := os.Stat(marker); statErr == nil {
				t.Fatalf("the planted %s ran (exit %d, %q)", argv[0], code, out)
			}
			if argv[0] == "true" && (err != nil || code != 0) {
				t.Errorf("true: got exit %d, err %v; want the system's true to run and exit 0", code, err)
			}
		})
	}
}
