package fixes

import (
	"context"
	"slices"
	"testing"

	"wpsdoctor/health"
)

// TestCategoryOfEveryPlannedAction: the category the agent's policy is
// checked against, told from each action's shape, is the fix that planned
// the action (or dns.flush, which dns.set runs after it), for every elevated action of every fix on every OS (the
// scenarios of the allowlist test).
func TestCategoryOfEveryPlannedAction(t *testing.T) {
	n := 0
	seen := map[string]bool{}
	for _, sc := range privilegedScenarios(t) {
		for _, id := range sc.fixes {
			p, err := (&Engine{Fixes: Catalogue(), Env: sc.env}).Plan(context.Background(), id)
			if err != nil {
				t.Fatalf("%s: plan %s: %v", sc.name, id, err)
			}
			for i, s := range p.Steps {
				if !s.Elevated && !s.ElevateOnFailure {
					continue
				}
				for _, a := range append(slices.Clone(s.Actions), s.Undo...) {
					got, err := PrivilegedCategory(a)
					// dns.set flushes the cache after it changes the servers.
					flushAfterSet := id == health.FixDNSSet && got == health.FixDNSFlush
					if err != nil || got != id && !flushAfterSet {
						t.Errorf("%s %s step %d: %s: got category %q (%v), want %q", sc.name, id, i+1, a, got, err, id)
					}
					n++
					seen[got] = true
				}
			}
		}
	}
	for _, want := range []string{health.FixDNSSet, health.FixDNSFlush, health.FixClockSync, health.FixFirewall} {
		if !seen[want] {
			t.Errorf("no planned action has category %s", want)
		}
	}
	t.Logf("%d actions categorised", n)
}

func TestCategoryRefusesUnknownActions(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Action
	}{
		{"shell", Action{Kind: KindExec, Argv: []string{"sh", "-c", "id"}}},
		{"dns set with an option", Action{Kind: KindExec, Argv: []string{"resolvectl", "dns", "--help", "1.1.1.1"}}},
		{"other file", Action{Kind: KindWriteFile, Path: "/etc/passwd", Data: []byte("x")}},
		{"quarantine", Action{Kind: KindQuarantine, Path: "/tmp/x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := PrivilegedCategory(tc.a); err == nil {
				t.Fatalf("got category %q, want an error", got)
			}
		})
	}
	got, err := RequestCategories([][]Action{
		{{Kind: KindExec, Argv: []string{"resolvectl", "dns", "eth0", "1.1.1.1"}}},
		{{Kind: KindExec, Argv: []string{"chronyc", "makestep"}}, {Kind: KindExec, Argv: []string{"resolvectl", "revert", "eth0"}}},
	})
	if want := []string{health.FixClockSync, health.FixDNSSet}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("RequestCategories: got %v, %v; want %v", got, err, want)
	}
}
