package network

import (
	"context"
	"slices"
	"sort"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

// tcpResult is the evidence for one endpoint port.
type tcpResult struct {
	Host   string             `json:"host"`
	Port   int                `json:"port"`
	Result netprobe.TCPResult `json:"result"`
}

// tcpCodes maps each failure to its code, worst-explaining first.
var tcpOrder = []struct {
	o    netprobe.TCPOutcome
	code string
	key  string
}{
	{netprobe.TCPBlocked, CodeTCPBlocked, "net.tcp.blocked"},
	{netprobe.TCPNoRoute, CodeTCPNoRoute, "net.tcp.no_route"},
	{netprobe.TCPUnreachable, CodeTCPNoRoute, "net.tcp.no_route"},
	{netprobe.TCPReset, CodeTCPReset, "net.tcp.reset"},
	{netprobe.TCPRefused, CodeTCPRefused, "net.tcp.refused"},
	{netprobe.TCPTimeout, CodeTCPFiltered, "net.tcp.filtered"},
	{netprobe.TCPError, CodeTCPFiltered, "net.tcp.error"},
	{netprobe.TCPClosed, CodeTCPReset, "net.tcp.reset"},
}

func checkTCP(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	ts := s.targets(fams, nil)
	px := startEach(ts, s.proxiedConnect) // through the proxy WPS uses, alongside
	type job struct {
		t target
		l *lazy[netprobe.TCPResult]
	}
	var jobs []job
	var unresolved []string
	// Resolve and connect every endpoint concurrently: address lookups are
	// shared with dns.resolve, connects with the other checks.
	addrs := make([]chan string, len(ts))
	for i, t := range ts {
		addrs[i] = make(chan string, 1)
		go func(i int, t target) {
			ip, _, ok := s.address(ctx, t.Host)
			if !ok {
				addrs[i] <- ""
				return
			}
			addrs[i] <- joinHostPort(ip, t.Port)
		}(i, t)
	}
	for i, t := range ts {
		a := <-addrs[i]
		if a == "" {
			if !slices.Contains(unresolved, t.Host) {
				unresolved = append(unresolved, t.Host)
			}
			continue
		}
		jobs = append(jobs, job{t, s.dialTCP(a)})
	}
	var results []tcpResult
	for _, j := range jobs {
		r, ok := j.l.wait(ctx)
		if !ok {
			r = netprobe.TCPResult{Addr: "", Outcome: netprobe.TCPTimeout, Error: ctx.Err().Error()}
		}
		results = append(results, tcpResult{Host: j.t.Host, Port: j.t.Port, Result: r})
	}
	return tcpThroughProxy(ctx, px, results, tcpFinding(s, results, unresolved))
}

func tcpFinding(s *session, results []tcpResult, unresolved []string) health.Finding {
	ev := func(f health.Finding) health.Finding {
		f = f.With("connections", results)
		if len(unresolved) > 0 {
			f = f.With("unresolved", unresolved)
		}
		return f
	}
	if len(results) == 0 {
		return ev(health.Skip(CodeTCPNone, health.Msg("net.tcp.none")))
	}
	failed := map[netprobe.TCPOutcome][]string{}
	failTLS := 0
	var maxMS float64
	for _, r := range results {
		if r.Result.Outcome == netprobe.TCPOK {
			if r.Result.MS > maxMS {
				maxMS = r.Result.MS
			}
			continue
		}
		failed[r.Result.Outcome] = append(failed[r.Result.Outcome], joinHostPort(r.Host, r.Port))
		if !s.plain(r.Port) {
			failTLS++
		}
	}
	if len(failed) == 0 {
		return ev(health.OK(CodeTCPOK, health.Msg("net.tcp.ok", "count", len(results), "ms", int64(maxMS))))
	}
	for _, o := range tcpOrder {
		eps := failed[o.o]
		if len(eps) == 0 {
			continue
		}
		sort.Strings(eps)
		all := 0
		for _, v := range failed {
			all += len(v)
		}
		if failTLS == 0 {
			// Only port 80 fails: sync uses 443, but some sign-in steps
			// and redirects still start on 80.
			return ev(health.Warn(CodeTCPPort80, health.Msg("net.tcp.port80", "endpoints", eps))).Suggest(health.FixFirewall)
		}
		return ev(health.Fail(o.code, health.Msg(o.key, "endpoints", eps, "failed", all, "total", len(results)))).
			Suggest(health.FixFirewall)
	}
	return ev(health.Fail(CodeTCPFiltered, health.Msg("net.tcp.error", "endpoints", []string{}, "failed", 0, "total", len(results))))
}
