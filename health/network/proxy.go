package network

import (
	"context"
	"strings"
	"sync"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
	"wpsdoctor/platform/netinfo"
)

// proxyUse is how one configured proxy treats WPS traffic.
type proxyUse struct {
	Config    netinfo.Proxy        `json:"config"`
	Via       string               `json:"via,omitempty"` // the proxy WPS's sign-in host would use
	Uncertain bool                 `json:"uncertain,omitempty"`
	Probe     *netprobe.ProxyCheck `json:"probe,omitempty"`
}

// checkProxy lists proxies from the environment and the OS, says whether
// WPS hosts go through them, and asks each such proxy to CONNECT to the
// sign-in host.
func checkProxy(ctx context.Context, s *session) health.Finding {
	cfgs, err := s.o.Info.Proxies(ctx)
	fams, _ := s.families()
	host, port := "", 443
	for _, fn := range fams {
		if t, ok := s.loginTarget(fn); ok {
			host, port = t.Host, t.Port
			break
		}
	}
	var uses []*proxyUse
	var wg sync.WaitGroup
	for _, c := range cfgs {
		if !c.Active() {
			continue
		}
		u := &proxyUse{Config: c}
		u.Via, u.Uncertain = c.UsesProxy(host)
		uses = append(uses, u)
		if u.Via != "" && !strings.Contains(u.Via, "://") { // socks5://… is not probed
			wg.Add(1)
			go func(u *proxyUse) {
				defer wg.Done()
				p := netprobe.ProbeHTTPProxy(ctx, u.Via, joinHostPort(host, port), s.probe)
				u.Probe = &p
			}(u)
		}
	}
	wg.Wait()
	return proxyFinding(uses, err)
}

func proxyFinding(uses []*proxyUse, readErr error) health.Finding {
	ev := func(f health.Finding) health.Finding {
		f = f.With("proxies", uses)
		if readErr != nil {
			f = f.With("read_error", readErr.Error())
		}
		return f
	}
	if len(uses) == 0 {
		if readErr != nil {
			return ev(health.Errorf(CodeProxyUnknown, health.Msg("net.proxy.unknown", "error", readErr.Error())))
		}
		return ev(health.OK(CodeProxyNone, health.Msg("net.proxy.none")))
	}
	for _, u := range uses {
		if u.Probe != nil && !u.Probe.OK {
			reason := string(u.Probe.TCP)
			if u.Probe.TCP == netprobe.TCPOK {
				reason = u.Probe.Error
			}
			return ev(health.Fail(CodeProxyDead, health.Msg("net.proxy.dead", "proxy", u.Via, "source", u.Config.Source, "reason", reason)))
		}
	}
	for _, u := range uses {
		if u.Uncertain {
			return ev(health.Info(CodeProxyPAC, health.Msg("net.proxy.pac", "source", u.Config.Source, "pac", orUnknown(u.Config.PAC))))
		}
	}
	for _, u := range uses {
		if u.Via != "" {
			return ev(health.Info(CodeProxyWorks, health.Msg("net.proxy.works", "proxy", u.Via, "source", u.Config.Source)))
		}
	}
	return ev(health.OK(CodeProxyBypass, health.Msg("net.proxy.bypass", "source", uses[0].Config.Source)))
}
