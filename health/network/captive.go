package network

import (
	"context"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

// checkCaptive sends one plain-HTTP request to a WPS host. It depends only
// on net.online, and dns.resolve depends on it: a portal that hijacks DNS
// is the cause, its bogus answers only the symptom.
func checkCaptive(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	ts := s.targets(fams, plainPorts)
	if len(ts) == 0 {
		return health.Skip(CodeCaptiveNA, health.Msg("net.captive.no_endpoint"))
	}
	var results []netprobe.CaptiveResult
	unresolved := 0
	for _, t := range ts {
		ip, _, ok := s.address(ctx, t.Host)
		if !ok {
			unresolved++
			continue
		}
		fam := s.cat.Family(t.Family)
		r := netprobe.ProbeCaptive(ctx, joinHostPort(ip, t.Port), t.Host, fam.InFamily, s.probe)
		results = append(results, r)
		switch r.Verdict {
		case netprobe.CaptiveRedirect, netprobe.CaptiveLoginPage, netprobe.CaptiveAuthReq:
			return health.Fail(CodeCaptive, health.Msg("net.captive.portal", "location", orUnknown(r.Location))).
				With("probes", results)
		case netprobe.CaptiveClear:
			return health.OK(CodeCaptiveClear, health.Msg("net.captive.clear")).With("probes", results)
		}
	}
	if len(results) == 0 && unresolved > 0 {
		// Nothing resolved: dns.resolve tells why. (This check cannot be
		// hidden behind it: dns.resolve depends on this one.)
		return health.Skip(CodeCaptiveNA, health.Msg("net.captive.unresolved")).With("unresolved", unresolved)
	}
	return health.Skip(CodeCaptiveNA, health.Msg("net.captive.no_answer")).With("probes", results)
}
