package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"wpsdoctor/atomicfile"

	"github.com/spf13/cobra"

	"wpsdoctor/product"
	"wpsdoctor/report"
)

func init() { commandHooks = append(commandHooks, reportCommands) }

// Exit codes of report: 0 saved, 2 not saved (declined, no consent),
// 3 the tool failed.
const exitReportNotSaved = 2

func reportCommands(a *app) []*cobra.Command { return []*cobra.Command{a.reportCmd()} }

// policyPath is the organisation's policy file (report.PolicyPath); tests
// point it at their own.
var policyPath = func(getenv func(string) string) string { return report.PolicyPath(runtime.GOOS, getenv) }

// bundleJSON is what report --json prints.
type bundleJSON struct {
	Path        string   `json:"path,omitempty"`
	Saved       bool     `json:"saved"`
	Reason      string   `json:"reason,omitempty"`
	SupportCode string   `json:"support_code"`
	Redaction   string   `json:"redaction"`
	Files       []string `json:"files"`
	Readme      string   `json:"readme"`
}

func (a *app) reportCmd() *cobra.Command {
	var out, mode string
	var yes, confirmOff bool
	cmd := &cobra.Command{
		Use:   "report [-o FILE.zip] [--redact default|strict|off] [--yes]",
		Short: "Save a support bundle (zip) for the helpdesk: shows what it holds and asks before saving",
		Long: "Runs the checks and saves a support bundle: the report (JSON and a summary in your\n" +
			"language and English), system and WPS facts, the fix journal and history, and\n" +
			"WPS Sync Doctor's own log, with a README.txt listing every file and what was hidden.\n" +
			"The README is printed first; nothing is saved without your consent (or --yes).\n\n" +
			"--redact default hides your user name and home folder, document names, account IDs,\n" +
			"e-mail addresses and phone numbers; strict also hides host names and private IP\n" +
			"addresses; off keeps them and must be confirmed (on a terminal, or with --yes and\n" +
			"--confirm-unredacted). Passwords and tokens are always removed.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := report.ParseMode(mode)
			if err != nil {
				return toolFailure(err)
			}
			if m == report.ModeOff && yes && !confirmOff {
				return toolFailure(errors.New("--redact off with --yes also needs --confirm-unredacted: the bundle would show your paths, document names, account IDs, e-mail addresses and phone numbers"))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return a.saveBundle(ctx, out, m, yes)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the zip file to write (default: wpsdoctor-support-CODE.zip in your Documents folder, else your home or the current folder); never overwritten")
	cmd.Flags().StringVar(&mode, "redact", "default", "what to hide: default, strict (also host names and private IP addresses) or off")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "save without asking (consent given on the command line)")
	cmd.Flags().BoolVar(&confirmOff, "confirm-unredacted", false, "with --yes and --redact off: confirm that nothing personal is hidden")
	return cmd
}

func (a *app) saveBundle(ctx context.Context, out string, mode report.Mode, yes bool) error {
	now := time.Now()
	in, err := a.bundleInput(ctx, mode, now)
	if err != nil {
		return toolFailure(err)
	}
	b, err := report.Build(in)
	if err != nil {
		return toolFailure(err)
	}
	if out == "" {
		out = filepath.Join(product.Documents(a.getenv), "wpsdoctor-support-"+b.Code+".zip")
	}
	res := bundleJSON{SupportCode: b.Code, Redaction: string(mode), Readme: b.README()}
	for _, f := range b.Files {
		res.Files = append(res.Files, f.Name)
	}
	finish := func(err error) error {
		if a.jsonOut {
			if werr := writeJSON(a.stdout, res); werr != nil && err == nil {
				err = toolFailure(werr)
			}
		}
		return err
	}

	// The preview: exactly the README that goes into the zip.
	preview := a.stdout
	if a.jsonOut {
		preview = a.stderr
	}
	fmt.Fprintln(preview, safeText(b.README()))

	if !yes {
		if a.jsonOut || !a.canAsk() {
			res.Reason = "no-consent"
			fmt.Fprintln(a.stderr, a.t("bundle.cli.no_tty"))
			return finish(&exitError{code: exitReportNotSaved})
		}
		prompt, want := a.t("bundle.cli.confirm", "path", safe(out)), []string{"y", "yes", "是"}
		if mode == report.ModeOff {
			prompt, want = a.t("bundle.cli.confirm_off", "path", safe(out)), []string{"yes", "是"}
		}
		fmt.Fprint(a.stderr, prompt)
		line, _ := bufio.NewReader(a.stdin).ReadString('\n')
		ans := strings.ToLower(strings.TrimSpace(line))
		ok := false
		for _, w := range want {
			ok = ok || ans == w
		}
		if !ok {
			res.Reason = "declined"
			fmt.Fprintln(a.stderr, a.t("bundle.cli.declined"))
			return finish(&exitError{code: exitReportNotSaved})
		}
	}
	if err := writeBundle(out, b, now); err != nil {
		res.Reason = "write-failed"
		return finish(toolFailure(err))
	}
	res.Path, res.Saved = out, true
	if !a.jsonOut {
		fmt.Fprintln(a.stdout, a.t("bundle.cli.saved", "path", safe(out)))
		fmt.Fprintln(a.stdout, a.t("bundle.cli.code", "code", b.Code))
	}
	return finish(nil)
}

// writeBundle creates path (never over an existing file, readable by the
// user only: the bundle may hold personal data) and writes the zip.
func writeBundle(path string, b *report.Bundle, at time.Time) error {
	err := atomicfile.WriteNew(path, func(w io.Writer) error { return b.WriteZip(w, at) })
	if errors.Is(err, atomicfile.ErrExists) {
		return fmt.Errorf("%w; choose another name with -o", err)
	}
	return err
}

// bundleInput gathers what the bundle holds (product.BundleInput, shared
// with the window).
func (a *app) bundleInput(ctx context.Context, mode report.Mode, now time.Time) (report.BundleInput, error) {
	return a.prod.BundleInput(ctx, product.BundleOptions{Lang: a.lang, Mode: mode, Time: now,
		PolicyPath: policyPath(a.getenv), Progress: a.progress()})
}
