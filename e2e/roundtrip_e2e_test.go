//go:build e2e && linux

package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"wpsdoctor/health"
)

// snapshot is the state a fix changes, as bytes: the client's resolv.conf
// (bound over /etc/resolv.conf in its namespace) for dns.set, the client
// namespace's whole nftables ruleset for firewall.allow.
func (w *world) snapshot(fix string) (string, error) {
	switch fix {
	case health.FixDNSSet:
		b, err := os.ReadFile(clientResolvConf)
		return string(b), err
	case health.FixFirewall:
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
	// Every step runs even when an earlier one disappoints, so the journal
	// never keeps an applied entry that a later scenario's undo could pick.
	var problems []string
	r := w.doctor(ctx, sc.env, "--lang", "en", "--config", w.override, "fix", fix, "--yes")
	if r.code != 0 {
		problems = append(problems, fmt.Sprintf("`fix %s --yes` exit %d (0 = fixed): %s",
			fix, r.code, lastLines(r.stdout+r.stderr, 4)))
	}
	fixed, err := w.snapshot(fix)
	if err != nil {
		return "", err
	}
	if fixed == before {
		return "", fmt.Errorf("`fix %s` changed nothing (exit %d): %s", fix, r.code, lastLines(r.stdout+r.stderr, 6))
	}
	if rep, _, err := w.check(ctx, sc); err != nil {
		problems = append(problems, "after the fix: "+err.Error())
	} else if bad, seen := judge(scenario{overall: health.StatusOK}, rep); len(bad) > 0 {
		problems = append(problems, fmt.Sprintf("a fresh check after the fix still fails: %s (%s)", strings.Join(bad, "; "), seen))
	}
	u := w.doctor(ctx, sc.env, "--lang", "en", "--config", w.override, "undo", "--last")
	if u.code != 0 {
		return "", fmt.Errorf("%s`undo --last` exit %d: %s", joinProblems(problems), u.code, lastLines(u.stdout+u.stderr, 6))
	}
	after, err := w.snapshot(fix)
	if err != nil {
		return "", err
	}
	if after != before {
		return "", fmt.Errorf("%sundo did not restore the state byte for byte:\n--- before fix\n%s\n--- after undo\n%s",
			joinProblems(problems), before, after)
	}
	if rep, _, err := w.check(ctx, sc); err != nil {
		problems = append(problems, "after undo: "+err.Error())
	} else if bad, _ := judge(sc, rep); len(bad) > 0 {
		problems = append(problems, "after undo the fault is not diagnosed again: "+strings.Join(bad, "; "))
	}
	if len(problems) > 0 {
		return "", errors.New(strings.Join(problems, "; "))
	}
	return fmt.Sprintf("fix %s: fresh check passes; undo restored %d bytes exactly", fix, len(before)), nil
}

func joinProblems(p []string) string {
	if len(p) == 0 {
		return ""
	}
	return strings.Join(p, "; ") + "; "
}

// lastLines keeps the tail of a command's output for a verdict line.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
