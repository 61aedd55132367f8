package fixes

import (
	"context"
	"fmt"
	"testing"
)

// viaElevator is an elevator that says it is the agent.
type viaElevator struct {
	err error
	ran int
}

func (v *viaElevator) RunElevated(ctx context.Context, entry string, steps [][]Action) ([]StepResult, error) {
	r, _, err := v.RunElevatedVia(ctx, entry, steps)
	return r, err
}

func (v *viaElevator) RunElevatedVia(_ context.Context, _ string, steps [][]Action) ([]StepResult, string, error) {
	v.ran++
	if v.err != nil {
		return nil, "agent", v.err
	}
	out := make([]StepResult, len(steps))
	for i := range out {
		out[i].Done = true
	}
	return out, "agent", nil
}

// plainElevator is an elevator that does not say (the helper's prompt).
type plainElevator struct{ v viaElevator }

func (p *plainElevator) RunElevated(ctx context.Context, entry string, steps [][]Action) ([]StepResult, error) {
	return p.v.RunElevated(ctx, entry, steps)
}

func TestResultSaysHowStepsWereElevated(t *testing.T) {
	step := Step{Elevated: true, Actions: []Action{{Kind: KindExec, Argv: []string{"timedatectl", "set-ntp", "true"}}},
		Undo: []Action{{Kind: KindExec, Argv: []string{"timedatectl", "set-ntp", "false"}}}}
	for _, tc := range []struct {
		name        string
		el          Elevator
		wantVia     string
		wantOutcome Outcome
	}{
		{"the agent", &viaElevator{}, "agent", OutcomeApplied},
		{"a prompt", &plainElevator{}, "prompt", OutcomeApplied},
		{"refused by the policy", &viaElevator{err: fmt.Errorf("%w: not dns.set", ErrPolicy)}, "agent", OutcomeDenied},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j, err := OpenJournal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			e := &Engine{Journal: j, Elevator: tc.el, Local: &Executor{OS: "linux"}}
			res, err := e.Apply(context.Background(), Plan{FixID: "clock.sync", Steps: []Step{step}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.ElevatedBy != tc.wantVia || res.Outcome != tc.wantOutcome {
				t.Fatalf("got elevated_by %q, outcome %s (%s); want %q, %s", res.ElevatedBy, res.Outcome, res.Error, tc.wantVia, tc.wantOutcome)
			}
			if res.Outcome != OutcomeApplied {
				return
			}
			u, err := e.Undo(context.Background(), res.EntryID, nil)
			if err != nil || u.Outcome != OutcomeUndone || u.ElevatedBy != tc.wantVia {
				t.Fatalf("undo: got %s, elevated_by %q, %v; want undone by %q", u.Outcome, u.ElevatedBy, err, tc.wantVia)
			}
		})
	}
}

// TestAlreadyElevatedStepsAreValidated: in a process that already has
// administrator rights, an elevated step runs here, and only if every
// action passes the same allowlist the helper and the agent apply.
func TestAlreadyElevatedStepsAreValidated(t *testing.T) {
	for _, tc := range []struct {
		name    string
		argv    []string
		wantRan bool
	}{
		{"an allowlisted argv runs", []string{"timedatectl", "set-ntp", "true"}, true},
		{"anything else is refused", []string{"sh", "-c", "id"}, false},
		{"an allowlisted program with other arguments is refused", []string{"timedatectl", "set-time", "2020-01-01"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j, err := OpenJournal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			fr := &fakeRun{}
			e := &Engine{Journal: j, Elevated: true, Local: &Executor{OS: "linux", Run: fr.run}}
			step := Step{Elevated: true, Actions: []Action{{Kind: KindExec, Argv: tc.argv}}}
			res, _ := e.Apply(context.Background(), Plan{FixID: "clock.sync", Steps: []Step{step}}, nil)
			if ran := len(fr.calls) > 0; ran != tc.wantRan {
				t.Fatalf("ran %v (calls %q, outcome %s, error %q), want ran %v", ran, fr.calls, res.Outcome, res.Error, tc.wantRan)
			}
			if !tc.wantRan && res.Outcome == OutcomeApplied {
				t.Errorf("outcome: got %s, want not applied", res.Outcome)
			}
		})
	}
}
