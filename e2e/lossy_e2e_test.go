//go:build e2e && linux

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/health/network"
)

// A lossy link loses a share of every packet, DNS and NTP included, in
// both directions, and delays them: real Wi-Fi and mobile links. The
// client's egress goes through the shaping wire (delay + loss of every
// packet type); its ingress loses the same share in the cloud namespace's
// output hook, so the client's own firewall rules stay empty.
type lossyLink struct {
	lossPercent int
	latency     time.Duration
}

func (l lossyLink) String() string {
	return fmt.Sprintf("lossy %2d %% / %d ms", l.lossPercent, l.latency.Milliseconds())
}

// lossyLinks span the range: 5-25 % loss, 100-400 ms latency.
var lossyLinks = []lossyLink{
	{5, 100 * time.Millisecond},
	{10, 200 * time.Millisecond},
	{15, 300 * time.Millisecond},
	{25, 400 * time.Millisecond},
}

// lossyRuns is how many runs in a row each link gets: E2E_LOSSY_RUNS, 10
// by default (the acceptance).
func lossyRuns() int {
	if n, err := strconv.Atoi(os.Getenv("E2E_LOSSY_RUNS")); err == nil && n > 0 {
		return n
	}
	return 10
}

// ingressLossRules drop the share of the cloud's packets to the client.
func ingressLossRules(percent int) string {
	return fmt.Sprintf("table inet %s {\n  chain output {\n    type filter hook output priority 0; policy accept;\n"+
		"    ip daddr %s numgen random mod 100 < %d drop\n  }\n}\n", FaultTable, ClientAddr, percent)
}

func (w *world) lossy(l lossyLink) error {
	if err := w.shape(shaping{delay: l.latency, lossPercent: float64(l.lossPercent)}); err != nil {
		return err
	}
	f := w.dir + "/cloud-loss.nft"
	if err := os.WriteFile(f, []byte(ingressLossRules(l.lossPercent)), 0o644); err != nil {
		return err
	}
	return run(inNS(CloudNS, "nft", "-f", f)...)
}

// judgeLossy demands that net.quality carries the diagnosis: it warns or
// fails with a loss, latency or jitter code, every other problem is
// hidden behind it, and nothing suggests a DNS or firewall change (loss is
// not fixed by either).
func judgeLossy(rep health.Report) (problems []string, seen string) {
	var q *health.Finding
	var got []string
	for i, f := range rep.Findings {
		if f.Check == network.IDQuality {
			q = &rep.Findings[i]
		}
		for _, fx := range f.Fixes {
			if fx == health.FixDNSSet || fx == health.FixFirewall {
				problems = append(problems, fmt.Sprintf("%s %s suggests %s (%s)", f.Check, f.Code, fx, f.Text))
			}
		}
		if f.SuppressedBy != "" && f.SuppressedBy != network.IDQuality {
			problems = append(problems, fmt.Sprintf("%s hidden behind %s, not %s", f.Check, f.SuppressedBy, network.IDQuality))
		}
		if f.Status.Rank() >= health.StatusWarn.Rank() && f.SuppressedBy == "" {
			got = append(got, fmt.Sprintf("%s=%s/%s", f.Check, f.Status, f.Code))
			if f.Check != network.IDQuality {
				problems = append(problems, fmt.Sprintf("unexpected %s %s %s (%s)", f.Check, f.Status, f.Code, f.Text))
			}
		}
	}
	seen = "overall=" + string(rep.Overall) + " " + strings.Join(got, " ")
	switch {
	case q == nil:
		problems = append(problems, "no finding of "+network.IDQuality)
	case q.Status != health.StatusWarn && q.Status != health.StatusFail:
		problems = append(problems, fmt.Sprintf("%s is %s %s, want warn or fail", q.Check, q.Status, q.Code))
	case !slices.Contains([]string{network.CodeLossHigh, network.CodeLatencyHigh, network.CodeJitterHigh}, q.Code):
		problems = append(problems, fmt.Sprintf("%s code %s, want loss, latency or jitter", q.Check, q.Code))
	}
	return problems, seen
}

// TestLossy runs each lossy link lossyRuns() times in a row and tallies
// the runs that name net.quality as the cause; every run must.
func TestLossy(t *testing.T) {
	if theWorld == nil {
		t.Skip("e2e world not running: " + skipWhy)
	}
	w := theWorld
	ctx := context.Background()
	only := os.Getenv("E2E_ONLY")
	runs := lossyRuns()
	var tally []string
	for _, l := range lossyLinks {
		if only != "" && !strings.Contains(l.String(), only) {
			continue
		}
		start := time.Now()
		named := 0
		verdicts := map[string]int{} // net.quality's status/code per run
		var slowest time.Duration
		for i := 1; i <= runs; i++ {
			if err := w.lossy(l); err != nil {
				t.Fatalf("%s: cannot shape the link: %v", l, err)
			}
			rep, r, err := w.check(ctx, scenario{})
			slowest = max(slowest, r.took)
			var problems []string
			seen := ""
			if err != nil {
				problems = []string{err.Error()}
			} else {
				problems, seen = judgeLossy(rep)
			}
			for _, f := range rep.Findings {
				if f.Check == network.IDQuality {
					verdicts[string(f.Status)+" "+f.Code]++
				}
			}
			if len(problems) == 0 {
				named++
			} else {
				t.Errorf("%s run %d: %s", l, i, strings.Join(problems, "; "))
				fmt.Printf("FAIL  %s run %d  %s\n      %s\n", l, i, seen, strings.Join(problems, "\n      "))
				if os.Getenv("E2E_EVIDENCE") != "" {
					for _, f := range rep.Findings {
						if f.Status.Rank() >= health.StatusWarn.Rank() || f.Check == network.IDQuality {
							ev, _ := json.Marshal(f.Evidence)
							fmt.Printf("      evidence %s %s: %s\n", f.Check, f.Code, ev)
						}
					}
				}
			}
			if err := w.heal(); err != nil {
				t.Fatalf("cannot heal the world after %s: %v", l, err)
			}
		}
		var vs []string
		for v, n := range verdicts {
			vs = append(vs, fmt.Sprintf("%dx %s", n, v))
		}
		slices.Sort(vs)
		line := fmt.Sprintf("%s: %d/%d runs named %s (%.1fs, slowest check %.1fs; %s: %s)",
			l, named, runs, network.IDQuality, time.Since(start).Seconds(), slowest.Seconds(),
			network.IDQuality, strings.Join(vs, ", "))
		fmt.Println(line)
		tally = append(tally, line)
	}
	t.Log("\n" + strings.Join(tally, "\n"))
}
