package product

import (
	"context"
	"errors"

	"wpsdoctor/guide"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/wps"
)

// errNoChecks refuses a symptom run without checks: an empty selection
// would run the whole catalogue.
var errNoChecks = errors.New("no checks named")

// RunChecks runs the named checks (and what they depend on) with a fresh
// environment and returns the report in lang and the family whose links
// the guide gives: the window's symptom guide.
func (p *Product) RunChecks(ctx context.Context, only []string, lang string) (health.Report, string, error) {
	if len(only) == 0 {
		return health.Report{}, "", errNoChecks
	}
	env := p.FreshEnv()
	rep, err := health.Diagnose(ctx, p.Checks(), env, health.Options{Only: only, Lang: lang, Tool: p.Tool()})
	if err != nil {
		return rep, familyOf(env), err
	}
	rep.Localize(lang, i18n.T)
	return rep, familyOf(env), ctx.Err()
}

// Family is the family whose official links the guide gives: the
// signed-in account's where the files tell it, else the installed
// edition's; "" when neither can be told (the guide then gives both).
func (p *Product) Family() string { return familyOf(p.Health) }

func familyOf(env *health.Env) string {
	if s, _ := health.Fact[wps.SignIn](env); s.Family != wps.FamilyUnknown {
		return string(s.Family)
	}
	in, _ := health.Fact[wps.Install](env)
	return string(in.ServiceFamily())
}

// GuidePages are the catalogue's official pages of every family for this
// OS, for the guide's steps.
func (p *Product) GuidePages() guide.Pages { return guide.PagesFrom(p.Catalog, p.opts.GOOS) }
