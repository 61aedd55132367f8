//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/health/network"
)

// snapshot is the state a fix changes, as bytes: the client's resolv.conf
// (bound over /etc/resolv.conf in its namespace) for dns.set, the client
// namespace's whole nftables ruleset for firewall.allow.
func (w *world) snapshot(fix string) (string, error) {
	switch fix {
	case network.FixDNSSet:
		b, err := os.ReadFile(clientResolvConf)
		return string(b), err
	case network.FixFirewallAllow:
		return output(inNS(ClientNS, "nft", "list", "ruleset")...)
	}
	return "", fmt.Errorf("no snapshot for fix %q", fix)
}

// roundTrip applies sc.roundTrip for real in the client namespace, checks
// that the diagnosis is gone, undoes the fix, and checks that the broken
// state is back byte for byte and diagnosed again.
func (w *world) roundTrip(ctx context.Context, sc scenario) (string, error) {
	fix := sc.roundTrip
	before, err := w.snapshot(fix)
	if err != nil {
		return "", err
	}
	r := w.doctor(ctx, sc.env, "--lang", "en", "--config", w.override, "fix", fix, "--yes")
	if r.code != 0 {
		return "", fmt.Errorf("`fix %s --yes` exit %d:\n%s%s", fix, r.code, r.stdout, r.stderr)
	}
	fixed, err := w.snapshot(fix)
	if err != nil {
		return "", err
	}
	if fixed == before {
		return "", fmt.Errorf("`fix %s` reported success but changed nothing:\n%s", fix, r.stdout)
	}
	rep, _, err := w.check(ctx, sc.env)
	if err != nil {
		return "", fmt.Errorf("after the fix: %v", err)
	}
	healthy := scenario{name: sc.name + " (fixed)", overall: health.StatusOK}
	if problems, seen := judge(healthy, rep); len(problems) > 0 {
		return "", fmt.Errorf("after `fix %s` the check still fails: %s (%s)", fix, strings.Join(problems, "; "), seen)
	}
	u := w.doctor(ctx, sc.env, "--lang", "en", "--config", w.override, "undo", "--last", "--yes")
	if u.code != 0 {
		return "", fmt.Errorf("`undo --last` exit %d:\n%s%s", u.code, u.stdout, u.stderr)
	}
	after, err := w.snapshot(fix)
	if err != nil {
		return "", err
	}
	if after != before {
		return "", fmt.Errorf("undo did not restore the state byte for byte:\n--- before fix\n%s\n--- after undo\n%s", before, after)
	}
	rep, _, err = w.check(ctx, sc.env)
	if err != nil {
		return "", fmt.Errorf("after undo: %v", err)
	}
	if problems, _ := judge(sc, rep); len(problems) > 0 {
		return "", fmt.Errorf("after undo the fault is not diagnosed again: %s", strings.Join(problems, "; "))
	}
	return fmt.Sprintf("fix %s: check passes; undo restored %d bytes exactly", fix, len(before)), nil
}
