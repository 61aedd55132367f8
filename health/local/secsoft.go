package local

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/secsoft"
)

// IDSecurity is the security-software check's ID.
const IDSecurity = "security.software"

// Security software codes.
const (
	CodeSecurityFound   = "WSD-SEC-001" // antivirus / internet security installed (named in blocked-connection findings)
	CodeSecurityNone    = "WSD-SEC-002" // no known security product found
	CodeSecurityUnknown = "WSD-SEC-003" // could not tell (Security Center and the process list unreadable)
)

// securityTimeout bounds asking Windows Security Center (PowerShell).
const securityTimeout = 20 * time.Second

// SecurityChecks are the checks of the security software on this
// computer. net.tcp and net.tls name what it finds when connections are
// blocked or inspected (health/checks wires them).
func SecurityChecks() []health.Check {
	return []health.Check{{ID: IDSecurity, Area: health.AreaNetwork, Timeout: securityTimeout, Run: checkSecurity}}
}

// checkSecurity reports the security products found (the fact
// secsoft.Detected, learned once per run).
func checkSecurity(ctx context.Context, env *health.Env) health.Finding {
	type result struct {
		d   secsoft.Detected
		err error
	}
	ch := make(chan result, 1)
	go func() {
		d, err := health.Fact[secsoft.Detected](env)
		ch <- result{d, err}
	}()
	var r result
	select {
	case r = <-ch:
	case <-ctx.Done():
		return health.Skip(CodeSecurityUnknown, health.Msg("local.secsoft.unknown", "reason", ctx.Err().Error()))
	}
	if r.err != nil {
		return health.Skip(CodeSecurityUnknown, health.Msg("local.secsoft.unknown", "reason", r.err.Error()))
	}
	if len(r.d.Products) == 0 {
		if len(r.d.Errors) >= 2 {
			return health.Skip(CodeSecurityUnknown, health.Msg("local.secsoft.unknown", "reason", r.d.Errors[0])).With("errors", r.d.Errors)
		}
		return health.OK(CodeSecurityNone, health.Msg("local.secsoft.none")).With("errors", r.d.Errors)
	}
	names := make([]string, len(r.d.Products))
	for i, p := range r.d.Products {
		names[i] = ProductRef(p)
	}
	f := health.Info(CodeSecurityFound, health.Msg("local.secsoft.found", "products", names)).With("products", r.d.Products)
	if len(r.d.Errors) > 0 {
		f = f.With("errors", r.d.Errors)
	}
	return f
}

// ProductRef is a product's name in the reader's language (a reference
// to secsoft.<id>.name), or the name Security Center gave an unknown one.
func ProductRef(p secsoft.Found) string {
	if p.ID == "" {
		return p.Name
	}
	return i18n.KeyRef + i18n.MemberKey(i18n.MemberKey("secsoft", p.ID), "name")
}

// productsOf reads the products evidence of the security finding (typed
// in the process that found them, raw JSON in a saved report).
func productsOf(sec health.Finding) []secsoft.Found {
	if ps, ok := sec.Evidence["products"].([]secsoft.Found); ok {
		return ps
	}
	b, err := json.Marshal(sec.Evidence["products"])
	if err != nil {
		return nil
	}
	var ps []secsoft.Found
	if json.Unmarshal(b, &ps) != nil {
		return nil
	}
	return ps
}

// NameSecurity names the security product found on this computer in a
// warn or fail finding about blocked or inspected connections: the
// finding's own text, then which product is installed and how to let WPS
// through it (its steps, in the reader's language). Fixes and code stay;
// the evidence gains the product. Without a product f is unchanged.
func NameSecurity(f, sec health.Finding) health.Finding {
	p, ok := secsoft.Detected{Products: productsOf(sec)}.First()
	if !ok || (f.Status != health.StatusWarn && f.Status != health.StatusFail) {
		return f
	}
	steps := i18n.KeyRef + i18n.MemberKey(i18n.MemberKey("secsoft", "other"), "steps")
	if p.ID != "" {
		steps = i18n.KeyRef + i18n.MemberKey(i18n.MemberKey("secsoft", p.ID), "steps")
	}
	n := health.Warn(f.Code, health.Msg("local.secsoft.named", "finding", f.Message, "product", ProductRef(p), "steps", steps))
	if f.Status == health.StatusFail {
		n = health.Fail(f.Code, health.Msg("local.secsoft.named", "finding", f.Message, "product", ProductRef(p), "steps", steps))
	}
	// The inner message's verbatim values (a certificate issuer, a tool's
	// error) travel along at the top, where the wording rule looks for them.
	for _, k := range []string{"issuer", "error", "reason"} {
		if v, ok := f.Message.Args[k]; ok {
			n.Message.Args[k] = v
		}
	}
	n.Check, n.Area, n.DurationMS, n.SuppressedBy = f.Check, f.Area, f.DurationMS, f.SuppressedBy
	n.Evidence = maps.Clone(f.Evidence)
	n.Fixes = slices.Clone(f.Fixes)
	return n.With("security_product", p)
}
