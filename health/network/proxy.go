package network

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/netprobe"
	"wpsdoctor/platform/netinfo"
	"wpsdoctor/report/redact"
)

// shown is a proxy setting as evidence shows it: without user info or
// tokens, whichever reader produced it.
func shown(c netinfo.Proxy) netinfo.Proxy {
	c.Authenticated = c.Authenticated || redact.HasUserinfo(c.HTTP) || redact.HasUserinfo(c.HTTPS) || redact.HasUserinfo(c.SOCKS)
	c.HTTP, c.HTTPS, c.SOCKS, c.PAC = redact.ProxyURL(c.HTTP), redact.ProxyURL(c.HTTPS), redact.ProxyURL(c.SOCKS), redact.ProxyURL(c.PAC)
	c.Users = nil
	return c
}

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
	pc, ok := s.proxyConfigs().wait(ctx) // read once, shared with the probes through the proxy
	cfgs, err := pc.list, pc.err
	if !ok {
		err = ctx.Err()
	}
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
		u := &proxyUse{Config: shown(c)}
		u.Via, u.Uncertain = c.UsesProxy(host)
		u.Via = redact.ProxyURL(u.Via)
		uses = append(uses, u)
		if u.Via == "" {
			continue
		}
		addr, socks := netinfo.SOCKSAddr(u.Via)
		if !socks && strings.Contains(u.Via, "://") {
			continue // a scheme we cannot speak
		}
		wg.Add(1)
		go func(u *proxyUse, user *url.Userinfo) {
			defer wg.Done()
			// A SOCKS proxy is asked with the SOCKS protocol (an HTTP
			// CONNECT to it fails even when it works); both are given
			// the configured credentials.
			p := netprobe.ProbeProxy(ctx, netprobe.Via{Label: u.Via, Addr: addr, SOCKS: socks, User: user}, joinHostPort(host, port), s.probe)
			u.Probe = &p
		}(u, c.User(u.Via))
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
		if u.Probe != nil && u.Probe.Outcome == netprobe.ProxyAuth {
			return ev(proxyAuthFinding(u.Probe, u.Config.Source, false))
		}
		if u.Probe != nil && !u.Probe.OK {
			reason := outcomeRef(u.Probe.TCP)
			if u.Probe.TCP == netprobe.TCPOK {
				reason = u.Probe.Error
			}
			return ev(health.Fail(CodeProxyDead, health.Msg("net.proxy.dead", "proxy", u.Via, "source", sourceRef(u.Config.Source), "reason", reason)))
		}
	}
	for _, u := range uses {
		if u.Uncertain {
			return ev(health.Info(CodeProxyPAC, health.Msg("net.proxy.pac", "source", sourceRef(u.Config.Source), "pac", orUnknown(u.Config.PAC))))
		}
	}
	for _, u := range uses {
		if u.Via != "" {
			return ev(health.Info(CodeProxyWorks, health.Msg("net.proxy.works", "proxy", u.Via, "source", sourceRef(u.Config.Source))))
		}
	}
	return ev(health.OK(CodeProxyBypass, health.Msg("net.proxy.bypass", "source", sourceRef(uses[0].Config.Source))))
}

// proxySources are the places proxy settings are read from that have a
// name in the reader's language (net.proxy.source.*).
var proxySources = map[string]bool{"env": true, "wininet": true, "winhttp": true, "scutil": true, "gnome": true, "kde": true}

// sourceRef names where a proxy setting came from in the reader's
// language; an unknown source is shown as it is.
func sourceRef(src string) string {
	if proxySources[src] {
		return i18n.KeyRef + i18n.MemberKey("net.proxy.source", src)
	}
	return src
}

// outcomeRef names a connection outcome in the reader's language.
func outcomeRef(o netprobe.TCPOutcome) string {
	switch o {
	case netprobe.TCPRefused, netprobe.TCPTimeout, netprobe.TCPReset, netprobe.TCPClosed,
		netprobe.TCPUnreachable, netprobe.TCPNoRoute, netprobe.TCPBlocked, netprobe.TCPError:
		return i18n.KeyRef + i18n.MemberKey("net.outcome", string(o))
	}
	return string(o)
}
