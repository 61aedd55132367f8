//go:build linux

package product

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"wpsdoctor/agent"
	"wpsdoctor/fixes"
	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/platform/firewall"
)

var (
	unreadable = firewall.State{OS: "linux", Backend: firewall.BackendNone, Unreadable: "ufw and nft list rules only as root"}
	agentSees  = firewall.State{OS: "linux", Backend: firewall.BackendNFT, Chains: []firewall.Chain{
		{Family: "inet", Table: "filter", Name: "output", Policy: "accept", Filters: true, DropsWeb: true}}}
)

// serveFirewall runs an agent on a socket in dir whose firewall reading is
// st, until the test ends.
func serveFirewall(t *testing.T, dir string, st firewall.State) string {
	t.Helper()
	sock := filepath.Join(dir, "run", "agent.sock")
	l, err := agent.Listen(sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &agent.Server{
		Executor:     &fixes.Executor{OS: goos},
		Policy:       func() agent.PolicyState { return agent.PolicyState{Path: filepath.Join(dir, "policy.toml")} },
		Journal:      &agent.Journal{Path: filepath.Join(dir, "sys", "agent-journal.jsonl")},
		FirewallRead: func(context.Context, []string) (firewall.State, error) { return st, nil },
		Log:          t.Logf,
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx, l); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return sock
}

// TestFirewallReadThroughTheAgent: when this user cannot read the rules and
// the agent answers, the check and the firewall.allow planner work from
// the agent's reading, marked as read by the service; without an agent,
// or when the user can read them, nothing changes.
func TestFirewallReadThroughTheAgent(t *testing.T) {
	defer func(old func(context.Context, []string) (firewall.State, error)) { firewallRead = old }(firewallRead)
	readable := firewall.State{OS: "linux", Backend: firewall.BackendNone}
	for _, tc := range []struct {
		name   string
		direct firewall.State
		agent  bool
		want   firewall.State
	}{
		{"unreadable, agent answers", unreadable, true, withReadBy(agentSees)},
		{"unreadable, no agent", unreadable, false, unreadable},
		{"readable: the agent is not asked", readable, true, readable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			sock := filepath.Join(dir, "none.sock")
			if tc.agent {
				sock = serveFirewall(t, dir, agentSees)
			}
			firewallRead = func(context.Context, []string) (firewall.State, error) { return tc.direct, nil }
			p, err := Open(Options{GOOS: goos, Getenv: env(map[string]string{"HOME": dir, "WSD_STATE_DIR": filepath.Join(dir, "state"), "WSD_AGENT_SOCKET": sock})})
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.readFirewall(context.Background(), nil)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			r, err := health.Fact[firewall.Reader](p.FreshEnv())
			if err != nil || r == nil {
				t.Fatalf("the checks' environment has no firewall reader (%v)", err)
			}
			eng, err := p.Engine()
			if err != nil {
				t.Fatal(err)
			}
			st, _ := eng.Env.Firewall(context.Background(), nil)
			if !reflect.DeepEqual(st, tc.want) {
				t.Fatalf("the planner reads %+v; want %+v", st, tc.want)
			}
			rep, err := p.Diagnose(context.Background(), health.Options{Only: []string{local.IDFirewall}})
			if err != nil {
				t.Fatal(err)
			}
			f := rep.Findings[0]
			if got, want := f.Evidence["read_by"], map[bool]any{true: firewall.ReadByService, false: nil}[tc.want.ReadBy != ""]; got != want {
				t.Fatalf("firewall.rules %s %s: evidence read_by %v, want %v", f.Status, f.Code, got, want)
			}
		})
	}
}

func withReadBy(st firewall.State) firewall.State {
	st.ReadBy = firewall.ReadByService
	return st
}
