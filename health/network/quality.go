package network

import (
	"context"
	"sync"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

// checkQuality makes a few handshakes to each family's sign-in endpoint
// and, only when an uplink target is configured, measures upload speed.
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
		go func(t target) {
			defer wg.Done()
			ip, _, ok := s.address(ctx, t.Host)
			if !ok {
				return
			}
			q := netprobe.MeasureQuality(ctx, joinHostPort(ip, t.Port), s.o.QualitySamples, 50*time.Millisecond, s.probe)
			mu.Lock()
			qs = append(qs, q)
			mu.Unlock()
		}(t)
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
	return qualityFinding(qs, up, th.LatencyMS, th.JitterMS, th.LossPercent, th.UplinkMbps, th.UplinkLargeMbps)
}

func qualityFinding(qs []netprobe.Quality, up *netprobe.Uplink, latency, jitter int, loss, uplink, uplinkLarge float64) health.Finding {
	ev := func(f health.Finding) health.Finding {
		f = f.With("samples", qs)
		if up != nil {
			f = f.With("uplink", up)
		}
		return f
	}
	if len(qs) == 0 && up == nil {
		return ev(health.Skip(CodeQualityOK, health.Msg("net.quality.none")))
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
	for _, q := range qs {
		if q.LossPercent > loss {
			return ev(health.Warn(CodeLossHigh, health.Msg("net.quality.loss", "percent", q.LossPercent, "limit", loss, "addr", q.Addr)))
		}
	}
	for _, q := range qs {
		if q.Received > 0 && q.AvgMS > float64(latency) {
			return ev(health.Warn(CodeLatencyHigh, health.Msg("net.quality.latency", "ms", int64(q.AvgMS), "limit", latency, "addr", q.Addr)))
		}
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
