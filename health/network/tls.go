package network

import (
	"context"
	"sort"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

type tlsResult struct {
	Host   string             `json:"host"`
	Port   int                `json:"port"`
	Result netprobe.TLSResult `json:"result"`
	// ClockOffsetMS is the HTTPS Date offset used to tell a wrong clock
	// from a really expired certificate.
	ClockOffsetMS *float64 `json:"clock_offset_ms,omitempty"`
}

func checkTLS(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	ts := s.targets(fams, tlsPorts)
	px := startEach(ts, s.proxiedHandshake) // through the proxy WPS uses, alongside
	out := make([]*tlsResult, len(ts))
	done := make(chan struct{}, len(ts))
	for i, t := range ts {
		go func(i int, t target) {
			defer func() { done <- struct{}{} }()
			ip, _, ok := s.address(ctx, t.Host)
			if !ok {
				return
			}
			addr := joinHostPort(ip, t.Port)
			r := &tlsResult{Host: t.Host, Port: t.Port}
			res, ok := s.handshake(addr, t.Host).wait(ctx)
			if !ok {
				res = netprobe.TLSResult{Addr: addr, ServerName: t.Host, Outcome: netprobe.TLSTimeout, Error: ctx.Err().Error()}
			}
			r.Result = res
			if o := r.Result.Outcome; o == netprobe.TLSExpired || o == netprobe.TLSNotYetValid {
				if d, ok := s.httpsDate(addr, t.Host).wait(ctx); ok && d.OK {
					off := netprobe.Millis(s.envOffset(d.Offset))
					r.ClockOffsetMS = &off
				}
			}
			out[i] = r
		}(i, t)
	}
	for range ts {
		<-done
	}
	var results []*tlsResult
	for _, r := range out {
		if r != nil {
			results = append(results, r)
		}
	}
	return tlsThroughProxy(ctx, px, results, s.env.Clock())
}

// tlsFinding names the worst handshake problem. An expired/not-yet-valid
// certificate is blamed on the clock when the certificate is valid at the
// time the server's Date header says it is.
func tlsFinding(results []*tlsResult, now time.Time) health.Finding {
	ev := func(f health.Finding) health.Finding { return f.With("handshakes", results) }
	by := map[netprobe.TLSOutcome][]string{}
	issuer := ""
	clockBlamed := false
	clockVerified := false // an expired certificate was judged by the server's clock
	for _, r := range results {
		o := r.Result.Outcome
		if o == netprobe.TLSNoConnect {
			continue // net.tcp reports it
		}
		ep := joinHostPort(r.Host, r.Port)
		if o == netprobe.TLSExpired || o == netprobe.TLSNotYetValid {
			if r.ClockOffsetMS != nil {
				trueNow := now.Add(time.Duration(*r.ClockOffsetMS * float64(time.Millisecond)))
				if !trueNow.Before(r.Result.NotBefore) && !trueNow.After(r.Result.NotAfter) {
					clockBlamed = true
					by["clock"] = append(by["clock"], ep)
					continue
				}
			}
			if r.ClockOffsetMS != nil {
				clockVerified = true
			}
			by[netprobe.TLSExpired] = append(by[netprobe.TLSExpired], ep)
			continue
		}
		if o == netprobe.TLSUntrusted && issuer == "" {
			issuer = r.Result.Issuer
		}
		by[o] = append(by[o], ep)
	}
	for _, v := range by {
		sort.Strings(v)
	}
	switch {
	case clockBlamed:
		return ev(health.Fail(CodeTLSClock, health.Msg("net.tls.clock", "endpoints", by["clock"]))).Suggest(health.FixClockSync)
	case len(by[netprobe.TLSUntrusted]) > 0:
		return ev(health.Fail(CodeTLSIntercept, health.Msg("net.tls.intercepted", "endpoints", by[netprobe.TLSUntrusted], "issuer", issuer))).
			With("issuer", issuer)
	case len(by[netprobe.TLSWrongHost]) > 0:
		return ev(health.Fail(CodeTLSWrongHost, health.Msg("net.tls.wrong_host", "endpoints", by[netprobe.TLSWrongHost])))
	case len(by[netprobe.TLSExpired]) > 0 && clockVerified:
		return ev(health.Fail(CodeTLSExpired, health.Msg("net.tls.expired", "endpoints", by[netprobe.TLSExpired])))
	case len(by[netprobe.TLSExpired]) > 0:
		// The server's clock could not be read: the clock check says
		// whether this computer's is right.
		return ev(health.Fail(CodeTLSExpired, health.Msg("net.tls.expired_unverified", "endpoints", by[netprobe.TLSExpired])))
	case len(by[netprobe.TLSTimeout]) > 0:
		return ev(health.Fail(CodeTLSStalled, health.Msg("net.tls.stalled", "endpoints", by[netprobe.TLSTimeout]))).Suggest(health.FixFirewall)
	case len(by[netprobe.TLSReset])+len(by[netprobe.TLSClosed]) > 0:
		eps := append(append([]string{}, by[netprobe.TLSReset]...), by[netprobe.TLSClosed]...)
		return ev(health.Fail(CodeTLSReset, health.Msg("net.tls.reset", "endpoints", eps))).Suggest(health.FixFirewall)
	case len(by[netprobe.TLSError]) > 0:
		return ev(health.Warn(CodeTLSError, health.Msg("net.tls.error", "endpoints", by[netprobe.TLSError])))
	case len(by[netprobe.TLSOK]) == 0:
		return ev(health.Skip(CodeTLSError, health.Msg("net.tls.none")))
	}
	return ev(health.OK(CodeTLSOK, health.Msg("net.tls.ok", "count", len(by[netprobe.TLSOK]))))
}
