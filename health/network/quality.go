package network

import (
	"context"
	"sort"
	"sync"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

// checkQuality makes a few handshakes to each family's sign-in endpoint
// and, only when an uplink target is configured, measures upload speed.
//
// It is also the root of the reachability checks (dns.resolve, and through
// it net.tcp, net.tls, clock.skew, account.region): it waits for their
// shared probes, and when it measured loss (or latency along with lost
// packets) above the catalogue's limits while some of those probes got no
// answer on any attempt, it fails, naming loss as the cause, and the
// runner hides the timeouts behind it. A lossy link is not fixed by a
// different DNS server or a firewall rule.
func checkQuality(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	th := s.cat.Thresholds
	var qs []netprobe.Quality
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, fn := range fams {
		t, ok := s.loginTarget(fn)
		if !ok {
			continue
		}
		wg.Add(1)
		go func(fn string, t target) {
			defer wg.Done()
			ip, ok := s.anyAddress(ctx, t.Host, s.cat.Family(fn).Resolvers)
			if !ok {
				return
			}
			q := netprobe.MeasureQuality(ctx, joinHostPort(ip, t.Port), s.o.QualitySamples, 50*time.Millisecond, s.probe)
			mu.Lock()
			qs = append(qs, q)
			mu.Unlock()
		}(fn, t)
	}
	wg.Wait()
	// The upload runs after the handshakes: filling a slow uplink's queue
	// while timing handshakes would report the test's own load as latency
	// or jitter.
	var up *netprobe.Uplink
	if th.UplinkTarget != "" && ctx.Err() == nil {
		u := netprobe.MeasureUplink(ctx, th.UplinkTarget, s.o.UplinkDuration, 64<<20)
		up = &u
	}
	// Nothing got through: no loss to blame, so no need to wait for the
	// reachability probes (net.tcp reports why).
	var r reach
	if up != nil || anyThrough(qs) {
		r = s.reachability(ctx, fams)
	}
	return qualityFinding(qs, up, r, th.LatencyMS, th.JitterMS, th.LossPercent, th.UplinkMbps, th.UplinkLargeMbps)
}

func anyThrough(qs []netprobe.Quality) bool {
	for _, q := range qs {
		if q.Received+q.Retransmitted > 0 {
			return true
		}
	}
	return false
}

// anyAddress is the address to measure host at: the system resolver's,
// else a public resolver's (quality is about the path, and a lookup lost
// on a lossy link must not leave the loss unmeasured).
func (s *session) anyAddress(ctx context.Context, host string, resolvers []string) (string, bool) {
	if ip, _, ok := s.address(ctx, host); ok {
		return ip, true
	}
	pub, ok := s.publicDNS(host, resolvers).wait(ctx)
	if !ok {
		return "", false
	}
	for _, a := range pub {
		if a.Outcome == netprobe.DNSOK && len(a.Addrs) > 0 {
			return pickAddr(a.Addrs), true
		}
	}
	return "", false
}

// reach is what the reachability probes met on the way: probes that got
// no answer on any attempt (what loss can cause), and probes answered
// only after a packet was sent again (loss seen directly).
type reach struct {
	TimedOut []string `json:"timed_out,omitempty"`
	Retried  []string `json:"retried,omitempty"`
}

// reachability waits for the probes dns.resolve, net.tcp, net.tls and
// clock.skew share (starting those no check has asked for yet) and sorts
// out the silent and the retried ones.
func (s *session) reachability(ctx context.Context, fams []string) reach {
	t := &tally{}
	var wg sync.WaitGroup
	for _, tg := range s.hosts(fams) {
		if isLiteral(tg.Host) {
			continue
		}
		res := s.cat.Family(tg.Family).Resolvers
		wg.Go(func() { s.reachDNS(ctx, tg.Host, res, t) })
	}
	for _, tg := range s.targets(fams, nil) {
		wg.Go(func() { s.reachTarget(ctx, tg, t) })
	}
	// The clock has no answer only when every source was silent.
	if len(fams) > 0 {
		wg.Go(func() { s.reachClock(ctx, fams, t) })
	}
	wg.Wait()
	sort.Strings(t.r.TimedOut)
	sort.Strings(t.r.Retried)
	return t.r
}

// tally collects, from concurrent probes, what never answered and what
// answered only when asked again.
type tally struct {
	mu sync.Mutex
	r  reach
}

func (t *tally) timedOut(what string) {
	t.mu.Lock()
	t.r.TimedOut = append(t.r.TimedOut, what)
	t.mu.Unlock()
}
func (t *tally) retried(what string) {
	t.mu.Lock()
	t.r.Retried = append(t.r.Retried, what)
	t.mu.Unlock()
}

// reachDNS: the system resolver and the family's public resolvers for host.
func (s *session) reachDNS(ctx context.Context, host string, res []string, t *tally) {
	if a, ok := s.systemDNS(host).wait(ctx); !ok || a.Outcome == netprobe.DNSTimeout {
		t.timedOut("dns " + host)
	} else if a.Attempts > 1 {
		t.retried("dns " + host)
	}
	pub, ok := s.publicDNS(host, res).wait(ctx)
	silent := !ok || len(pub) > 0
	for _, a := range pub {
		if a.Outcome != netprobe.DNSTimeout {
			silent = false
		}
		if a.Outcome == netprobe.DNSOK && a.Attempts > 1 {
			t.retried("dns " + a.Resolver + " " + host)
		}
	}
	if silent {
		t.timedOut("dns public " + host)
	}
}

// reachTarget: the TCP connect and, on TLS ports, the handshake.
func (s *session) reachTarget(ctx context.Context, tg target, t *tally) {
	ip, _, ok := s.address(ctx, tg.Host)
	if !ok {
		return // counted with DNS
	}
	addr := joinHostPort(ip, tg.Port)
	ep := joinHostPort(tg.Host, tg.Port)
	tr, ok := s.dialTCP(addr).wait(ctx)
	switch {
	case !ok || tr.Outcome == netprobe.TCPTimeout:
		t.timedOut("tcp " + ep)
		return
	case tr.Resent:
		t.retried("tcp " + ep)
	}
	if s.plain(tg.Port) || tr.Outcome != netprobe.TCPOK {
		return
	}
	hr, ok := s.handshake(addr, tg.Host).wait(ctx)
	switch {
	case !ok || hr.Outcome == netprobe.TLSTimeout || hr.Outcome == netprobe.TLSNoConnect && hr.TCP == netprobe.TCPTimeout:
		t.timedOut("tls " + ep)
	case hr.Attempts > 1:
		t.retried("tls " + ep)
	}
}

// reachClock: silent only when every time server and the login host's
// HTTPS Date gave no answer.
func (s *session) reachClock(ctx context.Context, fams []string, t *tally) {
	servers := s.ntpServers(fams)
	silent, answered := 0, false
	for _, srv := range servers {
		smp, ok := s.sntpSample(srv).wait(ctx)
		switch {
		case ok && smp.OK:
			answered = true
			if smp.Attempts > 1 {
				t.retried("sntp " + srv)
			}
		case !ok || smp.Silent:
			silent++
		}
	}
	if answered || silent == 0 || silent < len(servers) {
		return
	}
	if tg, ok := s.loginTarget(fams[0]); ok {
		if ip, _, ok := s.address(ctx, tg.Host); ok {
			if d, ok := s.httpsDate(joinHostPort(ip, tg.Port), tg.Host).wait(ctx); ok && (d.OK || !d.Silent) {
				return
			}
		}
	}
	t.timedOut("clock")
}

// qualityFinding judges the handshakes (and the uplink). r is what the
// reachability probes met: when the loss (or the latency, with packets seen
// lost) is over its limit and some of them got no answer, the loss is the
// cause and the finding fails, hiding those timeouts behind it.
func qualityFinding(qs []netprobe.Quality, up *netprobe.Uplink, r reach, latency, jitter int, loss, uplink, uplinkLarge float64) health.Finding {
	ev := func(f health.Finding) health.Finding {
		f = f.With("samples", qs)
		if up != nil {
			f = f.With("uplink", up)
		}
		if len(r.TimedOut)+len(r.Retried) > 0 {
			f = f.With("reach", r)
		}
		return f
	}
	if len(qs) == 0 && up == nil {
		return ev(health.Skip(CodeQualityOK, health.Msg("net.quality.none")))
	}
	// Not one handshake got through: that is an endpoint out of reach
	// (net.tcp says why: filtered, refused, blocked), not a lossy link.
	if len(qs) > 0 && !anyThrough(qs) && up == nil {
		return ev(health.Skip(CodeQualityOK, health.Msg("net.quality.unreachable")))
	}
	var lossy, slow *netprobe.Quality
	lostSeen := len(r.Retried) > 0
	for i, q := range qs {
		if q.Received+q.Retransmitted == 0 {
			continue
		}
		lostSeen = lostSeen || q.Received < q.Sent
		if lossy == nil && q.LossPercent > loss {
			lossy = &qs[i]
		}
		if slow == nil && q.Received > 0 && q.AvgMS > float64(latency) {
			slow = &qs[i]
		}
	}
	if n := len(r.TimedOut); n > 0 {
		switch {
		case lossy != nil:
			return ev(health.Fail(CodeLossHigh, health.Msg("net.quality.loss_timeouts", "percent", lossy.LossPercent, "limit", loss, "addr", lossy.Addr, "count", n)))
		case slow != nil && lostSeen:
			return ev(health.Fail(CodeLatencyHigh, health.Msg("net.quality.latency_timeouts", "ms", int64(slow.AvgMS), "limit", latency, "addr", slow.Addr, "count", n)))
		}
	}
	// A slow uplink comes first: when the link is that thin, the probes'
	// own traffic queues behind each other, so latency and jitter are its
	// symptoms, not separate causes.
	if up != nil {
		switch {
		case up.Error != "" && (up.Bytes == 0 || up.Status >= 400):
			return ev(health.Warn(CodeUplinkSlow, health.Msg("net.quality.uplink_failed", "error", up.Error)))
		case up.Mbps < uplink:
			return ev(health.Warn(CodeUplinkSlow, health.Msg("net.quality.uplink_slow", "mbps", up.Mbps, "limit", uplink)))
		}
	}
	if lossy != nil {
		return ev(health.Warn(CodeLossHigh, health.Msg("net.quality.loss", "percent", lossy.LossPercent, "limit", loss, "addr", lossy.Addr)))
	}
	if slow != nil {
		return ev(health.Warn(CodeLatencyHigh, health.Msg("net.quality.latency", "ms", int64(slow.AvgMS), "limit", latency, "addr", slow.Addr)))
	}
	for _, q := range qs {
		if q.Received > 1 && q.JitterMS > float64(jitter) {
			return ev(health.Warn(CodeJitterHigh, health.Msg("net.quality.jitter", "ms", int64(q.JitterMS), "limit", jitter, "addr", q.Addr)))
		}
	}
	if up != nil && up.Mbps < uplinkLarge {
		return ev(health.Info(CodeUplinkLarge, health.Msg("net.quality.uplink_large", "mbps", up.Mbps, "limit", uplinkLarge)))
	}
	var worst float64
	for _, q := range qs {
		if q.AvgMS > worst {
			worst = q.AvgMS
		}
	}
	return ev(health.OK(CodeQualityOK, health.Msg("net.quality.ok", "ms", int64(worst))))
}
