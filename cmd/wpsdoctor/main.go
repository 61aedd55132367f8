// Command wpsdoctor is the console face of WPS Sync Doctor: the same checks
// and fixes as the tray app, for helpdesk staff in remote sessions, with
// JSON output and exit codes for scripts. It builds without cgo.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/product"
	"wpsdoctor/report"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// app carries the global flags and the process's streams, so commands are
// testable without touching the real ones.
type app struct {
	lang       string
	jsonOut    bool
	configPath string
	verbose    bool
	reveal     bool

	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	prod *product.Product
}

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// toolFailure marks an error of the tool itself (bad flags, unreadable
// config): exit code 3.
func toolFailure(err error) error { return &exitError{code: exitToolFailure, err: err} }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	// The elevated helper and the verifier: before any flag parsing.
	if code, ok := product.Serve(args, stdout, stderr, "wpsdoctor", version); ok {
		return code
	}
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "wpsdoctor:", safeText(ee.err.Error()))
		}
		return ee.code
	}
	// cobra's own errors (unknown flag, bad args) are usage errors.
	fmt.Fprintln(stderr, "wpsdoctor:", safeText(err.Error()))
	return exitToolFailure
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "wpsdoctor",
		Short: "Diagnose and repair WPS Office cloud sync and sign-in",
		Long: "WPS Sync Doctor checks whether WPS Office cloud sync and account sign-in can work on\n" +
			"this computer, explains what is wrong, and repairs it with a preview and an undo.\n\n" +
			"Exit codes of check: 0 healthy, 1 warnings, 2 problems, 3 the tool itself failed.",
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: func(*cobra.Command, []string) error { return a.setup() },
	}
	root.PersistentFlags().StringVar(&a.lang, "lang", "", "language of messages: zh-CN or en (default: system locale)")
	root.PersistentFlags().BoolVar(&a.jsonOut, "json", false, "print JSON for scripts instead of text")
	root.PersistentFlags().BoolVar(&a.reveal, "reveal", false, "show full paths, document names and account IDs (for your own screen; credentials and tokens stay hidden)")
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "endpoint catalogue override (TOML); default: "+displayPath(a.userCatalogue()))
	root.PersistentFlags().StringVar(&a.configPath, "endpoints", "", "alias of --config")
	_ = root.PersistentFlags().MarkHidden("endpoints")
	root.AddCommand(a.checkCmd(), a.versionCmd())
	for _, extra := range commandHooks {
		root.AddCommand(extra(a)...)
	}
	return root
}

// commandHooks let other files of this command add subcommands (fixes,
// report, service) without editing the root.
var commandHooks []func(*app) []*cobra.Command

func displayPath(p string) string {
	if p == "" {
		return "(none)"
	}
	return p
}

// setup validates the global flags and loads the catalogue.
func (a *app) setup() error {
	if a.lang == "" {
		if l, ok := i18n.FromEnv(a.getenv); ok {
			a.lang = l
		} else {
			a.lang = i18n.Detect()
		}
	} else if !i18n.Supported(a.lang) {
		return toolFailure(fmt.Errorf("unsupported language %q (use zh-CN or en)", a.lang))
	}
	a.lang = i18n.Normalize(a.lang)

	p, err := product.Open(product.Options{Program: "wpsdoctor", Version: version, Config: a.configPath, Getenv: a.getenv})
	if err != nil {
		return toolFailure(err)
	}
	// A broken per-user catalogue is said once and the built-in one used:
	// a diagnosis is worth more than a refusal.
	if p.CatalogWarning != nil {
		fmt.Fprintln(a.stderr, a.t("catalog.user_ignored", "error", p.CatalogWarning.Error()))
	}
	for _, w := range p.Warnings {
		fmt.Fprintln(a.stderr, "wpsdoctor:", safe(w))
	}
	a.prod = p
	return nil
}

// userCatalogue is the per-user catalogue's path, for the help text.
func (a *app) userCatalogue() string {
	return product.Paths(a.getenv).Catalogue()
}

// t renders a message key in the chosen language.
func (a *app) t(key string, kv ...any) string {
	m := health.Msg(key, kv...)
	return i18n.T(a.lang, m.Key, report.SafeArgs(m.Args))
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.jsonOut {
				return writeJSON(a.stdout, map[string]string{
					"name": "wpsdoctor", "version": version, "go": runtime.Version(),
					"os": runtime.GOOS, "arch": runtime.GOARCH,
				})
			}
			fmt.Fprintf(a.stdout, "wpsdoctor %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
