//go:build !windows

package command

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestRunRealPrograms(t *testing.T) {
	for _, p := range []string{"true", "false", "cat", "sleep"} {
		if _, err := Path(p); err != nil {
			t.Skipf("%s is not in the system directories here", p)
		}
	}
	ctx := context.Background()
	if _, err := Output(ctx, 0, "true"); err != nil {
		t.Errorf("true: got %v, want no error", err)
	}
	_, err := Output(ctx, 0, "false")
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 1 {
		t.Errorf("false: got %v, want an ExitError with code 1", err)
	}
	r, err := Run(ctx, Cmd{Argv: []string{"cat"}, Stdin: "你好\n"})
	if err != nil || string(r.Stdout) != "你好\n" || r.ExitCode != 0 {
		t.Errorf("cat: got %q, exit %d, %v; want the stdin back", r.Stdout, r.ExitCode, err)
	}
	r, err = Run(ctx, Cmd{Argv: []string{"sleep", "30"}, Timeout: 50 * time.Millisecond})
	if err == nil && r.ExitCode == 0 {
		t.Error("sleep 30 with a 50 ms timeout: got success, want it killed")
	}
	if _, err := Output(ctx, 0, "no-such-program-wsd"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing program: got %v, want ErrNotFound", err)
	}
	if _, err := Run(ctx, Cmd{}); err == nil {
		t.Error("an empty command ran")
	}
}

// TestPathIgnoresPATH: a program planted first on PATH is never the one run.
func TestPathIgnoresPATH(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	evil := filepath.Join(dir, "true")
	if err := os.WriteFile(evil, []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	if p, _ := exec.LookPath("true"); p != evil {
		t.Fatalf("setup: PATH lookup finds %s, want the planted %s", p, evil)
	}
	if _, err := Output(context.Background(), 0, "true"); err != nil {
		t.Skipf("true: %v", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the program planted on PATH ran")
	}
}

func TestReplace(t *testing.T) {
	var got [][]string
	restore := Replace(func(_ context.Context, c Cmd) (Result, error) {
		got = append(got, c.Argv)
		return Result{Stdout: []byte("canned"), ExitCode: 0}, nil
	})
	out, err := Output(context.Background(), time.Second, "nmcli", "-t", "general")
	restore()
	if err != nil || string(out) != "canned" || len(got) != 1 || !slices.Equal(got[0], []string{"nmcli", "-t", "general"}) {
		t.Fatalf("got %q %v, calls %q; want the canned answer for one call", out, err, got)
	}
	if _, err := Output(context.Background(), 0, "no-such-program-wsd"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after restore: got %v, want the real runner's ErrNotFound", err)
	}
}
