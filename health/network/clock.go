package network

import (
	"context"
	"math"
	"sort"
	"sync"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
	"wpsdoctor/platform/netinfo"
)

// checkClock measures the offset by SNTP (the family's NTP servers) and by
// the HTTPS Date header of the sign-in endpoint (works where UDP 123 is
// blocked), and reads whether the OS keeps time automatically.
func checkClock(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	servers := s.ntpServers(fams)
	samples := make([]netprobe.ClockSample, len(servers))
	var wg sync.WaitGroup
	for i, srv := range servers {
		wg.Add(1)
		go func(i int, srv string) {
			defer wg.Done()
			smp, ok := s.sntpSample(srv).wait(ctx)
			if !ok {
				smp = netprobe.ClockSample{Source: srv, Method: "sntp", Error: ctx.Err().Error(), Silent: true}
			}
			samples[i] = smp
		}(i, srv)
	}
	var date *netprobe.ClockSample
	if t, ok := s.loginTarget(fams[0]); ok {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ip, _, ok := s.address(ctx, t.Host); ok {
				if d, ok := s.httpsDate(joinHostPort(ip, t.Port), t.Host).wait(ctx); ok {
					date = &d
				}
			}
		}()
	}
	var tsync netinfo.TimeSync
	wg.Add(1)
	go func() {
		defer wg.Done()
		tsync, _ = s.o.Info.NetworkTime(ctx)
	}()
	wg.Wait()
	for i := range samples {
		if samples[i].OK {
			samples[i].Offset = s.envOffset(samples[i].Offset)
			samples[i].OffsetMS = netprobe.Millis(samples[i].Offset)
		}
	}
	if date != nil && date.OK {
		d := *date
		d.Offset = s.envOffset(d.Offset)
		d.OffsetMS = netprobe.Millis(d.Offset)
		date = &d
	}
	th := s.cat.Thresholds
	_, zoneOff := s.env.Clock().Zone()
	return clockFinding(samples, date, tsync, time.Duration(th.ClockWarnSeconds)*time.Second,
		time.Duration(th.ClockFailSeconds)*time.Second, zoneOff)
}

// clockFinding judges the offset: the SNTP median when any server
// answered, else the HTTPS Date sample.
func clockFinding(samples []netprobe.ClockSample, date *netprobe.ClockSample, ts netinfo.TimeSync, warn, fail time.Duration, zoneOffset int) health.Finding {
	var offs []time.Duration
	for _, x := range samples {
		if x.OK {
			offs = append(offs, x.Offset)
		}
	}
	method := "sntp"
	if len(offs) == 0 && date != nil && date.OK {
		offs = append(offs, date.Offset)
		method = "https_date"
	}
	ev := func(f health.Finding) health.Finding {
		f = f.With("sntp", samples).With("network_time", ts)
		if date != nil {
			f = f.With("https_date", date)
		}
		return f
	}
	if len(offs) == 0 {
		return ev(health.Errorf(CodeClockNoSample, health.Msg("net.clock.no_sample")))
	}
	sort.Slice(offs, func(i, j int) bool { return offs[i] < offs[j] })
	off := offs[len(offs)/2]
	abs := off
	if abs < 0 {
		abs = -abs
	}
	secs := int64(math.Round(off.Seconds()))
	ev2 := func(f health.Finding) health.Finding {
		return ev(f).With("offset_ms", netprobe.Millis(off)).With("method", method).With("zone_offset_s", zoneOffset)
	}
	// A clock off by (about) whole hours was moved to make a wrong time
	// zone look right: fix the zone first, then sync.
	if abs >= 55*time.Minute {
		h := abs.Round(30 * time.Minute)
		if d := abs - h; d < 2*time.Minute && d > -2*time.Minute {
			return ev2(health.Fail(CodeClockZone, health.Msg("net.clock.zone", "hours", h.Hours()))).Suggest(health.FixClockSync)
		}
	}
	switch {
	case abs > fail:
		return ev2(health.Fail(CodeClockFail, health.Msg("net.clock.fail", "seconds", secs, "minutes", math.Round(abs.Minutes())))).Suggest(health.FixClockSync)
	case abs > warn:
		return ev2(health.Warn(CodeClockWarn, health.Msg("net.clock.warn", "seconds", secs))).Suggest(health.FixClockSync)
	case ts.State == netinfo.SyncOff:
		return ev2(health.Warn(CodeClockNTPOff, health.Msg("net.clock.ntp_off", "seconds", secs))).Suggest(health.FixClockSync)
	}
	return ev2(health.OK(CodeClockOK, health.Msg("net.clock.ok", "ms", off.Milliseconds())))
}
