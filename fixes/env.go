package fixes

import (
	"context"
	"os"
	"runtime"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/platform/dnsconf"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/proc"
	"wpsdoctor/platform/timesync"
	"wpsdoctor/platform/wps"
)

// Env is what planners observe through. SystemEnv builds the real one;
// tests fill in fixtures, including another OS's (OS "windows" on Linux),
// which is how the Windows and macOS plans are tested everywhere.
type Env struct {
	// OS is the GOOS the plan is for.
	OS      string
	Catalog *catalog.Catalog
	// Family is the service family whose resolvers/NTP to use; empty means
	// the installed edition's, else mainland.
	Family string
	Home   string
	// FS reads native paths of OS (a wps.FixtureFS in tests).
	FS  wps.FS
	Now func() time.Time
	// Options are explicit consents for optional parts of a fix (see
	// OptRemoveBlockRules).
	Options map[string]bool

	Install func() (wps.Install, error)
	// SignIn reads the sign-in state (login-store items); nil reads it
	// through FS for OS and Home (wps.ReadSignIn).
	SignIn    func() (wps.SignIn, error)
	Processes func(ctx context.Context) ([]proc.Process, error)
	DNS       func(ctx context.Context) (dnsconf.State, error)
	Firewall  func(ctx context.Context, apps []string) (firewall.State, error)
	Time      func(ctx context.Context) (timesync.State, error)
	// Captive reports whether a captive portal stands between this
	// computer and the service (asked only by fixes that change DNS).
	Captive func(ctx context.Context) bool
}

// OptRemoveBlockRules consents to disabling local Windows firewall rules
// that block WPS (they are re-enabled by undo).
const OptRemoveBlockRules = "remove-block-rules"

// SystemEnv returns an Env over this computer, sharing h's catalogue and
// memoised WPS discovery. Captive is left to the composition root, which
// knows the checks (package product asks net.captive).
func SystemEnv(h *health.Env) *Env {
	cat := h.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	return &Env{
		OS:        runtime.GOOS,
		Catalog:   cat,
		Home:      h.Home,
		FS:        wps.OSFS{},
		Now:       h.Clock,
		Install:   func() (wps.Install, error) { return health.Fact[wps.Install](h) },
		SignIn:    wps.DiscoverSignIn,
		Processes: proc.List,
		DNS:       func(ctx context.Context) (dnsconf.State, error) { return dnsconf.Read(ctx, dnsconf.Paths{}) },
		Firewall:  firewall.Read,
		Time:      timesync.Read,
	}
}

func (e *Env) captive(ctx context.Context) bool {
	return e.Captive != nil && e.Captive(ctx)
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Env) install() wps.Install {
	if e.Install == nil {
		return wps.Install{OS: e.OS}
	}
	in, _ := e.Install()
	if in.OS == "" {
		in.OS = e.OS
	}
	return in
}

// family returns the catalogue family to use.
func (e *Env) family() *catalog.Family {
	cat := e.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	name := e.Family
	if name == "" {
		if f := e.install().ServiceFamily(); f != wps.FamilyUnknown {
			name = string(f)
		}
	}
	if f := cat.Family(name); f != nil {
		return f
	}
	if f := cat.Family(catalog.Mainland); f != nil {
		return f
	}
	names := cat.FamilyNames()
	if len(names) == 0 {
		return &catalog.Family{}
	}
	return cat.Family(names[0])
}

func (e *Env) processes(ctx context.Context) []proc.Process {
	if e.Processes == nil {
		return nil
	}
	ps, _ := e.Processes(ctx)
	return ps
}

func (e *Env) fs() wps.FS {
	if e.FS == nil {
		return wps.OSFS{}
	}
	return e.FS
}

func (e *Env) home() string {
	if e.Home != "" {
		return e.Home
	}
	h, _ := os.UserHomeDir()
	return h
}

func (e *Env) signIn() wps.SignIn {
	if e.SignIn != nil {
		if s, err := e.SignIn(); err == nil {
			return s
		}
		return wps.SignIn{State: wps.SignInUnknown}
	}
	return wps.ReadSignIn(e.fs(), e.OS, e.home(), map[string]string{"USERPROFILE": e.home()})
}
