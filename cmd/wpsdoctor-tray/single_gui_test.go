//go:build gui

package main

// Run under a display: xvfb-run -a go test -tags gui ./cmd/wpsdoctor-tray/
// (the Makefile's test-gui covers ./tray/...; this one re-runs this test
// binary as the app, so it needs no separate build).

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// windows lists the X windows titled "WPS Sync Doctor" and their pids.
func windows(t *testing.T) []int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^WPS Sync Doctor$").Output()
	var pids []int
	for _, id := range strings.Fields(string(out)) {
		p, err := exec.CommandContext(ctx, "xdotool", "getwindowpid", id).Output()
		if n, err2 := strconv.Atoi(strings.TrimSpace(string(p))); err == nil && err2 == nil {
			pids = append(pids, n)
		}
	}
	return pids
}

type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(b)
}
func (o *output) String() string { o.mu.Lock(); defer o.mu.Unlock(); return o.buf.String() }

// TestSecondLaunchRaisesTheWindow: the real app (no session bus, so the
// tray shows its window at once) gets launched twice more, as the tray and
// as --window; both exit 0 and no second window appears.
func TestSecondLaunchRaisesTheWindow(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no DISPLAY: run under xvfb-run")
	}
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Skip("xdotool missing (make deps)")
	}
	if len(windows(t)) != 0 {
		t.Skip("a WPS Sync Doctor window is already on this display")
	}
	u := newUser(t)
	env := u.env("DISPLAY="+os.Getenv("DISPLAY"), "XAUTHORITY="+os.Getenv("XAUTHORITY"), "LANG=en_US.UTF-8")
	first := exec.Command(os.Args[0], "--warmup", "1h")
	first.Env = env
	var out output
	first.Stdout, first.Stderr = &out, &out
	// Its own process group, so cleanup also ends the window it started
	// (which inherits the output pipe: WaitDelay bounds waiting for it).
	first.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	first.WaitDelay = 5 * time.Second
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { first.Wait(); close(exited) }()
	defer func() {
		select {
		case <-exited:
		default:
			syscall.Kill(-first.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}()
	var pids []int
	eventually(t, "the first window", func() bool { pids = windows(t); return len(pids) > 0 })

	for _, args := range [][]string{nil, {"--window"}} {
		code, stderr := launch(t, env, args...)
		if code != 0 || !strings.Contains(stderr, "already") {
			t.Fatalf("launch %v: exit %d, stderr:\n%s\nfirst:\n%s", args, code, stderr, out.String())
		}
	}
	if !strings.Contains(out.String(), "second launch: open") || !strings.Contains(out.String(), "second launch: to the front") {
		t.Errorf("the running tray and window did not both get a request:\n%s", out.String())
	}
	if got := windows(t); len(got) != 1 || got[0] != pids[0] {
		t.Fatalf("windows after the second launches: %v, want only %v", got, pids[:1])
	}
	if err := syscall.Kill(pids[0], syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(limit):
		t.Fatalf("the tray did not exit after its window closed:\n%s", out.String())
	}
	if code := first.ProcessState.ExitCode(); code != 0 || strings.Contains(out.String(), "panic") {
		t.Fatalf("first: exit %d\n%s", code, out.String())
	}
	if strings.Contains(out.String(), "WARNING: DATA RACE") { // under go test -race
		t.Errorf("the race detector reported a data race:\n%s", out.String())
	}
}
