package network

import (
	"context"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/netprobe"
	"wpsdoctor/platform/netinfo"
	"wpsdoctor/report/redact"
)

// Finding codes of the paths through a proxy. Stable.
const (
	CodeTCPViaProxy   = "WSD-PRX-010" // WPS servers answer through the proxy; direct connections are blocked (a proxy-only network)
	CodeTCPProxyInWay = "WSD-PRX-011" // connections through the proxy fail where direct ones work: the proxy is in the way
	CodeProxyAuth     = "WSD-PRX-012" // the proxy asks for a user name and password, or rejects the configured ones
)

// proxyRoute is the proxy the WPS client would use for one host.
type proxyRoute struct {
	via    netprobe.Via
	source string
}

// proxiedTCP is one endpoint port reached through its proxy.
type proxiedTCP struct {
	Host   string                 `json:"host"`
	Port   int                    `json:"port"`
	Source string                 `json:"source"`
	Result netprobe.ProxiedResult `json:"result"`
}

// proxiedTLS is one handshake through a proxy's tunnel.
type proxiedTLS struct {
	Host   string                 `json:"host"`
	Port   int                    `json:"port"`
	Source string                 `json:"source"`
	Tunnel netprobe.ProxiedResult `json:"tunnel"`
	Result netprobe.TLSResult     `json:"result"`
}

// proxiedState holds one run's proxy settings and the probes made
// through them, shared like the direct probes (one per endpoint port).
type proxiedState struct {
	once sync.Once
	cfg  map[string]*lazy[proxyConfigs]
	tcp  map[string]*lazy[*proxiedTCP]
	tls  map[string]*lazy[*proxiedTLS]
}

type proxyConfigs struct {
	list []netinfo.Proxy
	err  error
}

func (s *session) pxs() *proxiedState {
	s.px.once.Do(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.px.cfg = map[string]*lazy[proxyConfigs]{}
		s.px.tcp = map[string]*lazy[*proxiedTCP]{}
		s.px.tls = map[string]*lazy[*proxiedTLS]{}
	})
	return &s.px
}

// proxyConfigs reads the proxy settings once per run.
func (s *session) proxyConfigs() *lazy[proxyConfigs] {
	return memo(s, s.pxs().cfg, "", func(ctx context.Context) proxyConfigs {
		l, err := s.o.Info.Proxies(ctx)
		return proxyConfigs{l, err}
	})
}

// route returns the proxy a connection to https://host goes through: the
// first active setting (the environment, then the OS) decides, with its
// bypass list (NO_PROXY through httpproxy). No route: no proxy, the host
// bypasses it, a PAC script decides (it is not evaluated), or a proxy
// scheme the probes cannot speak.
func route(cfgs []netinfo.Proxy, host string) (proxyRoute, bool) {
	for _, c := range cfgs {
		if !c.Active() {
			continue
		}
		via, uncertain := c.UsesProxy(host)
		if uncertain || via == "" {
			return proxyRoute{}, false
		}
		addr, socks := netinfo.SOCKSAddr(via)
		if !socks && strings.Contains(via, "://") {
			return proxyRoute{}, false
		}
		return proxyRoute{source: c.Source, via: netprobe.Via{
			Label: redact.ProxyURL(via), Addr: addr, SOCKS: socks, User: c.User(via),
		}}, true
	}
	return proxyRoute{}, false
}

// proxiedConnect connects to t through the proxy WPS uses for its host;
// nil when t goes direct.
func (s *session) proxiedConnect(t target) *lazy[*proxiedTCP] {
	return memo(s, s.pxs().tcp, hostPortKey(t.Host, t.Port), func(ctx context.Context) *proxiedTCP {
		cfgs, _ := s.proxyConfigs().wait(ctx)
		r, ok := route(cfgs.list, t.Host)
		if !ok {
			return nil
		}
		res := netprobe.ConnectViaProxy(ctx, r.via, joinHostPort(t.Host, t.Port), s.plain(t.Port), s.probe)
		return &proxiedTCP{Host: t.Host, Port: t.Port, Source: r.source, Result: res}
	})
}

// proxiedHandshake shakes hands with t through its proxy's tunnel; nil
// when t goes direct.
func (s *session) proxiedHandshake(t target) *lazy[*proxiedTLS] {
	return memo(s, s.pxs().tls, hostPortKey(t.Host, t.Port), func(ctx context.Context) *proxiedTLS {
		cfgs, _ := s.proxyConfigs().wait(ctx)
		r, ok := route(cfgs.list, t.Host)
		if !ok {
			return nil
		}
		o := netprobe.TLSOptions{Roots: s.o.Roots, Now: s.env.Clock, Timeout: s.probe}
		res, tun := netprobe.HandshakeTLSViaProxy(ctx, r.via, joinHostPort(t.Host, t.Port), t.Host, o)
		return &proxiedTLS{Host: t.Host, Port: t.Port, Source: r.source, Tunnel: tun, Result: res}
	})
}

// reachThroughProxy counts a family that answers only through the proxy
// WPS uses as answering (a proxy-only network).
func reachThroughProxy(ctx context.Context, px *lazy[*proxiedTCP], r *familyReach) {
	if r.ok() {
		return
	}
	if p, ok := px.wait(ctx); ok && p != nil && p.Result.OK() {
		r.TCP, r.MS, r.Proxy = netprobe.TCPOK, p.Result.MS, p.Result.Proxy
	}
}

// startEach starts one probe per target (they run at once, beside the
// direct ones).
func startEach[T any](ts []target, start func(target) *lazy[*T]) []*lazy[*T] {
	out := make([]*lazy[*T], len(ts))
	for i, t := range ts {
		out[i] = start(t)
	}
	return out
}

// waitEach collects the probes that went through a proxy; ok is false
// when ctx ended first.
func waitEach[T any](ctx context.Context, ls []*lazy[*T]) ([]T, bool) {
	var out []T
	for _, l := range ls {
		v, ok := l.wait(ctx)
		if !ok {
			return out, false
		}
		if v != nil {
			out = append(out, *v)
		}
	}
	return out, true
}

func hostPortKey(host string, port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }

// proxyOutcomeRef names an outcome through a proxy in the reader's
// language: a message (the proxy itself is out of reach, and how) or a
// key reference.
func proxyOutcomeRef(r netprobe.ProxiedResult) any {
	if r.Outcome == netprobe.ProxyDown {
		return health.Msg("proxy.outcome.proxy_down", "how", outcomeRef(r.ProxyTCP))
	}
	return i18n.KeyRef + i18n.MemberKey("proxy.outcome", string(r.Outcome))
}

// carry gives g the evidence f gathered.
func carry(f, g health.Finding) health.Finding {
	for k, v := range f.Evidence {
		g = g.With(k, v)
	}
	return g
}

func sortedEndpoints(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
