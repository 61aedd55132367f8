package link

import (
	"context"
	"runtime"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/sysinfo"
)

// Diagnoser runs the checks the way `wpsdoctor check` does, for the tray's
// monitor and the window's "Check now".
type Diagnoser struct {
	Catalog *catalog.Catalog
	// Checks is the catalogue to run (checks.All() in the program; the
	// caller wires it so this package stays free of the check packages).
	Checks []health.Check
	// Env builds the environment the checks observe.
	Env     func(*catalog.Catalog) *health.Env
	Version string
}

// Run runs the full set, or only the light checks (and what they depend
// on), and returns a report rendered in lang.
func (d *Diagnoser) Run(ctx context.Context, light bool, lang string) (health.Report, error) {
	all := d.Checks
	sel := all
	if light {
		var ids []string
		for _, c := range all {
			if c.Light {
				ids = append(ids, c.ID)
			}
		}
		var err error
		if sel, err = health.Select(all, ids); err != nil {
			return health.Report{}, err
		}
	}
	cat := d.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	env := health.NewEnv(cat, "", nil)
	if d.Env != nil {
		env = d.Env(cat)
	}
	r := health.Runner{Checks: sel, DefaultTimeout: DefaultTimeout, Deadline: Deadline}
	start := time.Now()
	findings := r.Run(ctx, env)
	host := health.Host{OS: runtime.GOOS, Arch: runtime.GOARCH}
	if info, err := sysinfo.OSVersion(); err == nil {
		host.OSVersion = info.Display()
	}
	rep := health.NewReport(health.Tool{Name: "wpsdoctor-tray", Version: d.Version}, host, lang, start, time.Since(start), findings)
	Localize(&rep, lang)
	return rep, ctx.Err()
}

// Localize renders every finding's message in lang (the report keeps the
// keys, so it can be re-rendered when the user switches language).
func Localize(r *health.Report, lang string) {
	r.Lang = lang
	for i := range r.Findings {
		r.Findings[i].Text = i18n.T(lang, r.Findings[i].Message.Key, r.Findings[i].Message.Args)
	}
}

// Runner limits, the same as the CLI's (health/checks): kept here as
// constants so this package does not pull in the check implementations.
const (
	DefaultTimeout = 10 * time.Second
	Deadline       = 30 * time.Second
)
