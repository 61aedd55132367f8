package network

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"sync"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/netprobe"
	"wpsdoctor/platform/wps"
)

// registry hands each run (each Env) its own session, so the checks of one
// run share probes and different runs never mix.
type registry struct {
	o        Options
	mu       sync.Mutex
	sessions []*session // most recent last; a few kept
}

func (r *registry) session(env *health.Env) *session {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.sessions {
		// A session lives for one run: once its deadline has passed, the
		// same Env (an agent may keep one) gets fresh probes.
		if s.env == env && s.ctx.Err() == nil {
			return s
		}
	}
	s := newSession(r.o, env)
	r.sessions = append(r.sessions, s)
	if len(r.sessions) > 4 {
		r.sessions[0].cancel()
		r.sessions = r.sessions[1:]
	}
	return s
}

type checkFunc func(ctx context.Context, s *session) health.Finding

func (r *registry) run(f checkFunc) func(context.Context, *health.Env) health.Finding {
	return func(ctx context.Context, env *health.Env) health.Finding {
		s := r.session(env)
		ctx, cancel := context.WithTimeout(ctx, s.deadline)
		defer cancel()
		return f(ctx, s)
	}
}

// session holds one run's shared probe results. Probes run under the
// session's own context (bounded by the network deadline), not the calling
// check's, so a check cancelled because its root failed does not poison
// the answer another check is waiting for.
type session struct {
	o        Options
	env      *health.Env
	cat      *catalog.Catalog
	probe    time.Duration
	deadline time.Duration
	ctx      context.Context
	cancel   context.CancelFunc

	mu   sync.Mutex
	sys  map[string]*lazy[netprobe.DNSAnswer]
	pub  map[string]*lazy[[]netprobe.DNSAnswer]
	tcp  map[string]*lazy[netprobe.TCPResult]
	tls  map[string]*lazy[netprobe.TLSResult]
	sntp map[string]*lazy[netprobe.ClockSample]
	date map[string]*lazy[netprobe.ClockSample]
	px   proxiedState // the same probes through a configured proxy (proxied.go)
}

func newSession(o Options, env *health.Env) *session {
	cat := env.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	t := cat.Thresholds
	probe := time.Duration(t.ProbeTimeoutMS) * time.Millisecond
	deadline := time.Duration(t.NetworkDeadlineMS) * time.Millisecond
	if probe <= 0 {
		probe = 3 * time.Second
	}
	if deadline <= 0 || deadline > MaxCheckTime-500*time.Millisecond {
		deadline = MaxCheckTime - 500*time.Millisecond
	}
	if probe > deadline {
		probe = deadline
	}
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	return &session{
		o: o, env: env, cat: cat, probe: probe, deadline: deadline, ctx: ctx, cancel: cancel,
		sys:  map[string]*lazy[netprobe.DNSAnswer]{},
		pub:  map[string]*lazy[[]netprobe.DNSAnswer]{},
		tcp:  map[string]*lazy[netprobe.TCPResult]{},
		tls:  map[string]*lazy[netprobe.TLSResult]{},
		sntp: map[string]*lazy[netprobe.ClockSample]{},
		date: map[string]*lazy[netprobe.ClockSample]{},
	}
}

// lazy is a value computed once, in the background, by the first asker.
type lazy[T any] struct {
	done chan struct{}
	v    T
}

func (l *lazy[T]) wait(ctx context.Context) (T, bool) {
	select {
	case <-l.done:
		return l.v, true
	case <-ctx.Done():
		var zero T
		return zero, false
	}
}

func memo[T any](s *session, m map[string]*lazy[T], key string, f func(ctx context.Context) T) *lazy[T] {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := m[key]; ok {
		return l
	}
	l := &lazy[T]{done: make(chan struct{})}
	m[key] = l
	go func() {
		defer close(l.done)
		l.v = f(s.ctx)
	}()
	return l
}

// systemDNS is the system resolver's answer for host.
func (s *session) systemDNS(host string) *lazy[netprobe.DNSAnswer] {
	return memo(s, s.sys, host, func(ctx context.Context) netprobe.DNSAnswer {
		return netprobe.ResolveSystem(ctx, host, s.o.SystemResolver, s.probe)
	})
}

// publicDNS is what each of the family's public resolvers says about host.
func (s *session) publicDNS(host string, resolvers []string) *lazy[[]netprobe.DNSAnswer] {
	return memo(s, s.pub, host, func(ctx context.Context) []netprobe.DNSAnswer {
		out := make([]netprobe.DNSAnswer, len(resolvers))
		var wg sync.WaitGroup
		for i, r := range resolvers {
			wg.Add(1)
			go func(i int, r string) {
				defer wg.Done()
				out[i] = netprobe.QueryDNS(ctx, r, host, s.probe)
			}(i, r)
		}
		wg.Wait()
		return out
	})
}

// dialTCP is one memoised connect to addr.
func (s *session) dialTCP(addr string) *lazy[netprobe.TCPResult] {
	return memo(s, s.tcp, addr, func(ctx context.Context) netprobe.TCPResult {
		return netprobe.DialTCP(ctx, addr, s.probe)
	})
}

// handshake is one memoised TLS handshake to addr presenting host: net.tls
// judges it, net.quality asks whether loss explains its failure.
func (s *session) handshake(addr, host string) *lazy[netprobe.TLSResult] {
	return memo(s, s.tls, addr+"|"+host, func(ctx context.Context) netprobe.TLSResult {
		return netprobe.HandshakeTLS(ctx, addr, host, netprobe.TLSOptions{Roots: s.o.Roots, Now: s.env.Clock, Timeout: s.probe})
	})
}

// sntpSample is the SNTP sample of a catalogue time server ("host" or
// "host:port"), resolved through the session (deadline, injectable
// resolver: the NTP library's own lookup has no deadline).
func (s *session) sntpSample(srv string) *lazy[netprobe.ClockSample] {
	return memo(s, s.sntp, srv, func(ctx context.Context) netprobe.ClockSample {
		hp, err := catalog.ParseHostPort(srv, 123)
		if err != nil {
			return netprobe.ClockSample{Source: srv, Method: "sntp", Error: err.Error()}
		}
		host, port, _ := net.SplitHostPort(hp)
		ip, ans, ok := s.address(ctx, host)
		if !ok {
			return netprobe.ClockSample{Source: srv, Method: "sntp", Error: "resolve: " + string(ans.Outcome) + " " + ans.Error,
				Silent: ans.Outcome == netprobe.DNSTimeout}
		}
		return netprobe.SNTPOffset(ctx, srv, net.JoinHostPort(ip, port), s.probe)
	})
}

// ntpServers lists the families' time servers once.
func (s *session) ntpServers(families []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, fn := range families {
		for _, n := range s.cat.Family(fn).NTP {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// httpsDate is the Date-header clock sample of a TLS endpoint.
func (s *session) httpsDate(addr, host string) *lazy[netprobe.ClockSample] {
	return memo(s, s.date, addr+"|"+host, func(ctx context.Context) netprobe.ClockSample {
		return netprobe.HTTPSDateOffset(ctx, addr, host, s.probe)
	})
}

// address returns the address to connect to for host: the host itself when
// it is an IP literal, else the system resolver's first answer (IPv4
// preferred). ok is false when there is none (or ctx ended first).
func (s *session) address(ctx context.Context, host string) (ip string, ans netprobe.DNSAnswer, ok bool) {
	if isLiteral(host) {
		return host, netprobe.DNSAnswer{Resolver: netprobe.SystemResolver, Host: host, Outcome: netprobe.DNSOK, Addrs: []string{host}}, true
	}
	ans, ok = s.systemDNS(host).wait(ctx)
	if !ok || ans.Outcome != netprobe.DNSOK || len(ans.Addrs) == 0 {
		return "", ans, false
	}
	return pickAddr(ans.Addrs), ans, true
}

func pickAddr(addrs []string) string {
	for _, a := range addrs {
		if ip, err := netip.ParseAddr(a); err == nil && ip.Unmap().Is4() {
			return a
		}
	}
	return addrs[0]
}

func isLiteral(host string) bool { return net.ParseIP(host) != nil }

func joinHostPort(ip string, port int) string { return net.JoinHostPort(ip, strconv.Itoa(port)) }

// families returns the families to probe: the installed edition's when
// known and in the catalogue, else all of them.
func (s *session) families() (names []string, installed string) {
	in, err := health.Fact[wps.Install](s.env)
	if err == nil && in.Found {
		if f := string(in.ServiceFamily()); f != string(wps.FamilyUnknown) && s.cat.Family(f) != nil {
			return []string{f}, f
		}
	}
	return s.cat.FamilyNames(), ""
}

// target is one endpoint port.
type target struct {
	Family string
	Host   string
	Port   int
	Role   string
}

func (s *session) plain(port int) bool { return slices.Contains(s.o.PlainHTTPPorts, port) }

// targets lists the endpoint ports of the families; tls selects TLS ports
// (true), plain-HTTP ports (false) or every port (nil).
func (s *session) targets(families []string, tls *bool) []target {
	var out []target
	for _, fn := range families {
		f := s.cat.Family(fn)
		if f == nil {
			continue
		}
		for _, e := range f.Endpoints {
			for _, p := range e.Ports {
				if tls != nil && *tls == s.plain(p) {
					continue
				}
				out = append(out, target{Family: fn, Host: e.Host, Port: p, Role: e.Role})
			}
		}
	}
	return out
}

// hosts lists each family's endpoint hosts once.
func (s *session) hosts(families []string) []target {
	seen := map[string]bool{}
	var out []target
	for _, t := range s.targets(families, nil) {
		if !seen[t.Host] {
			seen[t.Host] = true
			out = append(out, t)
		}
	}
	return out
}

// loginTarget returns the family's sign-in endpoint on a TLS port (or its
// first TLS endpoint).
func (s *session) loginTarget(family string) (target, bool) {
	yes := true
	ts := s.targets([]string{family}, &yes)
	for _, t := range ts {
		if t.Role == "login" {
			return t, true
		}
	}
	if len(ts) > 0 {
		return ts[0], true
	}
	return target{}, false
}

var (
	tlsPorts   = func() *bool { b := true; return &b }()
	plainPorts = func() *bool { b := false; return &b }()
)

// envOffset converts an offset measured against the system clock into one
// against the Env's clock (they differ only when a test sets Env.Now).
func (s *session) envOffset(d time.Duration) time.Duration {
	return d - s.env.Clock().Sub(time.Now())
}
