package network

import (
	"context"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/netprobe"
)

// providerProbe is the evidence for one sign-in provider host.
type providerProbe struct {
	Family   string `json:"family"`
	Provider string `json:"provider"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
	// Resolved is false when the system resolver gave no address.
	Resolved bool               `json:"resolved"`
	TLS      netprobe.TLSResult `json:"tls"`
	Blocked  bool               `json:"blocked"`
}

// providerTarget is one provider of one family.
type providerTarget struct {
	family string
	p      catalog.SigninProvider
}

// providers lists the families' sign-in providers, each host once.
func (s *session) providers(families []string) []providerTarget {
	var out []providerTarget
	seen := map[string]bool{}
	for _, fn := range families {
		f := s.cat.Family(fn)
		if f == nil {
			continue
		}
		for _, p := range f.SigninProviders {
			key := joinHostPort(p.Host, p.ProviderPort())
			if !seen[key] {
				seen[key] = true
				out = append(out, providerTarget{fn, p})
			}
		}
	}
	return out
}

// checkSignin connects to every sign-in provider of the families at once
// (TCP, then a TLS handshake, shared with the other checks) under the
// probe and network deadlines. A provider whose host does not resolve,
// does not connect or does not finish the handshake is blocked here.
func checkSignin(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	ts := s.providers(fams)
	if len(ts) == 0 {
		return health.Info(CodeSigninNone, health.Msg("servers.signin.none"))
	}
	out := make([]*providerProbe, len(ts))
	done := make(chan struct{}, len(ts))
	for i, t := range ts {
		go func() {
			defer func() { done <- struct{}{} }()
			p := &providerProbe{Family: t.family, Provider: t.p.ID, Host: t.p.Host, Port: t.p.ProviderPort(), Blocked: true}
			out[i] = p
			ip, _, ok := s.address(ctx, t.p.Host)
			if !ok {
				return
			}
			p.Resolved = true
			addr := joinHostPort(ip, p.Port)
			res, ok := s.handshake(addr, t.p.Host).wait(ctx)
			if !ok {
				res = netprobe.TLSResult{Addr: addr, ServerName: t.p.Host, Outcome: netprobe.TLSTimeout, Error: ctx.Err().Error()}
			}
			p.TLS = res
			p.Blocked = providerBlocked(res.Outcome)
		}()
	}
	for range ts {
		<-done
	}
	return signinFinding(out)
}

// providerBlocked: no connection, no finished handshake, or a certificate
// for another site (the traffic went elsewhere) blocks the sign-in. An
// untrusted or expired certificate reached the provider's address; net.tls
// and clock.skew name interception and a wrong clock.
func providerBlocked(o netprobe.TLSOutcome) bool {
	switch o {
	case netprobe.TLSOK, netprobe.TLSUntrusted, netprobe.TLSExpired, netprobe.TLSNotYetValid:
		return false
	}
	return true
}

// signinFinding names each blocked provider in one sentence.
func signinFinding(probes []*providerProbe) health.Finding {
	var items []health.Message
	var blocked []string
	for _, p := range probes {
		if p.Blocked {
			blocked = append(blocked, p.Provider)
			items = append(items, health.Msg("servers.signin.blocked_one",
				"provider", i18n.KeyRef+i18n.MemberKey("servers.provider", p.Provider), "host", p.Host))
		}
	}
	if len(items) > 0 {
		return health.Warn(CodeSigninBlocked, health.Msg("servers.signin.blocked", "items", items)).
			With("providers", probes).With("blocked", blocked)
	}
	return health.OK(CodeSigninOK, health.Msg("servers.signin.ok", "count", len(probes))).With("providers", probes)
}
