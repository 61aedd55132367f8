package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

func (a *app) checkCmd() *cobra.Command {
	var only []string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Run the checks and report (exit 0 healthy, 1 warnings, 2 problems, 3 tool failure)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := a.diagnoseNow(cmd, only)
			if err != nil {
				return err
			}
			if a.jsonOut {
				if err := writeJSON(a.stdout, rep); err != nil {
					return toolFailure(err)
				}
			} else {
				a.render(a.stdout, rep)
				a.itHint(rep)
			}
			if code := exitCode(rep.Overall); code != 0 {
				return &exitError{code: code}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&a.verbose, "verbose", "v", false, "show the evidence behind each finding")
	cmd.Flags().StringSliceVar(&only, "only", nil, "run only these check IDs (comma-separated; their dependencies run too)")
	return cmd
}

// diagnoseNow runs the selected checks for a command (stopped by Ctrl-C,
// progress on the terminal); a failure is the tool's.
func (a *app) diagnoseNow(cmd *cobra.Command, only []string) (health.Report, error) {
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	rep, err := a.diagnose(ctx, only, a.progress())
	if err != nil {
		return rep, toolFailure(err)
	}
	return rep, nil
}

// diagnose runs the selected checks and returns the rendered report,
// redacted for sharing unless --reveal.
func (a *app) diagnose(ctx context.Context, only []string, progress func(done, total int, f health.Finding)) (health.Report, error) {
	rep, err := a.prod.Diagnose(ctx, health.Options{Only: only, Lang: a.lang, Progress: progress})
	if err != nil {
		return rep, fmt.Errorf("%v (see `wpsdoctor check --help`; known: %s)", err, strings.Join(checkIDs(a.prod.Checks()), ", "))
	}
	rep.Localize(a.lang, i18n.T)
	return a.shareable(rep), nil
}

func checkIDs(cs []health.Check) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// progress returns a callback that keeps one status line on a terminal's
// stderr, or nil when stderr is not a terminal (scripts, pipes).
func (a *app) progress() func(done, total int, f health.Finding) {
	f, ok := a.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(done, total int, _ health.Finding) {
		line := a.t("cli.checking", "done", done, "total", total)
		if done == total {
			line = ""
		}
		fmt.Fprintf(f, "\r\033[K%s", line)
	}
}

func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(jsonSafe(b.Bytes()))
	return err
}
