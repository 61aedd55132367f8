package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"wpsdoctor/report/explain"
)

func init() {
	commandHooks = append(commandHooks, func(a *app) []*cobra.Command { return []*cobra.Command{a.explainCmd()} })
}

// explainCmd: `wpsdoctor explain CODE` prints what a finding code means —
// symptoms, cause, resolution — and `wpsdoctor explain` lists the codes.
func (a *app) explainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain [CODE]",
		Short: "Explain a finding code (WSD-…): symptoms, cause, resolution; without a code, list the codes",
		Example: "  wpsdoctor explain WSD-NET-012\n" +
			"  wpsdoctor explain WSD-NET-012 --lang zh-CN --json\n" +
			"  wpsdoctor explain",
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.explainList()
			}
			return a.explainOne(args[0])
		},
	}
}

func (a *app) explainOne(code string) error {
	e, ok, err := explain.Lookup(code, a.lang)
	if err != nil {
		return toolFailure(err)
	}
	if !ok {
		return toolFailure(fmt.Errorf("%s", a.t("explain.unknown", "code", code)))
	}
	if a.jsonOut {
		return writeJSON(a.stdout, e)
	}
	fmt.Fprint(a.stdout, safeText(explain.Text(e)))
	return nil
}

// explainListItem is one line of `wpsdoctor explain --json`.
type explainListItem struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

func (a *app) explainList() error {
	all, err := explain.All(a.lang)
	if err != nil {
		return toolFailure(err)
	}
	if a.jsonOut {
		items := make([]explainListItem, len(all))
		for i, e := range all {
			items[i] = explainListItem{e.Code, e.Title}
		}
		return writeJSON(a.stdout, items)
	}
	for _, e := range all {
		fmt.Fprintf(a.stdout, "%s  %s\n", e.Code, safe(e.Title))
	}
	fmt.Fprintln(a.stdout)
	fmt.Fprintln(a.stdout, a.t("explain.hint"))
	return nil
}
