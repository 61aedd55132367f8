package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"wpsdoctor/fixes"
	"wpsdoctor/fixes/plan"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/elevate"
	"wpsdoctor/report"
)

func init() { commandHooks = append(commandHooks, fixCommands) }

// Exit codes of fix and undo: 0 fixed/applied/undone, 1 applied but the
// checks do not all pass, 2 not applied (refused, declined, rolled back,
// cancelled, failed), 3 the tool itself failed.
const (
	exitFixPartial    = 1
	exitFixNotApplied = 2
)

// fixCommands are the repair commands: fixes, fix, undo and history (the
// elevated helper's verb is served by package product before cobra).
func fixCommands(a *app) []*cobra.Command {
	return []*cobra.Command{a.fixesCmd(), a.fixCmd(), a.undoCmd(), a.historyCmd()}
}

// engine is the product's fix engine (state directory, elevator, fresh-
// process verifier: see package product).
func (a *app) engine() (*fixes.Engine, error) { return a.prod.Engine() }

func (a *app) msg(m health.Message) string { return i18n.T(a.lang, m.Key, report.SafeArgs(m.Args)) }

type fixInfo struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Elevation   fixes.Elevation `json:"elevation"`
	Undoable    bool            `json:"undoable"`
}

func (a *app) fixesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "fixes",
		Short: "List the available fixes",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			var list []fixInfo
			for _, f := range fixes.Catalogue() {
				list = append(list, fixInfo{f.ID, a.msg(f.Title), a.msg(f.Description), f.Elevation, f.Undoable})
			}
			if a.jsonOut {
				return writeJSON(a.stdout, list)
			}
			for _, f := range list {
				undo := ""
				if f.Undoable {
					undo = ", " + a.t("fix.cli.undo")
				}
				fmt.Fprintf(a.stdout, "%-18s %s  [%s%s]\n    %s\n", f.ID, f.Title, f.Elevation, undo, f.Description)
			}
			return nil
		},
	}
}

// planJSON is a plan with its messages rendered, for scripts.
type planJSON struct {
	fixes.Plan
	TitleText   string   `json:"title_text"`
	RefusalText string   `json:"refusal_text,omitempty"`
	NotesText   []string `json:"notes_text,omitempty"`
	StepsText   []string `json:"steps_text"`
}

type fixReport struct {
	Plans   []planJSON      `json:"plans"`
	Applied bool            `json:"applied"`
	DryRun  bool            `json:"dry_run,omitempty"`
	Reason  string          `json:"reason,omitempty"`
	Results []fixes.Result  `json:"results,omitempty"`
	Pending []fixes.Entry   `json:"pending,omitempty"`
	Outcome []fixes.Outcome `json:"outcomes,omitempty"`
}

func (a *app) fixCmd() *cobra.Command {
	var dryRun, yes, removeBlock bool
	cmd := &cobra.Command{
		Use:   "fix ID...",
		Short: "Preview and apply fixes (asks for consent unless --yes; --dry-run only prints the plan)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, ids []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			e, err := a.engine()
			if err != nil {
				return toolFailure(err)
			}
			if removeBlock {
				e.Env.Options = map[string]bool{fixes.OptRemoveBlockRules: true}
			}
			return a.runFix(ctx, e, ids, dryRun, yes)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the exact plan (argv included) and change nothing")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "apply without asking (consent given on the command line)")
	cmd.Flags().BoolVar(&removeBlock, "remove-block-rules", false, "firewall.allow: also disable local firewall rules that block WPS")
	return cmd
}

// runFix plans every fix first, shows the plans, obtains consent, then
// applies them in order. Nothing changes without consent.
func (a *app) runFix(ctx context.Context, e *fixes.Engine, ids []string, dryRun, yes bool) error {
	rep := fixReport{DryRun: dryRun}
	// Never prune here: the quarantine is pruned only by `wpsdoctor
	// quarantine prune` (see prune.go).
	if pend, err := e.Pending(); err == nil && len(pend) > 0 {
		rep.Pending = pend
		for _, p := range pend {
			fmt.Fprintln(a.stderr, a.t("fix.cli.pending", "entry", p.ID, "fix", p.Fix))
		}
	}
	runnable, err := a.planFixes(ctx, e, ids, &rep)
	if err != nil {
		return err
	}
	finish := a.finisher(&rep)
	switch {
	case dryRun:
		rep.Reason = "dry-run"
		a.say(a.t("fix.cli.dry_run"))
		if len(runnable) == 0 { // a real run would refuse too: "not applied"
			rep.Reason = "dry-run-refused"
			return finish(exitFixNotApplied)
		}
		return finish(0)
	case len(runnable) == 0:
		rep.Reason = "refused"
		return finish(exitFixNotApplied)
	}
	if why := a.consent(yes, "fix.cli.no_tty", "fix.cli.confirm"); why != "" {
		rep.Reason = why
		return finish(exitFixNotApplied)
	}
	return finish(a.applyFixes(ctx, e, runnable, &rep))
}

// planFixes plans every fix named, prints the plans (the preview), and
// returns those that can run.
func (a *app) planFixes(ctx context.Context, e *fixes.Engine, ids []string, rep *fixReport) ([]fixes.Plan, error) {
	var plans, runnable []fixes.Plan
	for _, id := range ids {
		p, err := e.Plan(ctx, id)
		if err != nil {
			if errors.Is(err, fixes.ErrUnknownFix) {
				return nil, toolFailure(fmt.Errorf("%v (see `wpsdoctor fixes`)", err))
			}
			return nil, toolFailure(err)
		}
		plans = append(plans, p)
		rep.Plans = append(rep.Plans, a.renderPlanJSON(p))
	}
	for _, p := range plans {
		if !a.jsonOut {
			a.printPlan(a.stdout, p)
		}
		if p.Refusal == nil && len(p.Steps) > 0 {
			runnable = append(runnable, p)
		}
	}
	return runnable, nil
}

// applyFixes applies the consented plans in order and returns the exit
// code of the worst outcome.
func (a *app) applyFixes(ctx context.Context, e *fixes.Engine, runnable []fixes.Plan, rep *fixReport) int {
	rep.Applied = true
	code := 0
	for _, p := range runnable {
		res, err := e.Apply(ctx, p, a.fixProgress())
		if err != nil {
			res.Outcome, res.Error = fixes.OutcomeFailed, err.Error()
		}
		rep.Results = append(rep.Results, res)
		rep.Outcome = append(rep.Outcome, res.Outcome)
		if !a.jsonOut {
			a.printResult(a.stdout, res)
		}
		code = max(code, outcomeExit(res.Outcome))
	}
	return code
}

// asRootCommand is this command line run through sudo, quoted for a POSIX
// shell, for the user to copy.
func asRootCommand(argv []string) string {
	q := []string{"sudo"}
	for _, a := range argv {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@%+") == "" {
			q = append(q, a)
		} else {
			q = append(q, "'"+strings.ReplaceAll(a, "'", `'\''`)+"'")
		}
	}
	return strings.Join(q, " ")
}

func outcomeExit(o fixes.Outcome) int {
	switch o {
	case fixes.OutcomeFixed, fixes.OutcomeApplied, fixes.OutcomeUndone:
		return 0
	case fixes.OutcomePartly, fixes.OutcomeNotFixed:
		return exitFixPartial
	}
	return exitFixNotApplied
}

// canAsk reports whether stdin and stderr are a terminal a person can
// answer on.
func (a *app) canAsk() bool {
	in, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return false
	}
	errf, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(int(errf.Fd()))
}

func (a *app) fixProgress() func(fixes.Progress) {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(p fixes.Progress) {
		fmt.Fprintf(f, "\r\033[K[%d/%d %s] %s", p.Step, p.Total, p.Phase, a.msg(p.Description))
		if p.Phase == "verify" {
			fmt.Fprint(f, "\r\033[K")
		}
	}
}

func (a *app) renderPlanJSON(p fixes.Plan) planJSON {
	j := planJSON{Plan: p, TitleText: a.msg(p.Title), StepsText: []string{}}
	if p.Refusal != nil {
		j.RefusalText = a.msg(*p.Refusal)
	}
	for _, n := range p.Notes {
		j.NotesText = append(j.NotesText, a.msg(n))
	}
	for _, s := range p.Steps {
		j.StepsText = append(j.StepsText, a.msg(s.Description))
	}
	return j
}

// printPlan shows exactly what will run: each step with its actions (argv
// as passed, no shell, shown as this OS's shell would take it back: cmd.exe
// on Windows) and its undo.
func (a *app) printPlan(w io.Writer, p fixes.Plan) {
	prompt := "$"
	if runtime.GOOS == "windows" {
		prompt = ">"
	}
	fmt.Fprintf(w, "%s %s\n", a.t("fix.cli.plan", "fix", p.FixID), a.msg(p.Title))
	if p.Refusal != nil {
		fmt.Fprintf(w, "  %s\n", a.t("fix.cli.refused", "fix", p.FixID, "reason", a.msg(*p.Refusal)))
		return
	}
	for i, s := range p.Steps {
		el := ""
		if s.Elevated {
			el = " [" + a.t("fix.cli.elevated") + "]"
		}
		fmt.Fprintf(w, "  %d.%s %s\n", i+1, el, a.msg(s.Description))
		for _, act := range s.Actions {
			fmt.Fprintf(w, "       %s %s\n", prompt, safe(act.String()))
			if act.Kind == fixes.KindWriteFile && !act.Remove {
				for _, line := range strings.SplitAfter(string(act.Data), "\n") {
					if line != "" {
						fmt.Fprintf(w, "         | %s", safeText(strings.TrimSuffix(line, "\n"))+"\n")
					}
				}
			}
		}
		for _, act := range s.Undo {
			fmt.Fprintf(w, "       %s: %s\n", a.t("fix.cli.undo"), safe(act.String()))
		}
	}
	for _, n := range p.Notes {
		fmt.Fprintf(w, "  * %s\n", a.msg(n))
	}
}

func (a *app) printResult(w io.Writer, r fixes.Result) {
	if reason, ok := plan.PolicyRefusal(r.Error); ok {
		// The organisation said no: its words, and no prompt instead.
		fmt.Fprintf(w, "%s: %s\n", r.Fix, a.t("agent.refused_policy", "reason", reason))
	} else {
		fmt.Fprintf(w, "%s: %s\n", r.Fix, a.t(i18n.OutcomeKey(string(r.Outcome))))
		if r.Error != "" {
			fmt.Fprintf(w, "  %s\n", safe(r.Error))
		}
		if r.ElevatedBy != "" && outcomeExit(r.Outcome) < exitFixNotApplied {
			fmt.Fprintf(w, "  %s\n", a.t(i18n.MemberKey("agent.via", r.ElevatedBy)))
		}
	}
	if r.Outcome == fixes.OutcomeDenied && strings.Contains(r.Error, elevate.ErrUnavailable.Error()) {
		fmt.Fprintln(w, a.t("fix.cli.run_as_root", "command", asRootCommand(os.Args)))
	}
	for _, s := range r.Steps {
		if s.Status == "failed" {
			fmt.Fprintf(w, "  %d. %s: %s\n", s.Index+1, a.msg(s.Description), safe(s.Error))
		}
	}
	for _, f := range r.After {
		fmt.Fprintf(w, "  %s %s: %s\n", f.Status, f.Check, a.msg(f.Message))
	}
	if r.EntryID != "" {
		fmt.Fprintf(w, "  %s\n", a.t("fix.cli.entry", "entry", r.EntryID))
	}
}

func (a *app) undoCmd() *cobra.Command {
	var last bool
	cmd := &cobra.Command{
		Use:   "undo [ENTRY|--last]",
		Short: "Undo an applied fix from the journal",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := "last"
			switch {
			case len(args) == 1 && last:
				return toolFailure(errors.New("give an entry or --last, not both"))
			case len(args) == 1:
				id = args[0]
			case !last:
				return toolFailure(errors.New("name the journal entry to undo (see `wpsdoctor history`) or use --last"))
			}
			e, err := a.engine()
			if err != nil {
				return toolFailure(err)
			}
			res, err := e.Undo(cmd.Context(), id, a.fixProgress())
			a.journalWarnings(e)
			if err != nil {
				if errors.Is(err, fixes.ErrUnknownEntry) {
					return toolFailure(err)
				}
				if errors.Is(err, fixes.ErrNothingToUndo) {
					return &exitError{code: exitFixNotApplied, err: err}
				}
				if a.jsonOut {
					_ = writeJSON(a.stdout, map[string]string{"entry": res.EntryID, "error": err.Error()})
				}
				return &exitError{code: exitFixNotApplied, err: err}
			}
			if a.jsonOut {
				if err := writeJSON(a.stdout, res); err != nil {
					return toolFailure(err)
				}
			} else {
				a.printResult(a.stdout, res)
			}
			if code := outcomeExit(res.Outcome); code != 0 {
				return &exitError{code: code}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&last, "last", false, "undo the most recent fix that can be undone")
	return cmd
}

func (a *app) historyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "history",
		Short: "List applied fixes from the journal (interrupted ones are marked pending)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			e, err := a.engine()
			if err != nil {
				return toolFailure(err)
			}
			h, err := e.History()
			if err != nil {
				return toolFailure(err)
			}
			a.journalWarnings(e)
			if a.jsonOut {
				if h == nil {
					h = []fixes.Entry{}
				}
				return writeJSON(a.stdout, h)
			}
			if len(h) == 0 {
				fmt.Fprintln(a.stdout, a.t("fix.cli.history_empty"))
			}
			for _, en := range h {
				mark := ""
				if en.Pending() {
					mark = "  (pending)"
				}
				fmt.Fprintf(a.stdout, "%s  %s  %-18s %s %s%s\n", en.ID, en.Time.Local().Format(time.DateTime), en.Fix, en.State, en.Outcome, mark)
			}
			return nil
		},
	}
}
