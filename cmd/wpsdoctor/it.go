package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"wpsdoctor/health"
	"wpsdoctor/report/itnote"
)

func init() {
	commandHooks = append(commandHooks, func(a *app) []*cobra.Command { return []*cobra.Command{a.itCmd()} })
}

// itCmd: `wpsdoctor it` runs the checks and prints the request for the IT
// department (the window's "Copy for IT"): hosts, ports and protocols to
// allow and what was measured, in the user's language and in English.
func (a *app) itCmd() *cobra.Command {
	var only []string
	cmd := &cobra.Command{
		Use:     "it",
		Short:   "Print the request for the IT department: WPS hosts, ports and protocols to allow, and what was measured",
		Example: "  wpsdoctor it\n  wpsdoctor it --lang zh-CN\n  wpsdoctor it --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := a.diagnoseNow(cmd, only)
			if err != nil {
				return err
			}
			if a.jsonOut {
				n := itnote.Build(rep, a.prod.Catalog)
				return writeJSON(a.stdout, struct {
					Offered bool `json:"offered"`
					itnote.Note
				}{itnote.Offered(rep), n})
			}
			fmt.Fprint(a.stdout, safeText(itnote.Text(rep, a.prod.Catalog, a.lang)))
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&only, "only", nil, "run only these check IDs (comma-separated; their dependencies run too)")
	return cmd
}

// itHint tells the reader of `wpsdoctor check` how to get the request for
// the IT department when a connection is blocked on the network.
func (a *app) itHint(rep health.Report) {
	if itnote.Offered(rep) {
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, a.t("cli.it.hint"))
	}
}
