package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/health/network"
	"wpsdoctor/netprobe/probetest"
)

// blackholeAddr is the loopback address the namespace drops every packet
// to (127.0.0.1 keeps working for the DNS servers that point there).
const blackholeAddr = "127.0.0.2"

// The nftables ruleset loaded inside the namespace only. It drops on the
// way in: a drop in the output hook would fail the sender's write with
// EPERM at once, while a real black hole is silence.
const blackholeRules = `table inet wsdbench {
	chain input {
		type filter hook input priority 0; policy accept;
		ip daddr ` + blackholeAddr + ` drop
	}
}
`

// blackholeResult is what the child reports for one variant.
type blackholeResult struct {
	Variant          string `json:"variant"`
	WallMS           int64  `json:"wall_ms"`
	GoroutinesBefore int    `json:"goroutines_before"`
	GoroutinesAfter  int    `json:"goroutines_after"`
	Worst            string `json:"worst"` // slowest check and its code
}

// figureBlackhole: every catalogue host drops packets. Needs root for a
// private network namespace (`ip netns add wsdbench-PID`) whose nftables
// drop everything sent to 127.0.0.2; the checks run in a child process
// inside it, in process through health.Runner so goroutines can be
// counted. The namespace is deleted whatever happens.
func figureBlackhole(ctx context.Context, cfg config) error {
	if os.Geteuid() != 0 {
		fmt.Println("black_holed: skipped (needs root for a network namespace)")
		return nil
	}
	for _, tool := range []string{"ip", "nft"} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Printf("black_holed: skipped (%s missing: install iproute2 and nftables)\n", tool)
			return nil
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	ns := fmt.Sprintf("wsdbench-%d", os.Getpid())
	if out, err := exec.CommandContext(ctx, "ip", "netns", "add", ns).CombinedOutput(); err != nil {
		return fmt.Errorf("ip netns add %s: %v: %s", ns, err, out)
	}
	// Deleted with a fresh context: an interrupt must still clean up.
	defer exec.Command("ip", "netns", "delete", ns).Run()
	if out, err := exec.CommandContext(ctx, "ip", "-n", ns, "link", "set", "lo", "up").CombinedOutput(); err != nil {
		return fmt.Errorf("lo up in %s: %v: %s", ns, err, out)
	}
	nft := exec.CommandContext(ctx, "ip", "netns", "exec", ns, "nft", "-f", "-")
	nft.Stdin = strings.NewReader(blackholeRules)
	if out, err := nft.CombinedOutput(); err != nil {
		return fmt.Errorf("nft in %s: %v: %s", ns, err, out)
	}
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	child := exec.CommandContext(cctx, "ip", "netns", "exec", ns, self, "blackhole-child")
	child.Stderr = os.Stderr
	out, err := child.Output()
	if err != nil {
		return fmt.Errorf("child in %s: %v", ns, err)
	}
	var results []blackholeResult
	if err := json.Unmarshal(out, &results); err != nil {
		return fmt.Errorf("child output: %v: %q", err, out)
	}
	const goal = 8 * time.Second
	for _, r := range results {
		wall := time.Duration(r.WallMS) * time.Millisecond
		leak := "no goroutine leak"
		if r.GoroutinesAfter > r.GoroutinesBefore {
			leak = fmt.Sprintf("LEAK: %d goroutines left", r.GoroutinesAfter-r.GoroutinesBefore)
		}
		line("black_holed_"+r.Variant, wall.Seconds(), "s",
			fmt.Sprintf("%.2fx the 8 s goal; goroutines %d before, %d after; %s; slowest %s",
				wall.Seconds()/goal.Seconds(), r.GoroutinesBefore, r.GoroutinesAfter, leak, r.Worst))
	}
	return nil
}

// blackholeChild runs inside the namespace: two variants, JSON on stdout.
//   - endpoints: DNS answers (on 127.0.0.1), every endpoint and NTP server
//     is black-holed: TCP/TLS/quality/clock/region probes time out.
//   - everything: the resolvers are black-holed too.
func blackholeChild([]string) int {
	var out []blackholeResult
	for _, v := range []string{"endpoints", "everything"} {
		r, err := blackholeRun(v)
		if err != nil {
			fmt.Fprintf(os.Stderr, "blackhole-child %s: %v\n", v, err)
			return 1
		}
		out = append(out, r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		return 1
	}
	return 0
}

func blackholeRun(variant string) (blackholeResult, error) {
	res := blackholeResult{Variant: variant}
	script := map[string]probetest.Answer{}
	for _, n := range worldNames {
		script[n] = probetest.Answer{Addrs: []string{blackholeAddr}}
	}
	dns, err := probetest.StartDNS(script)
	if err != nil {
		return res, err
	}
	defer dns.Close()
	resolver := dns.Addr
	if variant == "everything" {
		resolver = blackholeAddr + ":53"
	}
	toml := fmt.Sprintf(`
[families.mainland]
name = "Bench mainland"
domains = ["wps.test"]
resolvers = [%[1]q]
ntp = ["%[2]s:123"]
  [[families.mainland.endpoints]]
  host = "account.wps.test"
  role = "login"
  ports = [443, 80]
  [[families.mainland.endpoints]]
  host = "drive.wps.test"
  role = "drive"
  ports = [443]

[families.international]
name = "Bench international"
domains = ["wpsintl.test"]
resolvers = [%[1]q]
ntp = ["%[2]s:123"]
  [[families.international.endpoints]]
  host = "account.wpsintl.test"
  role = "login"
  ports = [443]
`, resolver, blackholeAddr)
	cat, err := catalog.LoadBytes([]byte(toml), "bench-blackhole")
	if err != nil {
		return res, err
	}
	checks := network.ChecksWith(network.Options{SystemResolver: resolver, Info: onlineInfo{}})
	r := health.Runner{Checks: checks, DefaultTimeout: health.DefaultTimeout, Deadline: health.Deadline}

	runtime.GC()
	res.GoroutinesBefore = runtime.NumGoroutine()
	start := time.Now()
	fs := r.Run(context.Background(), mainlandEnv(cat))
	res.WallMS = time.Since(start).Milliseconds()
	if os.Getenv("WSD_BENCH_DEBUG") != "" {
		for _, f := range fs {
			fmt.Fprintf(os.Stderr, "%s %s %s %d ms %v %v\n", f.Check, f.Status, f.Code, f.DurationMS, f.Message, f.Evidence)
		}
	}
	var worst health.Finding
	for _, f := range fs {
		if f.DurationMS >= worst.DurationMS {
			worst = f
		}
	}
	res.Worst = fmt.Sprintf("%s %s %s %d ms", worst.Check, worst.Status, worst.Code, worst.DurationMS)
	if len(fs) == 0 {
		return res, errors.New("no findings")
	}
	// Abandoned probes end when their context does; give them a bounded
	// moment (not part of the wall time) before counting.
	for i := 0; i < 50 && runtime.NumGoroutine() > res.GoroutinesBefore; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	res.GoroutinesAfter = runtime.NumGoroutine()
	return res, nil
}
