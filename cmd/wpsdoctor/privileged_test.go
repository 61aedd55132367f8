package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"wpsdoctor/fixes"
	"wpsdoctor/platform/elevate"
)

// TestHelperRoundTripThroughRealBinary starts the built wpsdoctor through
// the real elevation path (direct when root) and reads its result file.
func TestHelperRoundTripThroughRealBinary(t *testing.T) {
	if runtime.GOOS != "linux" || !elevate.IsElevated() {
		t.Skip("needs root on Linux: elevation would prompt")
	}
	bin := filepath.Join(t.TempDir(), "wpsdoctor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	h := fixes.HelperElevator{Exe: bin}
	// An allowed verb whose tool exists only on macOS: the helper runs it,
	// it fails, and the failure comes back through the result file.
	if _, lookErr := exec.LookPath("dscacheutil"); lookErr == nil {
		t.Skip("dscacheutil exists here")
	}
	res, err := h.RunElevated(context.Background(), "e1", [][]fixes.Action{
		{{Kind: fixes.KindExec, Argv: []string{"dscacheutil", "-flushcache"}}},
	})
	if err != nil || len(res) != 1 || res[0].Done || !strings.Contains(res[0].Error, "dscacheutil") {
		t.Fatalf("result %v %+v", err, res)
	}
	// A forbidden verb is rejected before anything runs.
	marker := filepath.Join(t.TempDir(), "ran")
	_, err = h.RunElevated(context.Background(), "e2", [][]fixes.Action{
		{{Kind: fixes.KindExec, Argv: []string{"touch", marker}}},
	})
	if err == nil || !strings.Contains(err.Error(), "not allowed") {
		t.Fatalf("forbidden verb: %v", err)
	}
	if _, statErr := os.Stat(marker); !os.IsNotExist(statErr) {
		t.Fatal("a rejected request ran")
	}
}
