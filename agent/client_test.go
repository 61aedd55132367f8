//go:build !windows

package agent

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"wpsdoctor/fixes"
)

type fallback struct{ ran int }

func (f *fallback) RunElevated(_ context.Context, _ string, steps [][]fixes.Action) ([]fixes.StepResult, error) {
	f.ran++
	return make([]fixes.StepResult, len(steps)), nil
}

func TestPreferAgent(t *testing.T) {
	ctx := context.Background()
	ta := startAgent(t, "", user1000)
	if !Ping(ctx, ta.socket) {
		t.Fatal("Ping on a running agent: got false")
	}
	missing := filepath.Join(t.TempDir(), "none.sock")
	if Ping(ctx, missing) {
		t.Fatal("Ping without an agent: got true")
	}
	for _, tc := range []struct {
		name, socket, via string
		steps             [][]fixes.Action
		policy, fellBack  bool
	}{
		{"agent runs clock.sync", ta.socket, ViaAgent, clockFix, false, false},
		{"agent refuses dns.set: no prompt behind the user's back", ta.socket, ViaAgent, dnsSet, true, false},
		{"no agent: the prompt", missing, ViaPrompt, dnsSet, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fb := &fallback{}
			_, via, err := Prefer{Socket: tc.socket, Fallback: fb}.RunElevatedVia(ctx, "e", tc.steps)
			if via != tc.via || errors.Is(err, fixes.ErrPolicy) != tc.policy || (fb.ran > 0) != tc.fellBack {
				t.Fatalf("got via %q, err %v, fallback ran %d; want via %q, policy error %v, fallback %v", via, err, fb.ran, tc.via, tc.policy, tc.fellBack)
			}
			if !tc.policy && err != nil {
				t.Fatal(err)
			}
		})
	}
}
