package main

import (
	"context"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// diagnoser runs the checks the way `wpsdoctor check` does, for the tray's
// monitor and the window's "Check now".
type diagnoser struct {
	// Checks is the catalogue to run (the product's in the program).
	Checks []health.Check
	// Env builds the environment the checks observe, afresh for each run;
	// nil means the built-in catalogue and no WPS discovery.
	Env     func() *health.Env
	Version string
}

// Run runs the full set, or only the light checks (and what they depend
// on), and returns a report rendered in lang.
func (d *diagnoser) Run(ctx context.Context, light bool, lang string) (health.Report, error) {
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
	rep.Localize(lang, i18n.T)
	return rep, ctx.Err()
}
