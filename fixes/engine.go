package fixes

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/elevate"
)

var (
	// ErrRefused: the plan carries a refusal; nothing was changed.
	ErrRefused = errors.New("this fix must not run here")
	// ErrNothingToDo: the plan has no steps.
	ErrNothingToDo = errors.New("nothing to do")
	// ErrNotUndoable: the entry has nothing undo could restore.
	ErrNotUndoable = errors.New("nothing to undo for this entry")
	// ErrUnknownFix / ErrUnknownEntry name bad IDs.
	ErrUnknownFix   = errors.New("unknown fix")
	ErrUnknownEntry = errors.New("unknown journal entry")
	// ErrNothingToUndo: "last" was asked for, but no entry can be undone.
	ErrNothingToUndo = errors.New("nothing to undo: no applied fix in the journal can be undone")
)

// Engine plans, applies, verifies and undoes fixes.
type Engine struct {
	Fixes   []Fix
	Env     *Env
	Journal *Journal
	Local   *Executor
	// Elevator runs elevated steps; nil means elevated steps fail unless
	// this process is already elevated.
	Elevator Elevator
	// Elevated: this process already has administrator rights, so elevated
	// steps run in-process.
	Elevated bool
	// Verify re-runs checks by ID (wired to the health runner by the CLI).
	Verify func(ctx context.Context, checkIDs []string) []health.Finding
	Now    func() time.Time
}

// NewEngine wires an engine over the state directory dir (journal and
// quarantine) and env.
func NewEngine(dir string, env *Env) (*Engine, error) {
	j, err := OpenJournal(dir)
	if err != nil {
		return nil, err
	}
	q := &Quarantine{Dir: dir + "/quarantine", Now: env.Now, Roots: []string{env.home()}}
	return &Engine{
		Fixes:    Catalogue(),
		Env:      env,
		Journal:  j,
		Local:    &Executor{OS: env.OS, Quarantine: q, Processes: env.Processes},
		Elevator: HelperElevator{},
		Elevated: elevate.IsElevated(),
	}, nil
}

// Fix returns the fix with id.
func (e *Engine) Fix(id string) (Fix, error) {
	for _, f := range e.Fixes {
		if f.ID == id {
			return f, nil
		}
	}
	return Fix{}, fmt.Errorf("%w %q", ErrUnknownFix, id)
}

// Plan asks the fix what it would do here. Planning only reads.
func (e *Engine) Plan(ctx context.Context, id string) (Plan, error) {
	f, err := e.Fix(id)
	if err != nil {
		return Plan{}, err
	}
	p, err := f.Plan(ctx, e.Env)
	if err != nil {
		return p, fmt.Errorf("%s: %w", id, err)
	}
	p.FixID, p.Title = f.ID, f.Title
	return p, nil
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) newEntryID(fix string) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return e.now().UTC().Format("20060102T150405Z") + "-" + strings.ReplaceAll(fix, ".", "-") + "-" + hex.EncodeToString(b[:])
}

func (e *Engine) verify(ctx context.Context, ids []string) []health.Finding {
	if e.Verify == nil || len(ids) == 0 {
		return nil
	}
	return e.Verify(ctx, ids)
}

// Apply runs a plan: journal first, then each step; on failure or cancel
// it rolls back what was done (the failed step included, since its undo
// restores the prior state whatever part of it ran); then it re-runs the
// checks. The returned error is set only when nothing could be started
// (refusal, no journal).
func (e *Engine) Apply(ctx context.Context, plan Plan, progress func(Progress)) (Result, error) {
	res := Result{Fix: plan.FixID}
	if plan.Refusal != nil {
		return res, ErrRefused
	}
	if len(plan.Steps) == 0 {
		return res, ErrNothingToDo
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	res.EntryID = e.newEntryID(plan.FixID)
	res.Before = e.verify(ctx, plan.Verify)
	p := plan
	if err := e.Journal.Append(Record{Entry: res.EntryID, Event: EvPlan, Fix: plan.FixID, Plan: &p, Before: res.Before}); err != nil {
		return res, fmt.Errorf("cannot write the journal, nothing was changed: %w", err)
	}
	res.Steps = make([]StepOutcome, len(plan.Steps))
	for i, s := range plan.Steps {
		res.Steps[i] = StepOutcome{Index: i, Description: s.Description, Status: "not_run"}
	}
	ran, failErr := e.applySteps(ctx, plan, &res, progress)
	if failErr != nil {
		e.rollBack(ctx, plan, &res, ran, failErr, progress)
		return res, nil
	}
	if err := e.Journal.Append(Record{Entry: res.EntryID, Event: EvApplied}); err != nil {
		res.Error = err.Error()
	}
	progress(Progress{Step: len(plan.Steps), Total: len(plan.Steps), Phase: "verify"})
	res.After = e.verify(ctx, plan.Verify)
	res.Outcome = judge(plan.Verify, res.Before, res.After)
	_ = e.Journal.Append(Record{Entry: res.EntryID, Event: EvVerified, Outcome: res.Outcome, After: res.After})
	return res, nil
}

// applySteps runs the plan's steps in order, journaling each before it
// starts and after it ends; a run of consecutive elevated steps shares one
// prompt. It returns the steps that may have changed something (what a
// rollback must undo) and the first failure.
func (e *Engine) applySteps(ctx context.Context, plan Plan, res *Result, progress func(Progress)) (ran []int, err error) {
	for i := 0; i < len(plan.Steps); {
		if err := ctx.Err(); err != nil {
			return ran, err
		}
		j := i + 1
		if e.needsHelper(plan.Steps[i]) {
			for j < len(plan.Steps) && e.needsHelper(plan.Steps[j]) {
				j++
			}
		}
		for k := i; k < j; k++ {
			if err := e.Journal.Append(Record{Entry: res.EntryID, Event: EvStepStart, Step: k}); err != nil {
				return ran, err
			}
			progress(Progress{Step: k + 1, Total: len(plan.Steps), Phase: "apply", Description: plan.Steps[k].Description})
		}
		outs, err := e.runSteps(ctx, res.EntryID, plan.Steps[i:j])
		for k := i; k < j; k++ {
			o := outs[k-i]
			if o.via != "" {
				res.ElevatedBy = o.via
			}
			if o.attempted {
				ran = append(ran, k)
			}
			if jerr := e.record(res, k, o); jerr != nil && err == nil {
				err = jerr
			}
		}
		if err != nil {
			return ran, err
		}
		i = j
	}
	return ran, nil
}

// record notes how step k went in the result and the journal.
func (e *Engine) record(res *Result, k int, o stepRun) error {
	res.Steps[k].Output, res.Steps[k].Error = o.output, o.err
	switch {
	case o.done:
		res.Steps[k].Status = "done"
		return e.Journal.Append(Record{Entry: res.EntryID, Event: EvStepDone, Step: k, Output: map[string]string{"output": o.output}})
	case o.err != "":
		res.Steps[k].Status = "failed"
		_ = e.Journal.Append(Record{Entry: res.EntryID, Event: EvStepFailed, Step: k, Error: o.err})
	}
	return nil
}

// rollBack undoes the steps that ran, with a fresh context (a cancelled
// apply must still undo), and says why the fix ended: cancelled, denied
// administrator rights, rolled back, or failed when a rollback failed too.
func (e *Engine) rollBack(ctx context.Context, plan Plan, res *Result, ran []int, failErr error, progress func(Progress)) {
	res.Error = failErr.Error()
	rbErrs, _ := e.undoSteps(context.WithoutCancel(ctx), res.EntryID, plan, ran, "rollback", progress, res.Steps, "rolled_back")
	switch {
	case len(rbErrs) > 0:
		res.Outcome = OutcomeFailed
		res.Error += "; rollback: " + strings.Join(rbErrs, "; ")
	case errors.Is(failErr, elevate.ErrCancelled) || errors.Is(failErr, context.Canceled):
		res.Outcome = OutcomeCancelled
	case errors.Is(failErr, elevate.ErrNotAuthorized) || errors.Is(failErr, elevate.ErrUnavailable) || errors.Is(failErr, ErrPolicy):
		res.Outcome = OutcomeDenied
	default:
		res.Outcome = OutcomeRolledBack
	}
	_ = e.Journal.Append(Record{Entry: res.EntryID, Event: EvRolledBack, Outcome: res.Outcome, Error: res.Error})
}

// needsHelper: the step must run elevated and we are not.
func (e *Engine) needsHelper(s Step) bool { return s.Elevated && !e.Elevated }

type stepRun struct {
	via       string // how an elevated step ran ("agent", "prompt")
	done      bool
	attempted bool // the step's actions (some of them) may have run
	output    string
	err       string
}

// runSteps runs steps locally or, when they need elevation, as one helper
// batch. It returns one stepRun per step and the first error.
func (e *Engine) runSteps(ctx context.Context, entry string, steps []Step) ([]stepRun, error) {
	outs := make([]stepRun, len(steps))
	if e.needsHelper(steps[0]) {
		batch := make([][]Action, len(steps))
		for i, s := range steps {
			batch[i] = s.Actions
		}
		return e.runElevated(ctx, entry, batch, outs)
	}
	s := steps[0]
	if err := e.checkOwnElevated(s); err != nil {
		outs[0] = stepRun{err: err.Error()}
		return outs, err
	}
	out, err := e.runLocal(ctx, entry, s.Actions)
	if err != nil && s.ElevateOnFailure && !e.Elevated && e.Elevator != nil {
		// "Sometimes" elevated: the unelevated try failed, ask once.
		return e.runElevated(ctx, entry, [][]Action{s.Actions}, outs)
	}
	outs[0] = stepRun{done: err == nil, attempted: true, output: out}
	if err != nil {
		outs[0].err = err.Error()
	}
	return outs, err
}

// checkOwnElevated holds a step that needs administrator rights, run in
// this already-elevated process (an administrator's console, a root
// shell), to the same allowlist as the helper and the agent: elevated
// code runs only the argv shapes the fixes emit, whoever starts it.
func (e *Engine) checkOwnElevated(s Step) error {
	if !s.Elevated || !e.Elevated {
		return nil
	}
	for _, a := range s.Actions {
		if err := ValidatePrivileged(a); err != nil {
			return fmt.Errorf("refusing an administrator step: %w", err)
		}
	}
	return nil
}

func (e *Engine) runLocal(ctx context.Context, entry string, actions []Action) (string, error) {
	var outs []string
	for _, a := range actions {
		out, err := e.Local.Do(ctx, entry, a)
		if out != "" {
			outs = append(outs, out)
		}
		if err != nil {
			return strings.Join(outs, "\n"), err
		}
	}
	return strings.Join(outs, "\n"), nil
}

func (e *Engine) runElevated(ctx context.Context, entry string, batch [][]Action, outs []stepRun) ([]stepRun, error) {
	if e.Elevator == nil {
		err := elevate.ErrUnavailable
		outs[0].err = err.Error()
		return outs, err
	}
	results, via, err := e.elevate(ctx, entry, batch)
	for i := range outs {
		outs[i].via = via
		if i < len(results) {
			outs[i] = stepRun{via: via, done: results[i].Done, attempted: true, output: strings.TrimSpace(strings.Join(results[i].Outputs, "\n")), err: results[i].Error}
		}
	}
	if err != nil {
		if len(results) == 0 {
			outs[0].err = err.Error()
		}
		return outs, err
	}
	for _, o := range outs {
		if !o.done {
			if o.err == "" {
				o.err = "not run"
			}
			return outs, errors.New(o.err)
		}
	}
	return outs, nil
}

// elevate runs a batch through the elevator and says which way it went.
func (e *Engine) elevate(ctx context.Context, entry string, batch [][]Action) ([]StepResult, string, error) {
	if v, ok := e.Elevator.(ViaElevator); ok {
		return v.RunElevatedVia(ctx, entry, batch)
	}
	r, err := e.Elevator.RunElevated(ctx, entry, batch)
	return r, "prompt", err
}

// undoSteps runs the undo actions of the given steps in reverse order,
// batching consecutive elevated ones; it returns the errors, continuing
// past failures so one refusal (a newer file) does not block the rest,
// and how elevated steps ran ("agent", "prompt"; "" when none did).
func (e *Engine) undoSteps(ctx context.Context, entry string, plan Plan, steps []int, phase string, progress func(Progress), report []StepOutcome, status string) (errs []string, via string) {
	order := slices.Clone(steps)
	slices.Sort(order)
	slices.Reverse(order)
	for n := 0; n < len(order); {
		i := order[n]
		s := plan.Steps[i]
		if len(s.Undo) == 0 {
			n++
			continue
		}
		progress(Progress{Step: i + 1, Total: len(plan.Steps), Phase: phase, Description: s.Description})
		if e.needsHelper(s) {
			m := n + 1
			for m < len(order) && e.needsHelper(plan.Steps[order[m]]) && len(plan.Steps[order[m]].Undo) > 0 {
				m++
			}
			batch := make([][]Action, 0, m-n)
			for _, k := range order[n:m] {
				batch = append(batch, plan.Steps[k].Undo)
			}
			outs := make([]stepRun, len(batch))
			outs, err := e.runElevated(ctx, entry, batch, outs)
			via = outs[0].via
			for b, k := range order[n:m] {
				if outs[b].done {
					report[k].Status = status
				} else if outs[b].err != "" {
					errs = append(errs, fmt.Sprintf("step %d: %s", k+1, outs[b].err))
				}
			}
			if err != nil && len(errs) == 0 {
				errs = append(errs, err.Error())
			}
			n = m
			continue
		}
		out, err := e.runLocal(ctx, entry, s.Undo)
		report[i].Output = out
		if err != nil {
			errs = append(errs, fmt.Sprintf("step %d: %v", i+1, err))
		} else {
			report[i].Status = status
		}
		n++
	}
	return errs, via
}

// judge compares the re-run checks with their state before the fix.
func judge(ids []string, before, after []health.Finding) Outcome {
	if len(ids) == 0 || len(after) == 0 {
		return OutcomeApplied
	}
	prev := map[string]health.Status{}
	for _, f := range before {
		prev[f.Check] = f.Status
	}
	good, improved := 0, 0
	for _, f := range after {
		if f.Status.Rank() <= health.StatusInfo.Rank() {
			good++
		}
		if p, ok := prev[f.Check]; ok && f.Status.Rank() < p.Rank() {
			improved++
		}
	}
	switch {
	case good == len(after):
		return OutcomeFixed
	case good > 0 || improved > 0:
		return OutcomePartly
	}
	return OutcomeNotFixed
}

// Prune deletes, for good, the quarantined items of entries older than the
// retention period and beyond the newest few (see Retention; never less
// than DefaultRetention). Each item is journaled (EvPruned, on its fix's
// entry) before it is deleted; with dryRun nothing is deleted or journaled.
// It runs only when the user asks for it, never as part of a fix.
func (e *Engine) Prune(r Retention, dryRun bool) ([]Pruned, error) {
	if e.Local == nil || e.Local.Quarantine == nil {
		return nil, nil
	}
	q := e.Local.Quarantine
	if dryRun {
		return q.Prunable(r)
	}
	return q.Prune(r, func(p Pruned) error {
		return e.Journal.Append(Record{Entry: p.Entry, Event: EvPruned, Output: map[string]string{
			"item": p.Item, "original": p.Original, "bytes": strconv.FormatInt(p.Bytes, 10)}})
	})
}

// History returns every journal entry, newest first.
func (e *Engine) History() ([]Entry, error) { return e.Journal.Entries() }

// Pending returns entries a crash or kill left applied (or half-applied)
// and never verified or reverted; the CLI and tray offer to undo them.
func (e *Engine) Pending() ([]Entry, error) {
	all, err := e.Journal.Entries()
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, en := range all {
		if en.Pending() {
			out = append(out, en)
		}
	}
	return out, nil
}

// Entry returns one entry by ID, or the newest undoable one for "last".
func (e *Engine) Entry(id string) (Entry, error) {
	all, err := e.Journal.Entries()
	if err != nil {
		return Entry{}, err
	}
	for _, en := range all {
		if id == "last" && en.Undoable() || en.ID == id {
			return en, nil
		}
	}
	if id == "last" {
		return Entry{}, ErrNothingToUndo
	}
	return Entry{}, fmt.Errorf("%w %q", ErrUnknownEntry, id)
}

// Undo restores the prior state of every step the entry started, newest
// first, and re-runs the fix's checks.
func (e *Engine) Undo(ctx context.Context, entryID string, progress func(Progress)) (Result, error) {
	en, err := e.Entry(entryID)
	if err != nil {
		return Result{}, err
	}
	res := Result{EntryID: en.ID, Fix: en.Fix}
	if !en.Undoable() {
		return res, fmt.Errorf("%w (%s)", ErrNotUndoable, en.State)
	}
	hasUndo := false
	for _, i := range en.Started {
		if i >= 0 && i < len(en.Plan.Steps) && len(en.Plan.Steps[i].Undo) > 0 {
			hasUndo = true
		}
	}
	if !hasUndo {
		return res, ErrNotUndoable
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	if err := e.Journal.Append(Record{Entry: en.ID, Event: EvUndoStart}); err != nil {
		return res, err
	}
	res.Steps = make([]StepOutcome, len(en.Plan.Steps))
	for i, s := range en.Plan.Steps {
		res.Steps[i] = StepOutcome{Index: i, Description: s.Description, Status: "skipped"}
	}
	var valid []int
	for _, i := range en.Started {
		if i >= 0 && i < len(en.Plan.Steps) {
			valid = append(valid, i)
		}
	}
	errs, via := e.undoSteps(ctx, en.ID, en.Plan, valid, "undo", progress, res.Steps, "undone")
	res.ElevatedBy = via
	if len(errs) > 0 {
		res.Outcome, res.Error = OutcomeFailed, strings.Join(errs, "; ")
		_ = e.Journal.Append(Record{Entry: en.ID, Event: EvUndoFailed, Error: res.Error})
		return res, nil
	}
	res.Outcome = OutcomeUndone
	res.After = e.verify(ctx, en.Plan.Verify)
	_ = e.Journal.Append(Record{Entry: en.ID, Event: EvUndone, After: res.After})
	return res, nil
}
