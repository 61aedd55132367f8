// Command wpsdoctor-tray is WPS Sync Doctor's desktop face. By default it
// is the tray process: an icon and menu over fyne.io/systray and the
// monitor, with no Fyne window, so it idles at near-zero CPU. With --window
// the same binary is the Fyne window, started on demand by the tray (or by
// the user), which reads the tray's last report and can run checks and
// fixes itself.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/logfile"
	"wpsdoctor/platform/autostart"
	"wpsdoctor/platform/clipboard"
	"wpsdoctor/platform/notify"
	"wpsdoctor/product"
	"wpsdoctor/report"
	"wpsdoctor/settings"
	"wpsdoctor/tray"
	"wpsdoctor/verdict"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// AppID is the application ID (FyneApp.toml, autostart entries).
const AppID = "io.github.wpssyncdoctor"

type options struct {
	window       bool
	fix          string
	bundle       bool
	guide        bool
	config       string
	lang         string
	warmup       time.Duration
	poll         time.Duration
	autostartOn  bool
	autostartOff bool
	showVersion  bool
	only         string
}

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// hiddenFlags are accepted but not listed: aliases kept for old command lines.
var hiddenFlags = map[string]bool{"endpoints": true}

// openProduct opens the product and its settings store, saying every
// warning once. Without a product the exit code says why: 2 a broken
// --config file, 1 nowhere to keep state.
func openProduct(popts product.Options, lang string, logger *log.Logger) (*product.Product, *settings.Files, int) {
	p, err := product.Open(popts)
	if err != nil {
		logger.Print(err)
		return nil, nil, 2
	}
	if p.CatalogWarning != nil {
		logger.Printf("%s: %v (using the built-in catalogue)", p.Locations.Catalogue(), p.CatalogWarning)
	}
	for _, w := range p.Warnings {
		logger.Print(w)
	}
	if p.Locations.State == "" {
		return nil, nil, 1
	}
	store := &settings.Files{Dir: p.Locations.State}
	if lang != "" {
		s, _ := store.LoadSettings()
		s.Lang = lang
		if err := store.SaveSettings(s); err != nil {
			logger.Printf("save language: %v", err)
		}
	}
	return p, store, 0
}

// showNote shows a desktop notification in the product's name.
func showNote(ctx context.Context, title, body string) error {
	return notify.Send(ctx, notify.Note{App: title, Title: title, Body: body})
}

// shareText is "Copy report": the one text renderer, over the report
// redacted with this computer's roots.
func shareText(p *product.Product) func(lang string, r health.Report) string {
	return func(lang string, r health.Report) string { return report.ShareText(r, lang, p.Sharing(false)) }
}

// parseFlags reads the command line; aliases kept for old command lines
// are accepted but not listed.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("wpsdoctor-tray", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.window, "window", false, "open the window (the tray starts it this way)")
	fs.StringVar(&o.fix, "fix", "", "with --window: open the fix flow for this fix ID")
	fs.BoolVar(&o.bundle, "bundle", false, "with --window: open the support bundle page and prepare a bundle")
	fs.BoolVar(&o.guide, "guide", false, "with --window: open the \"What is wrong?\" symptom guide")
	fs.StringVar(&o.config, "config", "", "endpoint catalogue override (TOML); default: the user's config file if present")
	fs.StringVar(&o.config, "endpoints", "", "alias of --config")
	fs.StringVar(&o.lang, "lang", "", "language (zh-CN or en); default: the saved setting, else the system's")
	fs.DurationVar(&o.warmup, "warmup", 10*time.Second, "grace period before the first check")
	fs.DurationVar(&o.poll, "poll", 10*time.Second, "how often the monitor wakes to look for network changes and due checks")
	fs.BoolVar(&o.autostartOn, "enable-autostart", false, "start the tray at login (for installers), then exit")
	fs.BoolVar(&o.autostartOff, "disable-autostart", false, "stop starting the tray at login, then exit")
	fs.BoolVar(&o.showVersion, "version", false, "print the version and exit")
	fs.StringVar(&o.only, "only", "", "print the JSON report of these check IDs (comma-separated) and exit")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage of wpsdoctor-tray:")
		fs.VisitAll(func(f *flag.Flag) {
			if !hiddenFlags[f.Name] {
				fmt.Fprintf(stderr, "  -%s\n    \t%s\n", f.Name, f.Usage)
			}
		})
	}
	return o, fs.Parse(args)
}

func run(args []string, stderr io.Writer) int {
	// The elevated helper and the verifier: before any flag parsing, so the
	// elevated child never starts a GUI or touches the instance lock.
	if code, ok := product.Serve(args, os.Stdout, stderr, "wpsdoctor-tray", version); ok {
		return code
	}
	o, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	logger := log.New(stderr, "wpsdoctor-tray: ", log.LstdFlags)
	if o.showVersion {
		fmt.Fprintln(stderr, "wpsdoctor-tray", version)
		return 0
	}
	if o.autostartOn || o.autostartOff {
		return setAutostart(o.autostartOn, logger)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	popts := product.Options{Program: "wpsdoctor-tray", Version: version, Config: o.config}
	if o.only != "" {
		return product.PrintReport(ctx, popts, strings.Split(o.only, ","), os.Stdout, stderr)
	}
	p, store, code := openProduct(popts, o.lang, logger)
	if p == nil {
		return code
	}
	if closeLog := keepLog(logger, stderr, p.Locations.State); closeLog != nil {
		defer closeLog()
	}
	if o.window {
		return runWindow(ctx, o, p, store, logger)
	}
	var pass []string
	if o.config != "" {
		pass = append(pass, "--config", o.config)
	}
	launcher := &tray.Launcher{Args: pass}
	saved := make(chan struct{}, 1)
	release, code, done := claim(p.Locations.Instance, partTray, windowRequest(o), trayRequests(launcher, saved, logger), logger)
	if done {
		return code
	}
	defer release()
	return tray.Run(ctx, tray.Options{
		Store:      store,
		Diagnose:   p.Run,
		ShareText:  shareText(p),
		Notify:     showNote,
		Copy:       clipboard.Copy,
		Facts:      verdict.FactsOf(p.Checks()),
		Saved:      saved,
		NetChanges: netChanges(ctx, logger),
		Window:     launcher,
		Raise:      raiseRequest(p.Locations.Instance),
		Log:        logger,
		Warmup:     o.warmup,
		Poll:       o.poll,
		AutoFix:    autoFixer(p),
	})
}

// LogName is the tray's and the window's own log in the state directory,
// rotated by logfile (LogName.1 … LogName.3); the support bundle collects it.
const LogName = "wpsdoctor-tray.log"

// keepLog makes logger write to stderr and to the rotated log file in the
// state directory; it returns the file's closer, or nil (and says why on
// stderr) when the file cannot be opened.
func keepLog(logger *log.Logger, stderr io.Writer, stateDir string) func() {
	err := os.MkdirAll(stateDir, 0o700)
	var f *logfile.Writer
	if err == nil {
		f, err = logfile.Open(filepath.Join(stateDir, LogName))
	}
	if err != nil {
		logger.Printf("no log file: %v", err)
		return nil
	}
	logger.SetOutput(io.MultiWriter(stderr, f))
	return func() {
		logger.SetOutput(stderr)
		f.Close()
	}
}

func entry() (autostart.Entry, error) {
	exe, err := os.Executable()
	if err != nil {
		return autostart.Entry{}, err
	}
	return autostart.Entry{ID: AppID, Name: "WPS Sync Doctor", Comment: "WPS Office cloud sync health", Exec: []string{exe}}, nil
}

func setAutostart(on bool, logger *log.Logger) int {
	e, err := entry()
	if err == nil {
		if on {
			err = autostart.Enable(e)
		} else {
			err = autostart.Disable(e)
		}
	}
	if err != nil {
		logger.Printf("autostart: %v", err)
		return 1
	}
	return 0
}

// loginStart adapts platform/autostart to the window's settings switch.
type loginStart struct{}

func (loginStart) Enabled() (bool, error) {
	e, err := entry()
	if err != nil {
		return false, err
	}
	st, err := autostart.Get(e)
	if err == nil && st.DisabledByUser {
		return false, fmt.Errorf("start at login was turned off in the system settings; turn it on there")
	}
	return st.Enabled(), err
}

func (loginStart) SetEnabled(on bool) error {
	if on {
		e, err := entry()
		if err != nil {
			return err
		}
		return autostart.Enable(e)
	}
	e, err := entry()
	if err != nil {
		return err
	}
	return autostart.Disable(e)
}
