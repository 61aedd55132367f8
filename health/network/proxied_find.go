package network

import (
	"context"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

// tcpThroughProxy judges net.tcp as the WPS client meets it: endpoints
// that go through a proxy by the connection through it, the others by
// the direct one. f is the verdict on the direct connections; both sets
// stay in the evidence.
func tcpThroughProxy(ctx context.Context, ls []*lazy[*proxiedTCP], direct []tcpResult, f health.Finding) health.Finding {
	px, ok := waitEach(ctx, ls)
	if !ok || len(px) == 0 {
		return f
	}
	f = f.With("proxied", px)
	directOK := map[string]bool{}
	for _, r := range direct {
		directOK[hostPortKey(r.Host, r.Port)] = r.Result.Outcome == netprobe.TCPOK
	}
	proxied := map[string]bool{}
	var failed []proxiedTCP
	for _, p := range px {
		proxied[hostPortKey(p.Host, p.Port)] = true
		if !p.Result.OK() {
			failed = append(failed, p)
		}
	}
	if len(failed) == 0 {
		for k, ok := range directOK {
			if !ok && !proxied[k] {
				return f // an endpoint that bypasses the proxy fails directly
			}
		}
		if f.Status == health.StatusOK {
			return f
		}
		return carry(f, health.OK(CodeTCPViaProxy, health.Msg("proxy.tcp.via_proxy", "proxy", px[0].Result.Proxy, "count", len(px))))
	}
	return carry(f, proxyFailure(failed, directOK, f))
}

// proxyFailure names what fails through the proxy: a password it asks
// for, a proxy in the way of connections that work directly, or both
// paths failing (f's verdict, naming the proxy).
func proxyFailure(failed []proxiedTCP, directOK map[string]bool, f health.Finding) health.Finding {
	first := failed[0].Result
	eps := map[string]bool{}
	allDirectOK := true
	for _, p := range failed {
		k := hostPortKey(p.Host, p.Port)
		eps[k] = true
		allDirectOK = allDirectOK && directOK[k]
	}
	endpoints := sortedEndpoints(eps)
	src := sourceRef(failed[0].Source)
	if first.Outcome == netprobe.ProxyAuth {
		return proxyAuthFinding(&netprobe.ProxyCheck{Proxy: first.Proxy, AuthSent: first.AuthSent}, failed[0].Source, allDirectOK)
	}
	if allDirectOK || f.Status == health.StatusOK {
		return health.Warn(CodeTCPProxyInWay, health.Msg("proxy.tcp.in_the_way",
			"proxy", first.Proxy, "source", src, "endpoints", endpoints, "reason", proxyOutcomeRef(first)))
	}
	return health.Fail(f.Code, health.Msg("proxy.tcp.both_failed", "direct", f.Message,
		"proxy", first.Proxy, "reason", proxyOutcomeRef(first))).Suggest(f.Fixes...)
}

// proxyAuthFinding: the proxy asks for a user name and password (none is
// configured) or rejects the configured ones. It is a warning when WPS's
// servers answer direct connections.
func proxyAuthFinding(p *netprobe.ProxyCheck, source string, directOK bool) health.Finding {
	key := "proxy.auth"
	if p.AuthSent {
		key = "proxy.auth_rejected"
	}
	m := health.Msg(key, "proxy", p.Proxy, "source", sourceRef(source))
	if directOK {
		return health.Warn(CodeProxyAuth, m)
	}
	return health.Fail(CodeProxyAuth, m)
}

// tlsThroughProxy judges net.tls on the path WPS takes: a handshake
// through the proxy's tunnel replaces the direct one for its endpoint
// (interception by the proxy shows there); where the tunnel could not
// be opened the direct handshake is judged (net.tcp names the proxy).
func tlsThroughProxy(ctx context.Context, ls []*lazy[*proxiedTLS], direct []*tlsResult, now time.Time) health.Finding {
	px, ok := waitEach(ctx, ls)
	if !ok || len(px) == 0 {
		return tlsFinding(direct, now)
	}
	byKey := map[string]*tlsResult{}
	var judged []*tlsResult
	for _, r := range direct {
		c := *r
		byKey[hostPortKey(r.Host, r.Port)] = &c
		judged = append(judged, &c)
	}
	directFailed, used := false, 0
	for _, p := range px {
		if p.Result.Outcome == netprobe.TLSNoConnect {
			continue
		}
		used++
		k := hostPortKey(p.Host, p.Port)
		c, ok := byKey[k]
		if !ok {
			c = &tlsResult{Host: p.Host, Port: p.Port}
			judged = append(judged, c)
		}
		directFailed = directFailed || c.Result.Outcome != netprobe.TLSOK
		c.Result, c.ClockOffsetMS = p.Result, nil
	}
	f := tlsFinding(judged, now).With("direct", direct).With("proxied", px)
	if f.Status == health.StatusOK && used > 0 && directFailed {
		f.Message = health.Msg("proxy.tls.via_proxy", "proxy", px[0].Tunnel.Proxy, "count", used)
	}
	return f
}
