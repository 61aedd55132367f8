//go:build e2e && linux

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/health/network"
)

// checkITNote runs `wpsdoctor it` in the client namespace and wants the
// request for the IT department: every host net.tcp found blocked, the
// wildcard of each of their families' domains, TCP 443, and each blocked
// host:port under "what was measured".
func (w *world) checkITNote(ctx context.Context, sc scenario, rep health.Report) []string {
	var blocked []string
	for _, f := range rep.Findings {
		if f.Check != network.IDTCP {
			continue
		}
		if !health.IsBlockedOnNetwork(f) {
			return []string{fmt.Sprintf("net.tcp evidence has no %s=%s: %v", health.EvidenceBlockedOn, health.BlockedOnNetwork, f.Evidence)}
		}
		b, _ := json.Marshal(f.Evidence["connections"])
		var conns []struct {
			Host   string                   `json:"host"`
			Port   int                      `json:"port"`
			Result struct{ Outcome string } `json:"result"`
		}
		_ = json.Unmarshal(b, &conns)
		for _, c := range conns {
			if c.Result.Outcome != "ok" {
				blocked = append(blocked, fmt.Sprintf("%s:%d", c.Host, c.Port))
			}
		}
	}
	if len(blocked) == 0 {
		return []string{"net.tcp lists no blocked connection"}
	}
	r := w.doctor(ctx, sc.env, "--lang", "en", "--config", w.override, "it", "--only", networkCheckIDs())
	if r.code != 0 {
		return []string{fmt.Sprintf("wpsdoctor it: exit %d: %s", r.code, r.stderr)}
	}
	var problems []string
	want := []string{"Request to the IT department", "TCP 443"}
	for _, h := range Hosts {
		if slices.ContainsFunc(blocked, func(b string) bool { return strings.HasPrefix(b, h.Name+":") }) {
			want = append(want, "  "+h.Name+"\n")
			for _, d := range Families[h.Family] {
				want = append(want, "*."+d)
			}
		}
	}
	for _, b := range blocked {
		want = append(want, "  "+b)
	}
	for _, s := range want {
		if !strings.Contains(r.stdout, s) {
			problems = append(problems, fmt.Sprintf("wpsdoctor it does not list %q", strings.TrimSpace(s)))
		}
	}
	if len(problems) > 0 {
		problems = append(problems, "it printed:\n"+r.stdout)
	}
	return problems
}
