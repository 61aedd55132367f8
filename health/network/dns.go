package network

import (
	"context"
	"sort"
	"strings"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

// Per-host DNS verdicts, worst first within each status.
const (
	vOK         = "ok"
	vLiteral    = "literal"      // an IP literal: nothing to resolve
	vNXDomain   = "nxdomain"     // system says "no such name"; public resolvers know it (or could not be asked)
	vBogus      = "bogus"        // 0.0.0.0, or private while public resolvers give public addresses
	vRedirected = "redirected"   // the same address for several hosts that public resolvers answer otherwise
	vNoAnswer   = "no_answer"    // system resolver timed out / failed
	vGone       = "gone"         // nobody knows the name
	vSlow       = "slow"         // answered, slower than dns_slow_ms
	vFakeIP     = "fake_ip"      // 198.18/15: a proxy tool answers
	vUnverified = "unverified"   // private answer, public resolvers unavailable to confirm
	vAborted    = "not_answered" // the check ended before an answer
)

// hostDNS is the evidence for one host.
type hostDNS struct {
	Host    string               `json:"host"`
	Verdict string               `json:"verdict"`
	System  netprobe.DNSAnswer   `json:"system"`
	Public  []netprobe.DNSAnswer `json:"public,omitempty"`
}

func checkDNS(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	var hosts []*hostDNS
	type pending struct {
		h   *hostDNS
		res []string
	}
	var todo []pending
	for _, t := range s.hosts(fams) {
		h := &hostDNS{Host: t.Host}
		hosts = append(hosts, h)
		if isLiteral(t.Host) {
			h.Verdict = vLiteral
			continue
		}
		res := s.cat.Family(t.Family).Resolvers
		s.systemDNS(t.Host)
		s.publicDNS(t.Host, res)
		todo = append(todo, pending{h, res})
	}
	for _, p := range todo {
		sys, ok1 := s.systemDNS(p.h.Host).wait(ctx)
		pub, ok2 := s.publicDNS(p.h.Host, p.res).wait(ctx)
		p.h.System, p.h.Public = sys, pub
		if !ok1 || !ok2 {
			p.h.Verdict = vAborted
		}
	}
	slow := time.Duration(s.cat.Thresholds.DNSSlowMS) * time.Millisecond
	judgeDNS(hosts, slow)
	return dnsFinding(hosts)
}

// judgeDNS sets each host's verdict from its answers. Pure, so every
// combination is tested without servers.
func judgeDNS(hosts []*hostDNS, slow time.Duration) {
	for _, h := range hosts {
		if h.Verdict == "" {
			h.Verdict = judgeHost(h, slow)
		}
	}
	// Hijacking resolvers send every name to one landing address: the same
	// answer for several hosts, an answer the public resolvers never give.
	byAnswer := map[string][]*hostDNS{}
	for _, h := range hosts {
		if (h.Verdict == vOK || h.Verdict == vSlow) && len(h.System.Addrs) > 0 && publicOK(h) {
			key := strings.Join(h.System.Addrs, ",")
			byAnswer[key] = append(byAnswer[key], h)
		}
	}
	for _, group := range byAnswer {
		if len(group) < 2 || !distinctPublic(group) {
			// Hosts behind one CDN legitimately share an address (and
			// the public resolvers then agree they share one).
			continue
		}
		for _, h := range group {
			if !overlaps(h.System.Addrs, publicAddrs(h)) {
				h.Verdict = vRedirected
			}
		}
	}
}

// distinctPublic reports whether the public resolvers gave every host of
// the group its own addresses (no two hosts share one).
func distinctPublic(group []*hostDNS) bool {
	for i := range group {
		for j := i + 1; j < len(group); j++ {
			if overlaps(publicAddrs(group[i]), publicAddrs(group[j])) {
				return false
			}
		}
	}
	return true
}

func judgeHost(h *hostDNS, slow time.Duration) string {
	sys := h.System
	pubOK := publicOK(h)
	switch sys.Outcome {
	case netprobe.DNSOK:
	case netprobe.DNSNXDomain:
		if !pubOK && publicSaid(h, netprobe.DNSNXDomain) {
			return vGone
		}
		return vNXDomain
	default:
		if !pubOK && publicSaid(h, netprobe.DNSNXDomain) {
			return vGone
		}
		return vNoAnswer
	}
	classes := map[netprobe.AddrClass]bool{}
	for _, a := range sys.Addrs {
		classes[netprobe.ClassifyString(a)] = true
	}
	pubPublic := false
	for _, a := range publicAddrs(h) {
		if netprobe.ClassifyString(a) == netprobe.AddrPublic {
			pubPublic = true
		}
	}
	switch {
	case classes[netprobe.AddrUnspecified]:
		return vBogus
	case classes[netprobe.AddrFakeIP]:
		return vFakeIP
	case !classes[netprobe.AddrPublic]:
		// Private answers: fine when the public resolvers agree (a private
		// deployment, a test), bogus when they give public addresses.
		switch {
		case pubPublic:
			return vBogus
		case !pubOK:
			return vUnverified
		}
	}
	if slow > 0 && sys.RTT > slow {
		return vSlow
	}
	return vOK
}

func publicOK(h *hostDNS) bool {
	for _, p := range h.Public {
		if p.Outcome == netprobe.DNSOK {
			return true
		}
	}
	return false
}

func publicSaid(h *hostDNS, o netprobe.DNSOutcome) bool {
	for _, p := range h.Public {
		if p.Outcome == o {
			return true
		}
	}
	return false
}

func publicAddrs(h *hostDNS) []string {
	var out []string
	for _, p := range h.Public {
		out = append(out, p.Addrs...)
	}
	return out
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// dnsFinding turns verdicts into one finding: the worst problem names the
// code, every affected host is listed.
func dnsFinding(hosts []*hostDNS) health.Finding {
	by := map[string][]string{}
	anyPublic, anySystem, anyPublicNX, anySystemNX := false, false, false, false
	for _, h := range hosts {
		anyPublicNX = anyPublicNX || publicSaid(h, netprobe.DNSNXDomain)
		anySystemNX = anySystemNX || h.System.Outcome == netprobe.DNSNXDomain
		by[h.Verdict] = append(by[h.Verdict], h.Host)
		if publicOK(h) {
			anyPublic = true
		}
		if h.System.Outcome == netprobe.DNSOK && h.Verdict != vLiteral {
			anySystem = true
		}
	}
	for _, v := range by {
		sort.Strings(v)
	}
	ev := func(f health.Finding) health.Finding { return f.With("hosts", hosts) }
	nonLiteral := len(hosts) - len(by[vLiteral])
	if nonLiteral > 0 && !anySystem && !anyPublic {
		// Not one usable answer from anyone: a network problem, not a
		// per-host one.
		switch {
		case anyPublicNX:
			// Public resolvers say no WPS name exists either: DNS is
			// intercepted, or there is no internet behind it.
			return ev(health.Fail(CodeDNSDown, health.Msg("net.dns.all_nxdomain", "count", nonLiteral)))
		case anySystemNX:
			return ev(health.Fail(CodeDNSNXDomain, health.Msg("net.dns.nxdomain_unverified", "hosts", append(by[vNXDomain], by[vNoAnswer]...)))).
				Suggest(health.FixDNSFlush)
		}
		return ev(health.Fail(CodeDNSDown, health.Msg("net.dns.down", "count", nonLiteral)))
	}
	switch {
	case len(by[vBogus]) > 0 || len(by[vRedirected]) > 0:
		hs := append(append([]string{}, by[vBogus]...), by[vRedirected]...)
		return ev(health.Fail(CodeDNSBogus, health.Msg("net.dns.bogus", "hosts", hs))).Suggest(health.FixDNSFlush, health.FixDNSSet)
	case len(by[vNXDomain]) > 0:
		if anyPublic {
			return ev(health.Fail(CodeDNSNXDomain, health.Msg("net.dns.nxdomain", "hosts", by[vNXDomain]))).
				Suggest(health.FixDNSFlush, health.FixDNSSet)
		}
		// The public resolvers could not be asked: either this network
		// reaches no internet, or it only allows its own DNS server.
		return ev(health.Fail(CodeDNSNXDomain, health.Msg("net.dns.nxdomain_unverified", "hosts", by[vNXDomain]))).
			Suggest(health.FixDNSFlush)
	case len(by[vNoAnswer]) > 0 || len(by[vAborted]) > 0:
		hs := append(append([]string{}, by[vNoAnswer]...), by[vAborted]...)
		f := health.Fail(CodeDNSNoAnswer, health.Msg("net.dns.no_answer", "hosts", hs))
		if anyPublic {
			f = f.Suggest(health.FixDNSSet)
		}
		return ev(f)
	case len(by[vSlow]) > 0:
		return ev(health.Warn(CodeDNSSlow, health.Msg("net.dns.slow", "hosts", by[vSlow], "ms", slowest(hosts)))).Suggest(health.FixDNSSet)
	case len(by[vGone]) > 0:
		return ev(health.Warn(CodeDNSGone, health.Msg("net.dns.gone", "hosts", by[vGone])))
	case len(by[vUnverified]) > 0:
		return ev(health.Warn(CodeDNSUnverified, health.Msg("net.dns.unverified", "hosts", by[vUnverified])))
	case len(by[vFakeIP]) > 0:
		return ev(health.Info(CodeDNSFakeIP, health.Msg("net.dns.fake_ip", "hosts", by[vFakeIP])))
	}
	return ev(health.OK(CodeDNSOK, health.Msg("net.dns.ok", "count", len(hosts), "ms", slowest(hosts))))
}

func slowest(hosts []*hostDNS) int64 {
	var m time.Duration
	for _, h := range hosts {
		if h.System.RTT > m {
			m = h.System.RTT
		}
	}
	return m.Milliseconds()
}
