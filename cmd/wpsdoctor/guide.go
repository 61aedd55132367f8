package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"wpsdoctor/guide"
	"wpsdoctor/health"
	"wpsdoctor/report"
)

func init() {
	commandHooks = append(commandHooks, func(a *app) []*cobra.Command { return []*cobra.Command{a.guideCmd()} })
}

// guideRun runs a symptom's checks (redacted and localized, as check
// prints them) and tells the family whose links the steps give; tests
// replace it with a fake.
var guideRun = func(ctx context.Context, a *app, only []string) (health.Report, string, error) {
	rep, err := a.diagnose(ctx, only, a.progress())
	return rep, a.prod.Family(), err
}

// guideCmd: `wpsdoctor guide` lists the symptoms; `wpsdoctor guide ID`
// runs the checks that bear on one, then prints the documents' steps.
func (a *app) guideCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "guide [SYMPTOM]",
		Short: "What is wrong? Run the checks for a symptom you see, then walk the remaining steps; without one, list the symptoms",
		Long: "The symptom guide: for what only you can see (cannot sign in, the sync icon keeps\n" +
			"spinning, the cloud is full…), run the checks that bear on it, show their findings\n" +
			"(problems first), then the remaining steps of the documents, in order, with the official\n" +
			"links of your account's family. Exit codes with a symptom: as check (0, 1, 2); an\n" +
			"unknown symptom or a tool failure: 3.",
		Example: "  wpsdoctor guide\n  wpsdoctor guide cannot-sign-in\n  wpsdoctor guide cloud-full --lang zh-CN --json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.guideList()
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return a.guideOne(ctx, args[0])
		},
	}
}

// guideListItem is one line of `wpsdoctor guide --json`.
type guideListItem struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Checks []string `json:"checks"`
}

func (a *app) guideList() error {
	all, err := guide.Symptoms()
	if err != nil {
		return toolFailure(err)
	}
	if a.jsonOut {
		items := make([]guideListItem, len(all))
		for i, s := range all {
			items[i] = guideListItem{s.ID, s.Title.In(a.lang), s.Checks}
		}
		return writeJSON(a.stdout, items)
	}
	width := 0
	for _, s := range all {
		width = max(width, len(s.ID))
	}
	for _, s := range all {
		fmt.Fprintf(a.stdout, "%-*s  %s\n", width, s.ID, safe(s.Title.In(a.lang)))
	}
	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, a.t("guide.list_hint"))
	return nil
}

// guideJSON is what `wpsdoctor guide ID --json` prints.
type guideJSON struct {
	Symptom guide.Resolved `json:"symptom"`
	Report  health.Report  `json:"report"`
}

func (a *app) guideOne(ctx context.Context, id string) error {
	s, ok, err := guide.Find(id)
	if err != nil {
		return toolFailure(err)
	}
	if !ok {
		return toolFailure(fmt.Errorf("%s", a.t("guide.unknown", "id", safe(id), "ids", strings.Join(guide.IDs(), ", "))))
	}
	rep, family, err := guideRun(ctx, a, s.Checks)
	if err != nil {
		return toolFailure(err)
	}
	r := s.Resolve(a.prod.GuidePages(), family, a.lang)
	if a.jsonOut {
		if err := writeJSON(a.stdout, guideJSON{Symptom: r, Report: rep}); err != nil {
			return toolFailure(err)
		}
	} else {
		a.guideText(r, rep)
	}
	if code := exitCode(rep.Overall); code != 0 {
		return &exitError{code: code}
	}
	return nil
}

// guideText prints the symptom, its checks' findings (problems first),
// and the steps.
func (a *app) guideText(r guide.Resolved, rep health.Report) {
	w := a.stdout
	fmt.Fprintf(w, "%s (%s)\n\n%s\n", safe(r.Title), r.ID, a.t("guide.findings"))
	fs := slices.Clone(rep.Findings)
	slices.SortStableFunc(fs, func(x, y health.Finding) int { return y.Status.Rank() - x.Status.Rank() })
	if len(fs) == 0 {
		fmt.Fprintf(w, "  %s\n", a.t("guide.no_findings"))
	}
	width := 0
	for _, f := range fs {
		width = max(width, len(f.Check))
	}
	for _, f := range fs {
		fmt.Fprintf(w, "  %s %-*s  %s", report.Symbols[f.Status], width, safe(f.Check), safeText(f.Text))
		if f.Code != "" && f.Status.Rank() >= 2 {
			fmt.Fprintf(w, "  [%s]", safe(f.Code))
		}
		fmt.Fprintln(w)
		for _, id := range f.Fixes {
			if f.Status.Rank() >= 2 {
				fmt.Fprintf(w, "  %*s  → %s\n", width+1, "", a.t("guide.fix", "fix", guide.FixName(a.lang, id)))
			}
		}
	}
	fmt.Fprintln(w)
	guide.WriteText(w, r, guide.TextOptions{
		Lang:       a.lang,
		FixHint:    func(id string) string { return "wpsdoctor fix " + id },
		ReportHint: a.t("guide.report_run", "command", "wpsdoctor report", "check", "wpsdoctor check -v"),
	})
}
