package health

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"time"
)

// Codes the runner itself produces.
const (
	CodeTimeout    = "WSD-RUN-001"
	CodePanic      = "WSD-RUN-002"
	CodeSuppressed = "WSD-RUN-003"
	CodeCancelled  = "WSD-RUN-004"
)

// Runner executes checks concurrently. A full run costs about as long as its
// slowest check, never longer than Deadline.
type Runner struct {
	Checks []Check
	// DefaultTimeout bounds a check that sets none.
	DefaultTimeout time.Duration
	// Deadline bounds the whole run.
	Deadline time.Duration
	// OnFinding, if set, is called (from the runner's goroutine, one at a
	// time) as each check finishes, for progress displays.
	OnFinding func(done, total int, f Finding)
}

// Validate rejects duplicate IDs, unknown dependencies and cycles; a
// catalogue with any of them is a programming error caught by tests.
func Validate(checks []Check) error {
	idx := map[string]int{}
	for i, c := range checks {
		if c.ID == "" || c.Run == nil {
			return fmt.Errorf("check %d: empty ID or nil Run", i)
		}
		if _, dup := idx[c.ID]; dup {
			return fmt.Errorf("duplicate check ID %q", c.ID)
		}
		idx[c.ID] = i
	}
	for _, c := range checks {
		for _, d := range c.DependsOn {
			if _, ok := idx[d]; !ok {
				return fmt.Errorf("check %q depends on unknown check %q", c.ID, d)
			}
		}
	}
	if _, err := topoOrder(checks, idx); err != nil {
		return err
	}
	return nil
}

// Select returns the named checks plus everything they depend on, in
// catalogue order. An unknown name is an error naming it.
func Select(checks []Check, ids []string) ([]Check, error) {
	if len(ids) == 0 {
		return checks, nil
	}
	idx := map[string]int{}
	for i, c := range checks {
		idx[c.ID] = i
	}
	want := map[string]bool{}
	var add func(id string) error
	add = func(id string) error {
		i, ok := idx[id]
		if !ok {
			return fmt.Errorf("unknown check %q", id)
		}
		if want[id] {
			return nil
		}
		want[id] = true
		for _, d := range checks[i].DependsOn {
			if err := add(d); err != nil {
				return err
			}
		}
		return nil
	}
	for _, id := range ids {
		if err := add(id); err != nil {
			return nil, err
		}
	}
	var out []Check
	for _, c := range checks {
		if want[c.ID] {
			out = append(out, c)
		}
	}
	return out, nil
}

func topoOrder(checks []Check, idx map[string]int) ([]int, error) {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(checks))
	var order []int
	var visit func(i int) error
	visit = func(i int) error {
		switch color[i] {
		case grey:
			return fmt.Errorf("dependency cycle through check %q", checks[i].ID)
		case black:
			return nil
		}
		color[i] = grey
		for _, d := range checks[i].DependsOn {
			j, ok := idx[d]
			if !ok {
				continue // dependency not selected: nothing to wait for
			}
			if err := visit(j); err != nil {
				return err
			}
		}
		color[i] = black
		order = append(order, i)
		return nil
	}
	for i := range checks {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return order, nil
}

type result struct {
	i int
	f Finding
}

// Run executes every check concurrently and returns the findings in display
// order. It never panics because of a check: a panicking check becomes an
// error finding, a hanging one a timeout finding.
func (r *Runner) Run(ctx context.Context, env *Env) []Finding {
	checks := r.Checks
	n := len(checks)
	if n == 0 {
		return nil
	}
	g := newGraph(checks)

	runCtx := ctx
	var cancelRun context.CancelFunc = func() {}
	if r.Deadline > 0 {
		runCtx, cancelRun = context.WithTimeout(ctx, r.Deadline)
	}
	defer cancelRun()
	findings := r.runAll(runCtx, env, g)
	g.suppress(findings)
	g.refine(findings)
	findings = Flatten(findings)
	SortFindings(findings)
	return findings
}

// Flatten lists each finding's More after it, as findings of the same
// check (its ID, area and duration), and clears More.
func Flatten(fs []Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		more := f.More
		f.More = nil
		out = append(out, f)
		for _, m := range Flatten(more) {
			m.Check, m.Area, m.DurationMS = f.Check, f.Area, f.DurationMS
			if !m.Status.Valid() {
				m.Status = StatusError
			}
			out = append(out, m)
		}
	}
	return out
}

// graph is the dependency order of a set of checks.
type graph struct {
	checks []Check
	idx    map[string]int
	// order is a topological order (dependencies first).
	order []int
	// dependents[j] is every check that depends on j, directly or not:
	// when j fails they are cancelled at once instead of probing in vain.
	dependents [][]int
}

func newGraph(checks []Check) *graph {
	n := len(checks)
	g := &graph{checks: checks, idx: make(map[string]int, n), dependents: make([][]int, n)}
	for i, c := range checks {
		g.idx[c.ID] = i
	}
	order, err := topoOrder(checks, g.idx)
	if err != nil {
		// Validate catches this in tests; at run time fall back to no
		// dependency handling rather than refusing to diagnose.
		order = make([]int, n)
		for i := range order {
			order[i] = i
		}
	}
	g.order = order
	direct := make([][]int, n)
	for i, c := range checks {
		for _, d := range c.DependsOn {
			if j, ok := g.idx[d]; ok {
				direct[j] = append(direct[j], i)
			}
		}
	}
	for j := range checks {
		seen := map[int]bool{}
		var walk func(x int)
		walk = func(x int) {
			for _, d := range direct[x] {
				if !seen[d] {
					seen[d] = true
					g.dependents[j] = append(g.dependents[j], d)
					walk(d)
				}
			}
		}
		walk(j)
	}
	return g
}

// runAll runs every check concurrently, each with its own context, and
// cancels the dependants of a check as soon as it fails.
func (r *Runner) runAll(ctx context.Context, env *Env, g *graph) []Finding {
	n := len(g.checks)
	cancels := make([]context.CancelCauseFunc, n)
	ctxs := make([]context.Context, n)
	for i := range g.checks {
		ctxs[i], cancels[i] = context.WithCancelCause(ctx)
	}
	defer func() {
		for _, c := range cancels {
			c(context.Canceled)
		}
	}()
	results := make(chan result, n)
	for i := range g.checks {
		go func(i int) {
			results <- result{i, r.runOne(ctxs[i], g.checks[i], env)}
		}(i)
	}
	findings := make([]Finding, n)
	for done := 1; done <= n; done++ {
		res := <-results
		findings[res.i] = res.f
		if res.f.Status == StatusFail {
			for _, d := range g.dependents[res.i] {
				cancels[d](errSuppressed)
			}
		}
		if r.OnFinding != nil {
			r.OnFinding(done, n, res.f)
		}
	}
	return findings
}

// suppress turns the finding of every check whose dependency failed (or
// was itself suppressed) into "skipped", naming the root cause; decided in
// dependency order so it does not depend on which goroutine finished first.
func (g *graph) suppress(findings []Finding) {
	for _, i := range g.order {
		for _, d := range g.checks[i].DependsOn {
			j, ok := g.idx[d]
			if !ok {
				continue
			}
			dep := findings[j]
			root := ""
			switch {
			case dep.SuppressedBy != "":
				root = dep.SuppressedBy
			case dep.Status == StatusFail:
				root = dep.Check
			}
			if root != "" {
				f := findings[i]
				findings[i] = Finding{
					Check: f.Check, Area: f.Area, Status: StatusSkipped,
					Code: CodeSuppressed, Message: Msg("runner.suppressed", "root", root),
					SuppressedBy: root, DurationMS: f.DurationMS,
				}
				break
			}
		}
	}
}

// refine lets each check with a Refine reword its (unsuppressed) finding
// in the light of its dependencies' findings.
func (g *graph) refine(findings []Finding) {
	for i, c := range g.checks {
		if c.Refine == nil || findings[i].SuppressedBy != "" {
			continue
		}
		deps := map[string]Finding{}
		for _, d := range c.DependsOn {
			if j, ok := g.idx[d]; ok {
				deps[d] = findings[j]
			}
		}
		f := c.Refine(findings[i], deps)
		f.Check, f.Area, f.DurationMS = findings[i].Check, findings[i].Area, findings[i].DurationMS
		findings[i] = f
	}
}

var errSuppressed = errors.New("suppressed by a failed dependency")

func (r *Runner) runOne(ctx context.Context, c Check, env *Env) (f Finding) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = r.DefaultTimeout
	}
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	defer func() {
		f.Check, f.Area = c.ID, c.Area
		f.DurationMS = ms(time.Since(start))
		if !f.Status.Valid() {
			f.Status = StatusError
		}
	}()

	done := make(chan Finding, 1) // buffered: a hung check's late answer must not block
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- Errorf(CodePanic, Msg("runner.panic", "error", fmt.Sprint(p))).
					With("stack", string(debug.Stack()))
			}
		}()
		done <- c.Run(cctx, env)
	}()
	select {
	case f = <-done:
		return f
	case <-cctx.Done():
		// Give a check that honours ctx a moment to return its own,
		// more precise finding (e.g. "probe timed out after 3 s").
		select {
		case f = <-done:
			return f
		case <-time.After(50 * time.Millisecond):
		}
		if context.Cause(ctx) == errSuppressed {
			return Finding{Status: StatusSkipped, Code: CodeSuppressed, Message: Msg("runner.suppressed", "root", "")}
		}
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Errorf(CodeCancelled, Msg("runner.cancelled"))
		}
		return Errorf(CodeTimeout, Msg("runner.timeout", "seconds", roundSeconds(time.Since(start))))
	}
}

func roundSeconds(d time.Duration) float64 {
	return float64(d.Round(100*time.Millisecond)) / float64(time.Second)
}

// SortFindings orders findings by area display order, keeping the catalogue
// order within an area.
func SortFindings(fs []Finding) {
	rank := func(a Area) int {
		if i := slices.Index(Areas, a); i >= 0 {
			return i
		}
		return len(Areas)
	}
	sort.SliceStable(fs, func(i, j int) bool { return rank(fs[i].Area) < rank(fs[j].Area) })
}
