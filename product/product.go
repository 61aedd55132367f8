// Package product is the composition root of WPS Sync Doctor: the one place
// that opens the product — the endpoint catalogue by its rule, the
// environment the checks observe, the fix engine with its elevator and its
// fresh-process verifier, and the paths it writes — so the console tool and
// the tray app open it the same way. Their main packages parse flags, call
// Open, and hand what it built to their front end.
//
// The same binary that asks for elevation answers the elevated verb: both
// programs call Serve before parsing anything else (see verbs.go).
package product

import (
	"context"
	"errors"
	"fmt"
	"os"

	"wpsdoctor/catalog"
	"wpsdoctor/fixes"
	"wpsdoctor/health"
	"wpsdoctor/health/checks"
	"wpsdoctor/health/network"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/locations"
	"wpsdoctor/platform/wps"
	"wpsdoctor/report"
	"wpsdoctor/report/redact"
)

// Options are what a program learned from its command line.
type Options struct {
	// Program and Version name the tool in reports ("wpsdoctor", "wpsdoctor-tray").
	Program, Version string
	// Config is the catalogue override given on the command line (--config);
	// a broken one is an error. Empty: the per-user file, then the built-in.
	Config string
	// Getenv reads the environment (WSD_* overrides, XDG and home
	// directories); nil means os.Getenv.
	Getenv func(string) string
	// GOOS is the OS whose path rules apply; empty means this one.
	GOOS string
	// Self is the binary that answers the verbs (privileged, verify): the
	// elevator starts it and the verifier re-runs it. Empty means this
	// process's executable.
	Self string
}

// Product is the opened product.
type Product struct {
	opts Options
	// checks replaces the catalogue (tests).
	checks []health.Check
	// Locations are the per-user paths (state, journal, quarantine,
	// settings, per-user catalogue, instance socket).
	Locations locations.Locations
	// Catalog is the endpoint catalogue in force.
	Catalog *catalog.Catalog
	// Health is the environment the checks observe.
	Health *health.Env
	// CatalogWarning says why the per-user catalogue (Locations.Catalogue())
	// was ignored: the built-in one is in force.
	CatalogWarning error
	// Warnings are said to the user once and do not stop the program (an
	// unknown home directory).
	Warnings []string
}

// ErrConfig marks a --config file that cannot be used: the CLI exits 3.
var ErrConfig = errors.New("endpoint catalogue")

// Open opens the product. Its only error is a broken --config file (wrapped
// in ErrConfig); everything else degrades to a warning.
func Open(o Options) (*Product, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.GOOS == "" {
		o.GOOS = goos
	}
	p := &Product{opts: o}
	loc, err := locations.For(o.GOOS, o.Getenv)
	if err != nil {
		p.Warnings = append(p.Warnings, err.Error())
	}
	p.Locations = loc

	cat, warn, err := catalog.Open(o.Config, loc.Catalogue())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	p.CatalogWarning = warn
	p.Catalog = cat
	env, homeWarn := checks.NewEnv(cat)
	if homeWarn != "" {
		p.Warnings = append(p.Warnings, homeWarn)
	}
	p.Health = env
	p.provideFirewall(env)
	return p, nil
}

// Paths are the product's per-user locations under getenv (nil:
// os.Getenv), for a program that has not opened the product yet (help
// texts).
func Paths(getenv func(string) string) locations.Locations {
	if getenv == nil {
		getenv = os.Getenv
	}
	l, _ := locations.For(goos, getenv)
	return l
}

// Documents is the user's Documents folder under getenv (nil: os.Getenv),
// where support bundles are saved by default (XDG user-dirs, the Windows
// Known Folder, ~/Documents; the home folder when there is none).
func Documents(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	return locations.DocumentsWith(getenv)
}

// Install is the WPS installation this run found (once, however many ask).
func (p *Product) Install() (wps.Install, error) { return health.Fact[wps.Install](p.Health) }

// Sharing is the redaction of reports this program prints or copies: paths
// relative to the home, profile and sync folders, the user's names and the
// account IDs masked; reveal shows them in full (credentials and tokens are
// stripped where they are read, whatever this says).
func (p *Product) Sharing(reveal bool) redact.Config {
	cfg := report.SystemRoots(p.Health.Home, p.opts.Getenv)
	if in, err := p.Install(); err == nil {
		cfg.SyncRoot = in.SyncRoot
	}
	cfg.Reveal = reveal
	return cfg
}

// FreshEnv is a new environment for the checks, with its own WPS
// discovery: a long-running program (the tray) asks for one per run, since
// WPS may be installed or updated meanwhile.
func (p *Product) FreshEnv() *health.Env {
	env, _ := checks.NewEnv(p.Catalog)
	p.provideFirewall(env)
	return env
}

// Checks is the full check catalogue.
func (p *Product) Checks() []health.Check {
	if p.checks != nil {
		return p.checks
	}
	return checks.All()
}

// Run runs the full set, or only the light checks (and what they depend
// on), each time with a fresh environment, and returns the report rendered
// in lang: the tray's monitor and the window's "Check now".
func (p *Product) Run(ctx context.Context, light bool, lang string) (health.Report, error) {
	rep, err := health.Diagnose(ctx, p.Checks(), p.FreshEnv(), health.Options{Light: light, Lang: lang, Tool: p.Tool()})
	if err != nil {
		return rep, err
	}
	rep.Localize(lang, i18n.T)
	return rep, ctx.Err()
}

// Tool names this program in reports.
func (p *Product) Tool() health.Tool {
	return health.Tool{Name: p.opts.Program, Version: p.opts.Version}
}

// Diagnose runs the checks (all, light, or only some, as o says) in this
// program's name.
func (p *Product) Diagnose(ctx context.Context, o health.Options) (health.Report, error) {
	o.Tool = p.Tool()
	return health.Diagnose(ctx, p.Checks(), p.Health, o)
}

// self is the binary that answers the verbs.
func (p *Product) self() (string, error) {
	if p.opts.Self != "" {
		return p.opts.Self, nil
	}
	return os.Executable()
}

// captivePortal runs net.captive (and net.online before it): one plain-HTTP
// request to a catalogue host, the only traffic the product sends. The fix
// that changes DNS asks it, so it never "repairs" a hotel login page.
func (p *Product) captivePortal(ctx context.Context) bool {
	for _, f := range health.Verify(ctx, network.Checks(), p.Health, []string{network.IDCaptive}) {
		if f.Code == network.CodeCaptive {
			return true
		}
	}
	return false
}

// Engine builds the fix engine over the state directory: elevated steps go
// to the agent service when it answers, else to this same binary's
// privileged verb through an administrator prompt (see agent.go), and a fix is verified in a fresh
// process of it (a fix changes OS state this process may have cached: Go's
// resolver re-reads resolv.conf at most every 5 s).
func (p *Product) Engine() (*fixes.Engine, error) {
	if p.Locations.State == "" {
		return nil, locations.ErrNoHome
	}
	fenv := fixes.SystemEnv(p.Health)
	fenv.Captive = p.captivePortal
	fenv.Firewall = p.readFirewall
	eng, err := fixes.NewEngine(p.Locations.State, fenv)
	if err != nil {
		return nil, err
	}
	self, err := p.self()
	if err != nil {
		// Without our own path nothing can be elevated or re-run: verify
		// in this process, and let elevated steps fail with a reason.
		eng.Elevator = nil
		eng.Verify = func(ctx context.Context, ids []string) []health.Finding {
			return health.Verify(ctx, p.Checks(), p.Health, ids)
		}
		return eng, nil
	}
	eng.Elevator = p.elevator(self)
	args := VerifyArgs(p.opts.Config)
	eng.Verify = func(ctx context.Context, ids []string) []health.Finding {
		return checks.VerifyFresh(ctx, self, args, p.Health, ids)
	}
	return eng, nil
}
