//go:build !windows

package agent

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wpsdoctor/fixes"
	"wpsdoctor/report"
)

// testAgent is a server on a real socket in a temporary directory whose
// peer is the given user and whose executor records argv instead of
// running anything.
type testAgent struct {
	socket, journal string
	mu              sync.Mutex
	ran             [][]string
	peer            Peer
}

func startAgent(t *testing.T, policy string, peer Peer) *testAgent {
	t.Helper()
	return startAgentWith(t, policy, peer, nil)
}

// startAgentWith is startAgent with the server adjusted by tune (nil: as is)
// before it serves.
func startAgentWith(t *testing.T, policy string, peer Peer, tune func(*Server)) *testAgent {
	t.Helper()
	dir := t.TempDir()
	ta := &testAgent{socket: filepath.Join(dir, "run", "agent.sock"), journal: filepath.Join(dir, "state", "agent-journal.jsonl"), peer: peer}
	polPath := filepath.Join(dir, "policy.toml")
	if err := os.WriteFile(polPath, []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Listen(ta.socket)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(ta.socket); err != nil || fi.Mode().Perm() != 0o666 {
		t.Fatalf("socket mode: %v %v, want 0666", fi.Mode(), err)
	}
	s := &Server{
		Executor: &fixes.Executor{OS: "linux", Run: func(_ context.Context, argv []string, _ string) (int, []byte, error) {
			ta.mu.Lock()
			defer ta.mu.Unlock()
			ta.ran = append(ta.ran, argv)
			return 0, []byte("ok"), nil
		}},
		Policy: func() PolicyState {
			p, _, err := report.LoadPolicy(polPath)
			return PolicyState{Path: polPath, Policy: p, Err: err}
		},
		Journal:   &Journal{Path: ta.journal},
		Groups:    func(Peer) []string { return []string{"staff"} },
		Peer:      func(net.Conn) (Peer, error) { return ta.peer, nil },
		IOTimeout: 300 * time.Millisecond,
		MaxConns:  4,
		Log:       t.Logf,
	}
	if tune != nil {
		tune(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Serve(ctx, l); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return ta
}

func (ta *testAgent) raw(t *testing.T, data []byte) Response {
	t.Helper()
	c, err := net.Dial("unix", ta.socket)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(data); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFrame(c)
	if err != nil {
		t.Fatal(err)
	}
	var r Response
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func (ta *testAgent) records(t *testing.T) []Record {
	t.Helper()
	f, err := os.Open(ta.journal)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

var (
	user1000   = Peer{UID: 1000, GID: 1000, PID: 4242, Name: "alice"}
	dnsSet     = [][]fixes.Action{{{Kind: fixes.KindExec, Argv: []string{"resolvectl", "dns", "eth0", "1.1.1.1"}}}, {{Kind: fixes.KindExec, Argv: []string{"resolvectl", "domain", "eth0", "~."}}}}
	clockFix   = [][]fixes.Action{{{Kind: fixes.KindExec, Argv: []string{"timedatectl", "set-ntp", "true"}}}}
	setModeFix = [][]fixes.Action{{{Kind: fixes.KindSetMode, Path: "/opt/kingsoft/wps-office/office6/wpscloudsvr", Mode: 0o755}}}
)

func runReq(entry string, steps [][]fixes.Action) []byte {
	b, _ := json.Marshal(Request{Version: Version, Op: OpRun, Entry: entry, Steps: steps})
	return frame(b)
}

func TestServerRefusesAndKeepsServing(t *testing.T) {
	ta := startAgent(t, "[agent]\ndenied_users = [\"mallory\"]\n", user1000)
	oversized := make([]byte, 4)
	binary.BigEndian.PutUint32(oversized, MaxMessage+1)
	for _, tc := range []struct {
		name, refused, words string
		data                 []byte
	}{
		{"malformed", RefusedMalformed, "malformed", frame([]byte(`{"version":1,"op":`))},
		{"oversized", RefusedOversized, "limit", oversized},
		{"wrong version", RefusedVersion, "version 7", frame([]byte(`{"version":7,"op":"ping"}`))},
		{"invalid action", RefusedInvalid, `program "bash" is not allowed`, runReq("e-bad", [][]fixes.Action{{{Kind: fixes.KindExec, Argv: []string{"bash", "-c", "id"}}}})},
		{"policy: dns.set not listed", RefusedPolicy, "does not let the WPS Sync Doctor service run dns.set", runReq("e-dns", dnsSet)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ta.raw(t, tc.data)
			if r.Refused != tc.refused || r.ExitStatus != 2 || !strings.Contains(r.Error, tc.words) {
				t.Fatalf("got refused %q, status %d, error %q; want %q, 2, %q", r.Refused, r.ExitStatus, r.Error, tc.refused, tc.words)
			}
			// The agent still serves: a good request right after works.
			ok := ta.raw(t, runReq("e-ok", clockFix))
			if ok.Refused != "" || ok.ExitStatus != 0 || len(ok.Steps) != 1 || !ok.Steps[0].Done {
				t.Fatalf("a good request after %s: got %+v", tc.name, ok)
			}
		})
	}
	if len(ta.ran) != 5 || !slices.Equal(ta.ran[0], []string{"timedatectl", "set-ntp", "true"}) {
		t.Fatalf("ran %q; want only the five good clock requests", ta.ran)
	}
	recs := ta.records(t)
	var refused []string
	for _, r := range recs {
		if r.UID != 1000 || r.User != "alice" || r.PID != 4242 {
			t.Errorf("journal record without the caller: %+v", r)
		}
		if r.Outcome == "refused" {
			refused = append(refused, r.Refused)
		}
	}
	want := []string{RefusedMalformed, RefusedOversized, RefusedVersion, RefusedInvalid, RefusedPolicy}
	if !slices.Equal(refused, want) || len(recs) != 10 {
		t.Fatalf("journal: %d records, refusals %v; want 10 records, refusals %v", len(recs), refused, want)
	}
}

func TestServerPolicyAndPeers(t *testing.T) {
	const allowDNS = "[support]\nname = \"IT Desk\"\n[agent]\nallow = [\"dns.set\", \"dns.flush\"]\ndenied_users = [\"mallory\"]\nallowed_groups = [\"staff\"]\n"
	for _, tc := range []struct {
		name, policy string
		peer         Peer
		steps        [][]fixes.Action
		refused      string
		words        string
	}{
		{"dns.set listed", allowDNS, user1000, dnsSet, "", ""},
		{"clock.sync no longer listed", allowDNS, user1000, clockFix, RefusedPolicy, "run clock.sync for users who are not administrators; ask IT Desk"},
		{"denied user", allowDNS, Peer{UID: 1001, Name: "mallory"}, dnsSet, RefusedPeer, "does not let mallory use"},
		{"root runs anything allowlisted", "[agent]\nallow = []\n", Peer{UID: 0, Name: "root", Admin: true}, dnsSet, "", ""},
		{"default: clock.sync", "", user1000, clockFix, "", ""},
		{"default: no dns.set", "", user1000, dnsSet, RefusedPolicy, "run dns.set"},
		{"broken policy: nothing for users", "[agent\n", user1000, clockFix, RefusedPolicy, "cannot be used"},
		// A set_mode step (wps.cloud.exec) once had no category: the agent
		// panicked on it. Now it is a fix the policy decides on.
		{"set_mode: wps.cloud.exec not listed", "", user1000, setModeFix, RefusedPolicy, "run wps.cloud.exec"},
		{"set_mode: wps.cloud.exec listed", "[agent]\nallow = [\"wps.cloud.exec\"]\n", user1000, setModeFix, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := startAgent(t, tc.policy, tc.peer)
			r := ta.raw(t, runReq("e", tc.steps))
			if r.Refused != tc.refused || !strings.Contains(r.Error, tc.words) {
				t.Fatalf("got refused %q (%s); want %q with %q", r.Refused, r.Error, tc.refused, tc.words)
			}
			// (set_mode is done by the executor itself, not through Run.)
			if ran := len(ta.ran) > 0; tc.steps[0][0].Kind == fixes.KindExec && ran != (tc.refused == "") {
				t.Fatalf("ran %q; want running only when allowed", ta.ran)
			}
		})
	}
}

// TestStalledClientDoesNotBlock: a client that connects and says nothing
// holds only its own connection until the read timeout.
func TestStalledClientDoesNotBlock(t *testing.T) {
	ta := startAgent(t, "", user1000)
	var stalled []net.Conn
	for range 3 {
		c, err := net.Dial("unix", ta.socket)
		if err != nil {
			t.Fatal(err)
		}
		stalled = append(stalled, c)
	}
	defer func() {
		for _, c := range stalled {
			c.Close()
		}
	}()
	start := time.Now()
	r := ta.raw(t, runReq("e", clockFix))
	if r.ExitStatus != 0 || time.Since(start) > 2*time.Second {
		t.Fatalf("a good request beside stalled clients: %+v after %s", r, time.Since(start))
	}
	// The stalled ones are cut off after the timeout, refused as malformed.
	b, err := ReadFrame(stalled[0])
	if err != nil || !strings.Contains(string(b), RefusedMalformed) {
		t.Fatalf("stalled client: got %q, %v; want a malformed refusal", b, err)
	}
}
