package network

import (
	"context"
	"sync"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/netprobe"
)

// familyReach is how one service family answers from here.
type familyReach struct {
	Family   string              `json:"family"`
	Name     string              `json:"name,omitempty"`
	Host     string              `json:"host"`
	Resolved bool                `json:"resolved"`
	TCP      netprobe.TCPOutcome `json:"tcp,omitempty"`
	MS       float64             `json:"ms,omitempty"`
	Proxy    string              `json:"proxy,omitempty"` // it answers only through this proxy
}

func (r familyReach) ok() bool { return r.TCP == netprobe.TCPOK }

// checkRegion compares the installed edition's family with the families
// that answer from here. The English FAQ: international and mainland are
// separate account systems; overseas users should use the international
// edition, and a mainland edition abroad is slow.
func checkRegion(ctx context.Context, s *session) health.Finding {
	_, installed := s.families()
	names := s.cat.FamilyNames()
	reach := make([]familyReach, len(names))
	var wg sync.WaitGroup
	for i, fn := range names {
		t, ok := s.loginTarget(fn)
		if !ok {
			reach[i] = familyReach{Family: fn}
			continue
		}
		wg.Add(1)
		go func(i int, fn string, t target) {
			defer wg.Done()
			px := s.proxiedConnect(t) // through the proxy WPS uses, alongside
			r := familyReach{Family: fn, Name: s.cat.Family(fn).Name, Host: t.Host}
			if ip, _, ok := s.address(ctx, t.Host); ok {
				r.Resolved = true
				if res, ok := s.dialTCP(joinHostPort(ip, t.Port)).wait(ctx); ok {
					r.TCP, r.MS = res.Outcome, res.MS
				}
			}
			reachThroughProxy(ctx, px, &r)
			reach[i] = r
		}(i, fn, t)
	}
	wg.Wait()
	return regionFinding(installed, reach, float64(s.cat.Thresholds.LatencyMS))
}

func regionFinding(installed string, reach []familyReach, latency float64) health.Finding {
	ev := func(f health.Finding) health.Finding {
		return f.With("families", reach).With("installed_family", installed)
	}
	var mine *familyReach
	var answering []string
	name := familyRef
	for i := range reach {
		if reach[i].Family == installed {
			mine = &reach[i]
		}
		if reach[i].ok() {
			answering = append(answering, name(reach[i]))
		}
	}
	if len(answering) == 0 {
		return ev(health.Skip(CodeRegionNone, health.Msg("net.region.none")))
	}
	if mine == nil {
		return ev(health.Info(CodeRegionInfo, health.Msg("net.region.info", "families", answering)))
	}
	if !mine.ok() {
		return ev(health.Warn(CodeRegionWrong, health.Msg("net.region.wrong", "installed", name(*mine), "other", answering[0])))
	}
	for _, r := range reach {
		if r.Family != installed && r.ok() && mine.MS > latency && r.MS < mine.MS/2 {
			// The advice names the version that is faster from here.
			key := "net.region.far"
			if r.Family == "mainland" {
				key = "net.region.far_mainland"
			}
			return ev(health.Info(CodeRegionFar, health.Msg(key, "installed", name(*mine), "ms", int64(mine.MS), "other", name(r), "other_ms", int64(r.MS))))
		}
	}
	return ev(health.OK(CodeRegionOK, health.Msg("net.region.ok", "installed", name(*mine), "ms", int64(mine.MS))))
}

// knownFamilies are the service families whose names are translated
// (net.family.*); a family a private catalogue adds is shown by its name.
var knownFamilies = map[string]bool{"mainland": true, "international": true}

// familyRef names a service family in the reader's language: the
// catalogue's names ("WPS mainland (wps.cn)") are English data.
func familyRef(r familyReach) string {
	switch {
	case knownFamilies[r.Family]:
		return i18n.KeyRef + i18n.MemberKey("net.family", r.Family)
	case r.Name != "":
		return r.Name
	}
	return r.Family
}
