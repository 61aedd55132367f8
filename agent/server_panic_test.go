//go:build !windows

package agent

import (
	"context"
	"net"
	"path/filepath"
	"testing"
	"time"

	"wpsdoctor/fixes"
	"wpsdoctor/report"
)

// nscdFlush is dns.flush on Linux with nscd, allowed for users by default.
var nscdFlush = [][]fixes.Action{{{Kind: fixes.KindExec, Argv: []string{"nscd", "-i", "hosts"}}}}

// TestServerSurvivesAPanic: a request whose serving panics is refused as an
// internal error, and the next request is served: one bad request never
// takes the service down for everyone.
func TestServerSurvivesAPanic(t *testing.T) {
	dir := t.TempDir()
	socket := filepath.Join(dir, "agent.sock")
	l, err := Listen(socket)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{
		Executor: &fixes.Executor{OS: "linux", Run: func(_ context.Context, argv []string, _ string) (int, []byte, error) {
			if argv[len(argv)-1] == "true" {
				panic("executor bug")
			}
			return 0, nil, nil
		}},
		Policy:    func() PolicyState { return PolicyState{Policy: report.Policy{}} },
		Journal:   &Journal{Path: filepath.Join(dir, "journal.jsonl")},
		Peer:      func(net.Conn) (Peer, error) { return Peer{UID: 0, Name: "root"}, nil },
		IOTimeout: time.Second,
		Log:       t.Logf,
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Serve(ctx, l); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	ta := &testAgent{socket: socket}

	if r := ta.raw(t, runReq("clock.sync", clockFix)); r.Refused != RefusedInternal {
		t.Fatalf("panicking request: got refused %q (%s), want %q", r.Refused, r.Error, RefusedInternal)
	}
	if r := ta.raw(t, runReq("dns.flush", nscdFlush)); r.Refused != "" || r.ExitStatus != 0 {
		t.Fatalf("next request: got refused %q exit %d (%s), want it served", r.Refused, r.ExitStatus, r.Error)
	}
}

// TestSetModeIsItsOwnCategory: the cloud component's execute-bit step is
// judged as wps.cloud.exec (not allowed for users by default), never a
// crash on an action without a program.
func TestSetModeIsItsOwnCategory(t *testing.T) {
	ta := startAgent(t, "", user1000)
	steps := [][]fixes.Action{{{Kind: fixes.KindSetMode, Path: "/opt/kingsoft/wps-office/office6/wpscloudsvr", Mode: 0o755}}}
	r := ta.raw(t, runReq("wps.cloud.exec", steps))
	if r.Refused != RefusedPolicy && r.Refused != RefusedInvalid {
		t.Fatalf("set_mode by a user under the default policy: got refused %q (%s), want policy or invalid", r.Refused, r.Error)
	}
	if r := ta.raw(t, runReq("dns.flush", nscdFlush)); r.Refused != "" {
		t.Fatalf("after set_mode: got refused %q (%s), want dns.flush served", r.Refused, r.Error)
	}
}
