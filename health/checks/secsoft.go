package checks

import (
	"context"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/health/network"
	"wpsdoctor/platform/secsoft"
)

// provideSecurity makes the security software of this computer a fact,
// learned once per run (Windows asks Security Center through PowerShell).
func provideSecurity(env *health.Env) {
	health.Provide(env, func() (secsoft.Detected, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		return secsoft.Detect(ctx)
	})
}

// securityNamed are the codes whose findings name the security product
// installed: connections dropped, reset or refused, and HTTPS inspected
// or cut off during the handshake.
var securityNamed = map[string]bool{
	network.CodeTCPFiltered: true, network.CodeTCPReset: true, network.CodeTCPRefused: true,
	network.CodeTLSIntercept: true, network.CodeTLSReset: true, network.CodeTLSStalled: true,
}

// namesSecurity names the security product found (security.software) in
// a blocked or inspected connection's finding.
func namesSecurity(f health.Finding, deps map[string]health.Finding) health.Finding {
	sec, ok := deps[local.IDSecurity]
	if !ok || sec.Code != local.CodeSecurityFound || !securityNamed[f.Code] {
		return f
	}
	return local.NameSecurity(f, sec)
}

// chain applies refiners in order.
func chain(rs ...func(health.Finding, map[string]health.Finding) health.Finding) func(health.Finding, map[string]health.Finding) health.Finding {
	return func(f health.Finding, deps map[string]health.Finding) health.Finding {
		for _, r := range rs {
			f = r(f, deps)
		}
		return f
	}
}
