//go:build e2e && linux

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/health/network"
)

// scenario is one way the world is broken and what the doctor must say.
type scenario struct {
	name   string
	break_ func(w *world) error
	env    []string // extra environment of the doctor (proxy settings)
	// uplink turns the uplink test on (catalogue uplink_target).
	uplink bool

	// overall is the report's verdict; root the check that must carry the
	// diagnosis, with its status, code and suggested fixes (all of which
	// must be present). A healthy scenario has no root and no warnings.
	overall health.Status
	root    string
	status  health.Status
	codes   []string // the root's code must be one of these
	fixes   []string
	// also lists other checks allowed to report a problem: consequences
	// the runner cannot hide because they do not depend on the root.
	also []string
	// require maps other checks to the code each must report (the local
	// firewall check telling a local drop from one on the network).
	require map[string]string

	// complete requires every network check to have run and passed (ok or
	// info): a healthy world must not hide a skipped or erroring check.
	complete bool

	// attempts > 1 reruns a scenario whose fault is random by nature.
	attempts int

	// roundTrip applies this fix for real, re-checks (must pass), undoes
	// it and compares the broken state byte for byte.
	roundTrip string

	// noFixes must not be suggested by the root (a block on the network
	// is not the local firewall's); itNote runs `wpsdoctor it` and wants
	// the request for the IT department to list the blocked hosts.
	noFixes []string
	itNote  bool
}

func nft(rules ...string) func(w *world) error {
	return func(w *world) error { return w.nft(NFTFault(rules...)) }
}

// cloudNFT filters in the cloud namespace: a firewall on the network
// path, not on the client.
func cloudNFT(rules ...string) func(w *world) error {
	return func(w *world) error {
		text := strings.ReplaceAll(NFTFault(rules...), "hook output", "hook input")
		f := w.dir + "/cloud.nft"
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			return err
		}
		return run(inNS(CloudNS, "nft", "-f", f)...)
	}
}

func answers(a Answers) func(w *world) error { return func(w *world) error { return w.setAnswers(a) } }

func scenarios() []scenario {
	return []scenario{
		{name: "healthy", break_: func(*world) error { return nil }, overall: health.StatusOK, complete: true},
		{
			name: "offline (interface down)",
			break_: func(w *world) error {
				return run("ip", "-n", ClientNS, "link", "set", ClientIf, "down")
			},
			overall: health.StatusFail, root: network.IDOnline, status: health.StatusFail,
			codes: []string{network.CodeNoRoute, network.CodeLinkDown},
		},
		{
			// The cable is out: the peer is gone, the link has no carrier
			// and its routes are marked linkdown.
			name: "offline (no carrier)",
			break_: func(w *world) error {
				return run("ip", "-n", CloudNS, "link", "set", CloudIf, "down")
			},
			overall: health.StatusFail, root: network.IDOnline, status: health.StatusFail,
			codes: []string{network.CodeLinkDown, network.CodeNoRoute},
		},
		{
			name:    "DNS down (resolver silent)",
			break_:  func(w *world) error { return w.stopISP(true) },
			overall: health.StatusFail, root: network.IDDNS, status: health.StatusFail,
			codes: []string{network.CodeDNSNoAnswer}, fixes: []string{health.FixDNSSet},
			roundTrip: health.FixDNSSet,
		},
		{
			// Every DNS packet is dropped: neither the system resolver
			// nor the public ones answer.
			name:    "DNS blocked (port 53 dropped)",
			break_:  nft("udp dport 53 drop", "tcp dport 53 drop"),
			overall: health.StatusFail, root: network.IDDNS, status: health.StatusFail,
			codes: []string{network.CodeDNSDown},
		},
		{
			name:    "DNS bogus answer (hijack)",
			break_:  answers(Bogus),
			overall: health.StatusFail, root: network.IDDNS, status: health.StatusFail,
			codes: []string{network.CodeDNSBogus}, fixes: []string{health.FixDNSSet},
			roundTrip: health.FixDNSSet,
		},
		{
			name:    "DNS private answer",
			break_:  answers(Private),
			overall: health.StatusFail, root: network.IDDNS, status: health.StatusFail,
			codes: []string{network.CodeDNSBogus}, fixes: []string{health.FixDNSSet},
		},
		{
			name:    "NXDOMAIN for the login host only",
			break_:  answers(NXLogin),
			overall: health.StatusFail, root: network.IDDNS, status: health.StatusFail,
			codes: []string{network.CodeDNSNXDomain}, fixes: []string{health.FixDNSSet},
		},
		{
			// The local rule is the cause: net.tcp and what depends on it
			// are hidden behind firewall.rules.
			name:    "443 dropped by the local firewall",
			break_:  nft("tcp dport 443 drop"),
			overall: health.StatusFail, root: local.IDFirewall, status: health.StatusFail,
			codes: []string{local.CodeFirewallBlocked}, fixes: []string{local.FixFirewall},
			require:   map[string]string{network.IDTCP: health.CodeSuppressed},
			roundTrip: health.FixFirewall,
		},
		{
			// The local firewall is clear: the block is on the network, so
			// no firewall.allow, and the request for IT lists the hosts.
			name:    "443 dropped on the network",
			break_:  cloudNFT("tcp dport 443 drop"),
			require: map[string]string{local.IDFirewall: local.CodeFirewallClear},
			overall: health.StatusFail, root: network.IDTCP, status: health.StatusFail,
			codes: []string{network.CodeTCPFiltered}, noFixes: []string{health.FixFirewall}, itNote: true,
		},
		{
			name:    "443 rejected",
			break_:  cloudNFT("tcp dport 443 reject with tcp reset"),
			require: map[string]string{local.IDFirewall: local.CodeFirewallClear},
			overall: health.StatusFail, root: network.IDTCP, status: health.StatusFail,
			codes: []string{network.CodeTCPRefused}, noFixes: []string{health.FixFirewall}, itNote: true,
		},
		{
			name:    "only port 80 blocked",
			break_:  nft("tcp dport 80 drop"),
			overall: health.StatusWarn, root: network.IDTCP, status: health.StatusWarn,
			codes: []string{network.CodeTCPPort80}, fixes: []string{health.FixFirewall},
			roundTrip: health.FixFirewall,
		},
		{
			name:    "TLS interception (untrusted CA)",
			break_:  func(w *world) error { return w.setNginx(w.siteWith("evil", false), "") },
			overall: health.StatusFail, root: network.IDTLS, status: health.StatusFail,
			codes: []string{network.CodeTLSIntercept},
		},
		{
			name:    "certificate for the wrong host",
			break_:  func(w *world) error { return w.setNginx(w.siteWith("wronghost", false), "") },
			overall: health.StatusFail, root: network.IDTLS, status: health.StatusFail,
			codes: []string{network.CodeTLSWrongHost},
		},
		{
			// The NTP server runs 10 minutes behind: this clock is 10
			// minutes ahead of it.
			name:    "clock +10 min (SNTP)",
			break_:  func(w *world) error { return w.setChrony("-10m") },
			overall: health.StatusFail, root: network.IDClock, status: health.StatusFail,
			codes: []string{network.CodeClockFail}, fixes: []string{health.FixClockSync},
		},
		{
			// UDP 123 is blocked, so only the HTTPS Date of the sign-in
			// host can tell; the servers run 10 minutes ahead.
			name: "clock -10 min, UDP 123 blocked (HTTPS Date)",
			break_: func(w *world) error {
				if err := w.setNginx(w.healthySite(), "+10m"); err != nil {
					return err
				}
				return w.nft(NFTFault("udp dport 123 drop"))
			},
			overall: health.StatusFail, root: network.IDClock, status: health.StatusFail,
			codes: []string{network.CodeClockFail}, fixes: []string{health.FixClockSync},
		},
		{
			name:    "latency 300 ms",
			break_:  func(w *world) error { return w.shape(shaping{delay: 300 * time.Millisecond}) },
			overall: health.StatusWarn, root: network.IDQuality, status: health.StatusWarn,
			codes: []string{network.CodeLatencyHigh},
		},
		{
			// Uniform delay in 0..120 ms: handshakes differ by 40 ms on
			// average, above jitter_ms (30), while the mean stays at 60.
			name: "jitter 60±60 ms",
			break_: func(w *world) error {
				return w.shape(shaping{delay: 60 * time.Millisecond, jitter: 60 * time.Millisecond})
			},
			overall: health.StatusWarn, root: network.IDQuality, status: health.StatusWarn,
			codes:    []string{network.CodeJitterHigh},
			attempts: 3, // 5 samples: about 1 run in 20 measures less than 30 ms
		},
		// Packet loss (of every packet type, both ways, with latency) is
		// TestLossy's: several rates, 10 runs each, every run judged.
		{
			name:    "healthy, uplink measured",
			break_:  func(*world) error { return nil },
			uplink:  true,
			overall: health.StatusOK, complete: true,
		},
		{
			name:    "uplink 512 kbit/s",
			break_:  func(w *world) error { return w.rate(512) },
			uplink:  true,
			overall: health.StatusWarn, root: network.IDQuality, status: health.StatusWarn,
			codes: []string{network.CodeUplinkSlow},
		},
		{
			// Enough for documents, too slow for large files: worth
			// knowing, not a problem.
			name:    "uplink 3 Mbit/s",
			break_:  func(w *world) error { return w.rate(3000) },
			uplink:  true,
			overall: health.StatusOK, root: network.IDQuality, status: health.StatusInfo,
			codes: []string{network.CodeUplinkLarge},
		},
		{
			name:    "dead proxy in the environment",
			break_:  func(*world) error { return nil },
			env:     proxyEnv(fmt.Sprintf("http://%s:%d", DeadProxyAddr, DeadProxyPort)),
			overall: health.StatusFail, root: network.IDProxy, status: health.StatusFail,
			codes: []string{network.CodeProxyDead},
			also:  []string{network.IDTCP}, // direct connections work: the proxy is in the way (proxy_e2e_test.go)
		},
		{
			name:    "captive portal",
			break_:  func(w *world) error { return w.setNginx(w.siteWith("good", true), "") },
			overall: health.StatusFail, root: network.IDCaptive, status: health.StatusFail,
			codes: []string{network.CodeCaptive},
		},
		{
			name:    "working proxy in the environment",
			break_:  func(*world) error { return nil },
			env:     proxyEnv(fmt.Sprintf("http://%s:%d", ProxyAddr, ProxyPort)),
			overall: health.StatusOK,
		},
	}
}

func proxyEnv(u string) []string {
	return []string{"HTTPS_PROXY=" + u, "HTTP_PROXY=" + u, "https_proxy=" + u, "http_proxy=" + u}
}

// networkCheckIDs are the checks the scenarios run: the network set, so
// the local WPS checks (no WPS is installed in the namespace) stay out.
func networkCheckIDs() string {
	var ids []string
	for _, c := range network.Checks() {
		ids = append(ids, c.ID)
	}
	// The local firewall check reads the client namespace's own rules.
	return strings.Join(append(ids, local.IDFirewall), ",")
}

// check runs `wpsdoctor check --json` in the client namespace.
// readmeExitCode is check's exit code per overall status, as the README
// promises it to scripts.
var readmeExitCode = map[health.Status]int{health.StatusOK: 0, health.StatusWarn: 1, health.StatusFail: 2}

func (w *world) check(ctx context.Context, sc scenario) (health.Report, doctorResult, error) {
	override := w.override
	if sc.uplink {
		override = w.overrideUplink
	}
	r := w.doctor(ctx, sc.env, "--lang", "en", "--json", "--config", override, "check", "--only", networkCheckIDs())
	var rep health.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		return rep, r, fmt.Errorf("exit %d, no JSON report: %v\nstderr: %s\nstdout: %.400s", r.code, err, r.stderr, r.stdout)
	}
	if want := readmeExitCode[rep.Overall]; r.code != want {
		return rep, r, fmt.Errorf("exit code %d does not match overall %q (want %d)", r.code, rep.Overall, want)
	}
	return rep, r, nil
}

// judge compares a report with the scenario's expectation and returns the
// problems (none means pass) and a short description of what was seen.
func judge(sc scenario, rep health.Report) (problems []string, seen string) {
	var got []string
	var root *health.Finding
	for i, f := range rep.Findings {
		if f.Check == sc.root {
			root = &rep.Findings[i]
		}
		if f.Status.Rank() >= health.StatusWarn.Rank() && f.SuppressedBy == "" {
			got = append(got, fmt.Sprintf("%s=%s/%s%v", f.Check, f.Status, f.Code, f.Fixes))
			if f.Check != sc.root && !slices.Contains(sc.also, f.Check) {
				problems = append(problems, fmt.Sprintf("unexpected %s %s %s (%s)", f.Check, f.Status, f.Code, f.Text))
			}
		}
	}
	seen = "overall=" + string(rep.Overall)
	if len(got) > 0 {
		seen += " " + strings.Join(got, " ")
	}
	if rep.Overall != sc.overall {
		problems = append(problems, fmt.Sprintf("overall %s, want %s", rep.Overall, sc.overall))
	}
	if sc.complete {
		ran := map[string]bool{}
		for _, f := range rep.Findings {
			ran[f.Check] = true
			if f.Status != health.StatusOK && f.Status != health.StatusInfo {
				problems = append(problems, fmt.Sprintf("%s is %s (%s): %s", f.Check, f.Status, f.Code, f.Text))
			}
		}
		for _, c := range network.Checks() {
			if !ran[c.ID] {
				problems = append(problems, "no finding of "+c.ID)
			}
		}
	}
	for id, code := range sc.require {
		i := slices.IndexFunc(rep.Findings, func(f health.Finding) bool { return f.Check == id })
		switch {
		case i < 0:
			problems = append(problems, "no finding of "+id)
		case rep.Findings[i].Code != code:
			problems = append(problems, fmt.Sprintf("%s code %s, want %s (%s)", id, rep.Findings[i].Code, code, rep.Findings[i].Text))
		}
	}
	if sc.root == "" {
		return problems, seen
	}
	switch {
	case root == nil:
		problems = append(problems, "no finding of "+sc.root)
	case root.SuppressedBy != "":
		problems = append(problems, fmt.Sprintf("%s suppressed by %s", sc.root, root.SuppressedBy))
	default:
		if root.Status != sc.status {
			problems = append(problems, fmt.Sprintf("%s is %s, want %s", sc.root, root.Status, sc.status))
		}
		if !slices.Contains(sc.codes, root.Code) {
			problems = append(problems, fmt.Sprintf("%s code %s, want one of %v", sc.root, root.Code, sc.codes))
		}
		for _, fx := range sc.fixes {
			if !slices.Contains(root.Fixes, fx) {
				problems = append(problems, fmt.Sprintf("%s suggests %v, want %s", sc.root, root.Fixes, fx))
			}
		}
		for _, fx := range sc.noFixes {
			if slices.Contains(root.Fixes, fx) {
				problems = append(problems, fmt.Sprintf("%s suggests %v, want no %s", sc.root, root.Fixes, fx))
			}
		}
	}
	return problems, seen
}

// TestScenarios runs the table against the real world, one verdict line
// per scenario and a closing count.
func TestScenarios(t *testing.T) {
	if theWorld == nil {
		t.Skip("e2e world not running: " + skipWhy)
	}
	w := theWorld
	ctx := context.Background()
	passed, failed := 0, 0
	var lines []string
	only := os.Getenv("E2E_ONLY") // a substring of scenario names, to debug one
	for _, sc := range scenarios() {
		if only != "" && !strings.Contains(sc.name, only) {
			continue
		}
		start := time.Now()
		problems, seen := runScenario(ctx, t, w, sc)
		verdict := "PASS"
		if len(problems) > 0 {
			verdict = "FAIL"
			failed++
		} else {
			passed++
		}
		line := fmt.Sprintf("%s  %-44s %5.1fs  %s", verdict, sc.name, time.Since(start).Seconds(), seen)
		if len(problems) > 0 {
			line += "\n      " + strings.Join(problems, "\n      ")
			t.Errorf("%s: %s", sc.name, strings.Join(problems, "; "))
		}
		fmt.Println(line)
		lines = append(lines, line)
		if err := w.heal(); err != nil {
			t.Fatalf("cannot heal the world after %q: %v", sc.name, err)
		}
	}
	summary := fmt.Sprintf("%d passed, %d failed", passed, failed)
	fmt.Println(summary)
	t.Log("\n" + strings.Join(lines, "\n") + "\n" + summary)
}

// runScenario breaks the world, checks, and (when asked) applies the fix
// for real, re-checks and undoes it.
func runScenario(ctx context.Context, t *testing.T, w *world, sc scenario) (problems []string, seen string) {
	attempts := max(sc.attempts, 1)
	for a := 1; a <= attempts; a++ {
		if err := sc.break_(w); err != nil {
			return []string{"cannot inject the fault: " + err.Error()}, ""
		}
		rep, _, err := w.check(ctx, sc)
		if err != nil {
			return []string{err.Error()}, ""
		}
		problems, seen = judge(sc, rep)
		if sc.itNote && len(problems) == 0 {
			problems = w.checkITNote(ctx, sc, rep)
		}
		if os.Getenv("E2E_EVIDENCE") != "" {
			for _, f := range rep.Findings {
				if f.Check == sc.root || sc.root == "" && f.Status != health.StatusOK {
					ev, _ := json.Marshal(f.Evidence)
					fmt.Printf("      evidence %s %s: %s\n", f.Check, f.Code, ev)
				}
			}
		}
		if attempts > 1 {
			seen += fmt.Sprintf(" (attempt %d of %d)", a, attempts)
		}
		if len(problems) == 0 || a == attempts {
			break
		}
		if err := w.heal(); err != nil {
			return []string{"cannot heal between attempts: " + err.Error()}, seen
		}
	}
	if len(problems) > 0 || sc.roundTrip == "" {
		return problems, seen
	}
	rt, err := w.roundTrip(ctx, sc)
	if err != nil {
		return append(problems, "fix round trip: "+err.Error()), seen
	}
	return problems, seen + " | " + rt
}
