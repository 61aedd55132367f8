//go:build !windows

package agent

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"wpsdoctor/platform/firewall"
)

var nftState = firewall.State{OS: "linux", Backend: firewall.BackendNFT, Chains: []firewall.Chain{
	{Family: "inet", Table: "filter", Name: "output", Policy: "accept", Filters: true, DropsWeb: true},
}}

func inspectReq(query string) []byte {
	b, _ := json.Marshal(Request{Version: Version, Op: OpInspect, Query: query})
	return frame(b)
}

// TestServerInspect: the fixed query is answered with what the agent's
// own read finds, for users the policy lets use the agent; an unknown
// name, a denied user or a broken policy is refused and journaled; a read
// that fails or an answer over MaxAnswer is journaled as failed; the agent
// serves on after each.
func TestServerInspect(t *testing.T) {
	huge := firewall.State{Backend: firewall.BackendNFT}
	for range MaxAnswer / 40 {
		huge.Chains = append(huge.Chains, firewall.Chain{Family: "inet", Table: "t", Name: "c"})
	}
	for _, tc := range []struct {
		name, policy, query string
		peer                Peer
		read                firewall.State
		readErr             error
		refused, outcome    string
		words               string
	}{
		{"user reads the ruleset", "", QueryFirewallRuleset, user1000, nftState, nil, "", "done", ""},
		{"unknown query", "", "etc-shadow", user1000, nftState, nil, RefusedQuery, "refused", `unknown query "etc-shadow"`},
		{"denied user", "[agent]\ndenied_users = [\"alice\"]\n", QueryFirewallRuleset, user1000, nftState, nil, RefusedPeer, "refused", "does not let alice use"},
		{"group not allowed", "[agent]\nallowed_groups = [\"wheel\"]\n", QueryFirewallRuleset, user1000, nftState, nil, RefusedPeer, "refused", "only members of wheel"},
		{"broken policy", "[agent\n", QueryFirewallRuleset, user1000, nftState, nil, RefusedPolicy, "refused", "cannot be used"},
		{"broken policy, administrator", "[agent\n", QueryFirewallRuleset, Peer{UID: 0, Name: "root", Admin: true}, nftState, nil, "", "done", ""},
		{"read fails", "", QueryFirewallRuleset, user1000, firewall.State{}, errors.New("nft: exit 1"), "", "failed", "nft: exit 1"},
		{"answer over the limit", "", QueryFirewallRuleset, user1000, huge, nil, "", "failed", "over the 262144-byte limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reads := 0
			ta := startAgentWith(t, tc.policy, tc.peer, func(s *Server) {
				s.FirewallRead = func(_ context.Context, apps []string) (firewall.State, error) {
					reads++
					if apps != nil {
						t.Errorf("the query read with programs %q; want none from the client", apps)
					}
					return tc.read, tc.readErr
				}
			})
			r := ta.raw(t, inspectReq(tc.query))
			if r.Refused != tc.refused || !strings.Contains(r.Error, tc.words) {
				t.Fatalf("got refused %q (%s); want %q with %q", r.Refused, r.Error, tc.refused, tc.words)
			}
			if tc.outcome == "done" && (r.Firewall == nil || !reflect.DeepEqual(*r.Firewall, tc.read) || r.Error != "") {
				t.Fatalf("got firewall %+v, error %q; want %+v", r.Firewall, r.Error, tc.read)
			}
			if tc.outcome != "done" && r.Firewall != nil {
				t.Fatalf("got a firewall state with outcome %s: %+v", tc.outcome, r.Firewall)
			}
			if wantReads := map[bool]int{true: 0, false: 1}[tc.refused != ""]; reads != wantReads {
				t.Fatalf("read the firewall %d times, want %d", reads, wantReads)
			}
			recs := ta.records(t)
			last := recs[len(recs)-1]
			if len(recs) != 1 || last.Outcome != tc.outcome || last.Refused != tc.refused || last.UID != tc.peer.UID || len(last.Actions) != 0 {
				t.Fatalf("journal %+v; want one record of uid %d, outcome %s, refused %q, no actions", recs, tc.peer.UID, tc.outcome, tc.refused)
			}
			if tc.refused != RefusedQuery && last.Query != QueryFirewallRuleset {
				t.Fatalf("journal record %+v; want the query named", last)
			}
			if ok := ta.raw(t, runReq("e-ok", clockFix)); tc.peer.Admin && ok.ExitStatus != 0 {
				t.Fatalf("a run after the query: %+v", ok)
			}
			if !Ping(context.Background(), ta.socket) {
				t.Fatal("the agent stopped answering after the query")
			}
		})
	}
}

// TestReadFirewall: the client's side of the query.
func TestReadFirewall(t *testing.T) {
	ta := startAgentWith(t, "", user1000, func(s *Server) {
		s.FirewallRead = func(context.Context, []string) (firewall.State, error) { return nftState, nil }
	})
	st, err := ReadFirewall(context.Background(), ta.socket)
	if err != nil || !reflect.DeepEqual(st, nftState) {
		t.Fatalf("got %+v, %v; want %+v", st, err, nftState)
	}
	denied := startAgentWith(t, "[agent]\ndenied_users = [\"alice\"]\n", user1000, nil)
	if _, err := ReadFirewall(context.Background(), denied.socket); err == nil || !strings.Contains(err.Error(), "does not let alice") {
		t.Fatalf("a denied user: got %v; want the policy's refusal", err)
	}
	if _, err := ReadFirewall(context.Background(), denied.socket+".none"); err == nil {
		t.Fatal("no agent: got no error")
	}
}
