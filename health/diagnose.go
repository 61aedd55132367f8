package health

import (
	"context"
	"slices"
	"time"
)

// Runner limits shared by every front end (CLI, tray, agent): a check that
// sets no timeout gets DefaultTimeout; a whole run never exceeds Deadline.
const (
	DefaultTimeout = 10 * time.Second
	Deadline       = 30 * time.Second
)

// Options select and label one diagnosis run.
type Options struct {
	// Only names the checks to run (their dependencies run too); empty
	// means all. Light keeps only the cheap checks (the tray's frequent run).
	Only  []string
	Light bool
	Tool  Tool
	Lang  string
	// Progress, if set, is called as each check finishes.
	Progress func(done, total int, f Finding)
}

// Diagnose runs the selected checks concurrently and assembles the report
// (messages untranslated: see Report.Localize). An unknown ID in Only is
// an error naming it.
func Diagnose(ctx context.Context, all []Check, env *Env, o Options) (Report, error) {
	only := o.Only
	if o.Light {
		only = nil
		for _, c := range all {
			if c.Light && (len(o.Only) == 0 || slices.Contains(o.Only, c.ID)) {
				only = append(only, c.ID)
			}
		}
	}
	sel, err := Select(all, only)
	if err != nil {
		return Report{}, err
	}
	r := Runner{Checks: sel, DefaultTimeout: DefaultTimeout, Deadline: Deadline, OnFinding: o.Progress}
	start := time.Now()
	findings := r.Run(ctx, env)
	return NewReport(o.Tool, env.host(), o.Lang, start, time.Since(start), findings), nil
}

// Verify re-runs the named checks (the closed loop after a fix) and returns
// only their findings, not their dependencies'. Unknown IDs are ignored:
// a fix may name a check this build does not have.
func Verify(ctx context.Context, all []Check, env *Env, ids []string) []Finding {
	var known []string
	for _, id := range ids {
		if slices.ContainsFunc(all, func(c Check) bool { return c.ID == id }) {
			known = append(known, id)
		}
	}
	if len(known) == 0 {
		return nil
	}
	sel, err := Select(all, known)
	if err != nil {
		return nil
	}
	r := Runner{Checks: sel, DefaultTimeout: DefaultTimeout, Deadline: Deadline}
	var out []Finding
	for _, f := range r.Run(ctx, env) {
		if slices.Contains(known, f.Check) {
			out = append(out, f)
		}
	}
	return out
}

// Localize renders every finding's message in lang with t (i18n.T); the
// keys stay, so a report can be re-rendered when the user switches language.
func (r *Report) Localize(lang string, t func(lang, key string, args map[string]any) string) {
	r.Lang = lang
	for i := range r.Findings {
		r.Findings[i].Text = t(lang, r.Findings[i].Message.Key, r.Findings[i].Message.Args)
	}
}
