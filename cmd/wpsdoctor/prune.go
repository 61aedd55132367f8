package main

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wpsdoctor/fixes"
)

func init() { commandHooks = append(commandHooks, quarantineCommands) }

// quarantineCommands: `wpsdoctor quarantine prune`, the only way anything
// the fixes moved away is deleted for good. No fix prunes.
func quarantineCommands(a *app) []*cobra.Command {
	q := &cobra.Command{
		Use:   "quarantine",
		Short: "Manage the quarantine of files the fixes moved away",
		Args:  cobra.NoArgs,
	}
	q.AddCommand(a.pruneCmd())
	return []*cobra.Command{q}
}

type pruneReport struct {
	DryRun     bool           `json:"dry_run,omitempty"`
	MinAgeDays int            `json:"min_age_days"`
	KeepNewest int            `json:"keep_newest"`
	Items      []fixes.Pruned `json:"items"`
	Deleted    bool           `json:"deleted"`
	Reason     string         `json:"reason,omitempty"`
	Error      string         `json:"error,omitempty"`
}

func (a *app) pruneCmd() *cobra.Command {
	var dryRun, yes bool
	cmd := &cobra.Command{
		Use:   "prune",
		Short: "Delete quarantined items older than the retention period (asks first; --dry-run only lists them)",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return a.prune(dryRun, yes) },
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list what would be deleted and delete nothing")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking (consent given on the command line)")
	return cmd
}

// prune lists what the retention rule allows to delete, asks (or takes
// --yes), deletes it and says how much went.
func (a *app) prune(dryRun, yes bool) error {
	e, err := a.engine()
	if err != nil {
		return toolFailure(err)
	}
	r := fixes.DefaultRetention
	days := int(r.MinAge / (24 * time.Hour))
	rep := pruneReport{DryRun: dryRun, MinAgeDays: days, KeepNewest: r.KeepNewest, Items: []fixes.Pruned{}}
	finish := a.finisher(&rep)
	list, err := e.Prune(r, true)
	if err != nil {
		return toolFailure(err)
	}
	rep.Items = append(rep.Items, list...)
	if len(list) == 0 {
		rep.Reason = "nothing"
		a.say(a.t("quarantine.cli.prune_none", "days", days, "keep", r.KeepNewest))
		return finish(0)
	}
	a.say(a.t("quarantine.cli.prune_plan", "days", days, "keep", r.KeepNewest))
	for _, p := range list {
		a.say("  " + a.t("quarantine.cli.prune_item", "entry", p.Entry, "item", p.Item,
			"original", p.Original, "bytes", p.Bytes, "date", p.Time.Local().Format(time.DateTime)))
	}
	if dryRun {
		rep.Reason = "dry-run"
		a.say(a.t("fix.cli.dry_run"))
		return finish(0)
	}
	if why := a.consent(yes, "quarantine.cli.no_tty", "quarantine.cli.prune_confirm"); why != "" {
		rep.Reason = why
		return finish(exitFixNotApplied)
	}
	done, err := e.Prune(r, false)
	rep.Items, rep.Deleted = append([]fixes.Pruned{}, done...), len(done) > 0
	var total int64
	for _, p := range done {
		total += p.Bytes
	}
	a.say(a.t("quarantine.cli.pruned", "count", len(done), "bytes", total))
	if err != nil {
		rep.Error = err.Error()
		fmt.Fprintln(a.stderr, "wpsdoctor:", err)
		return finish(exitToolFailure)
	}
	return finish(0)
}

// finisher ends a command that reports as JSON: with --json it prints
// *rep as it stands then, and it turns code into the exit code.
func (a *app) finisher(rep any) func(code int) error {
	return func(code int) error {
		if a.jsonOut {
			if err := writeJSON(a.stdout, rep); err != nil {
				return toolFailure(err)
			}
		}
		if code != 0 {
			return &exitError{code: code}
		}
		return nil
	}
}

// say prints a line of the text output (nothing with --json).
func (a *app) say(line string) {
	if !a.jsonOut {
		fmt.Fprintln(a.stdout, line)
	}
}

// consent is given by --yes, or asked for on a terminal. It returns "" when
// given, else why not ("no-consent": no terminal to ask on, or --json;
// "declined"), which it has said on stderr.
func (a *app) consent(yes bool, noTTYKey, promptKey string) string {
	switch {
	case yes:
		return ""
	case a.jsonOut || !a.canAsk():
		fmt.Fprintln(a.stderr, a.t(noTTYKey))
		return "no-consent"
	case !a.confirm(a.t(promptKey)):
		fmt.Fprintln(a.stderr, a.t("fix.cli.declined"))
		return "declined"
	}
	return ""
}

// confirm asks on the terminal and reads the answer: y, yes or 是.
func (a *app) confirm(prompt string) bool {
	fmt.Fprint(a.stderr, prompt)
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	ans := strings.ToLower(strings.TrimSpace(line))
	return ans == "y" || ans == "yes" || ans == "是"
}

// journalWarnings prints what reading the journal had to skip (damaged or
// over-long lines), so history and undo still work and say so.
func (a *app) journalWarnings(e *fixes.Engine) {
	for _, w := range e.Journal.Warnings() {
		fmt.Fprintln(a.stderr, "wpsdoctor:", a.msg(w))
	}
}
