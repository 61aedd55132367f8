package link

import (
	"context"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// Diagnoser runs the checks the way `wpsdoctor check` does, for the tray's
// monitor and the window's "Check now".
type Diagnoser struct {
	// Checks is the catalogue to run (checks.All() in the program; the
	// caller wires it so this package stays free of the check packages).
	Checks []health.Check
	// Env builds the environment the checks observe, afresh for each run;
	// nil means the built-in catalogue and no WPS discovery.
	Env     func() *health.Env
	Version string
}

// Run runs the full set, or only the light checks (and what they depend
// on), and returns a report rendered in lang.
func (d *Diagnoser) Run(ctx context.Context, light bool, lang string) (health.Report, error) {
	var env *health.Env
	if d.Env != nil {
		env = d.Env()
	} else {
		env = health.NewEnv(catalog.Default(), "", nil)
	}
	rep, err := health.Diagnose(ctx, d.Checks, env, health.Options{
		Light: light, Lang: lang, Tool: health.Tool{Name: "wpsdoctor-tray", Version: d.Version},
	})
	if err != nil {
		return rep, err
	}
	Localize(&rep, lang)
	return rep, ctx.Err()
}

// Localize renders every finding's message in lang (the report keeps the
// keys, so it can be re-rendered when the user switches language).
func Localize(r *health.Report, lang string) { r.Localize(lang, i18n.T) }

// Runner limits, the same for every front end.
const (
	DefaultTimeout = health.DefaultTimeout
	Deadline       = health.Deadline
)
