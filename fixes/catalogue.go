package fixes

import (
	"context"
	"fmt"
	"net"
	"strings"
	"wpsdoctor/i18n"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
)

// VerifyChecks maps each fix to the checks re-run after it. It is data, so
// the wiring can follow the check catalogue without touching the planners.
var VerifyChecks = map[string][]string{
	health.FixCacheClear:   {"storage.cache"},
	health.FixConfigReset:  nil, // no check observes the settings files' content
	health.FixResignin:     {"wps.process"},
	health.FixUpdate:       nil, // installing is the user's step; re-check afterwards
	health.FixCloudRestart: {"wps.process"},
	health.FixDNSFlush:     {"dns.resolve"},
	health.FixDNSSet:       {"dns.resolve"},
	health.FixClockSync:    {"clock.skew"},
	health.FixFirewall:     {"firewall.rules", "net.tcp", "net.tls"},
	health.FixCloudExec:    {"wps.process"},
}

// Catalogue returns every fix, in menu order.
func Catalogue() []Fix {
	return []Fix{
		fix(health.FixCacheClear, ElevationNever, true, planCacheClear),
		fix(health.FixConfigReset, ElevationNever, true, planConfigReset),
		fix(health.FixResignin, ElevationNever, true, planResignin),
		fix(health.FixCloudRestart, ElevationNever, false, planCloudRestart),
		fix(health.FixUpdate, ElevationNever, false, planUpdate),
		fix(health.FixDNSFlush, ElevationSometimes, false, planDNSFlush),
		fix(health.FixDNSSet, ElevationAlways, true, planDNSSet),
		fix(health.FixClockSync, ElevationAlways, true, planClockSync),
		fix(health.FixFirewall, ElevationAlways, true, planFirewall),
		fix(health.FixCloudExec, ElevationSometimes, true, planCloudExec),
	}
}

func fix(id string, el Elevation, undo bool, plan func(ctx context.Context, env *Env) (Plan, error)) Fix {
	return Fix{
		ID:          id,
		Title:       health.Msg(i18n.FixTitleKey(id)),
		Description: health.Msg(i18n.FixDescriptionKey(id)),
		Elevation:   el,
		Undoable:    undo,
		Plan: func(ctx context.Context, env *Env) (Plan, error) {
			if env == nil {
				return Plan{}, fmt.Errorf("no environment")
			}
			p, err := plan(ctx, env)
			p.FixID = id
			p.Title = health.Msg(i18n.FixTitleKey(id))
			if p.Verify == nil {
				p.Verify = VerifyChecks[id]
			}
			return p, err
		},
	}
}

func refuse(p Plan, key string, kv ...any) (Plan, error) {
	m := health.Msg(key, kv...)
	p.Refusal = &m
	p.Steps = nil
	return p, nil
}

// plainIPs keeps the catalogue resolvers usable in system settings: IP
// literals on port 53 (a test catalogue may name "127.0.0.1:5353", which
// no OS resolver setting can express).
func plainIPs(addrs []string) []string {
	var out []string
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip != nil {
			out = append(out, ip.String())
			continue
		}
		if h, port, err := net.SplitHostPort(a); err == nil && port == "53" && net.ParseIP(h) != nil {
			out = append(out, h)
		}
	}
	return out
}

// ntpServer returns the first NTP host of the family, without a port.
func ntpServer(f *catalog.Family) string {
	for _, s := range f.NTP {
		h := s
		if host, _, err := net.SplitHostPort(s); err == nil {
			h = host
		}
		if h != "" && !strings.ContainsAny(h, " \t") {
			return h
		}
	}
	return ""
}
