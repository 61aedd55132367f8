package checks

import (
	"context"
	"slices"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/health/network"
	"wpsdoctor/health/wording"
	"wpsdoctor/i18n"
)

// TestDropOnTheNetworkAsksForIT runs net.tcp's real Refine through the
// runner with the firewall check's possible verdicts: only a clear local
// firewall moves the block onto the network.
func TestDropOnTheNetworkAsksForIT(t *testing.T) {
	all := All()
	i := slices.IndexFunc(all, func(c health.Check) bool { return c.ID == network.IDTCP })
	if i < 0 || all[i].Refine == nil {
		t.Fatalf("net.tcp has no Refine in the full catalogue")
	}
	refine := all[i].Refine
	tcp := func(key, code string) health.Finding {
		return health.Fail(code, health.Msg(key, "endpoints", []string{"drive.wps.cn:443"}, "failed", 1, "total", 4)).
			With("connections", []map[string]any{{"host": "drive.wps.cn", "port": 443, "result": map[string]any{"outcome": "timeout"}}}).
			Suggest(health.FixFirewall)
	}
	for _, c := range []struct {
		name    string
		fw      health.Finding
		tcp     health.Finding
		wantKey string
	}{
		{"clear, dropped", health.OK(local.CodeFirewallClear, health.Msg("local.fw_clear")), tcp("net.tcp.filtered", network.CodeTCPFiltered), "net.tcp.network_filtered"},
		{"clear, reset", health.OK(local.CodeFirewallClear, health.Msg("local.fw_clear")), tcp("net.tcp.reset", network.CodeTCPReset), "net.tcp.network_reset"},
		{"clear, refused", health.OK(local.CodeFirewallClear, health.Msg("local.fw_clear")), tcp("net.tcp.refused", network.CodeTCPRefused), "net.tcp.network_refused"},
		{"clear, no route", health.OK(local.CodeFirewallClear, health.Msg("local.fw_clear")), tcp("net.tcp.no_route", network.CodeTCPNoRoute), "net.tcp.no_route"},
		{"unread", health.Skip(local.CodeFirewallUnread, health.Msg("local.fw_unread")), tcp("net.tcp.filtered", network.CodeTCPFiltered), "net.tcp.filtered"},
		{"suspect", health.Warn(local.CodeFirewallSuspect, health.Msg("local.fw_suspect")), tcp("net.tcp.filtered", network.CodeTCPFiltered), "net.tcp.filtered"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fw, want := c.fw, c.tcp
			r := health.Runner{Checks: []health.Check{
				{ID: local.IDFirewall, Area: health.AreaNetwork, Run: func(context.Context, *health.Env) health.Finding { return fw }},
				{ID: network.IDTCP, Area: health.AreaNetwork, DependsOn: []string{local.IDFirewall}, Refine: refine,
					Run: func(context.Context, *health.Env) health.Finding { return want }},
			}}
			fs := r.Run(context.Background(), health.NewEnv(nil, ""))
			j := slices.IndexFunc(fs, func(f health.Finding) bool { return f.Check == network.IDTCP })
			got := fs[j]
			if got.Message.Key != c.wantKey || got.Code != c.tcp.Code || got.Status != health.StatusFail {
				t.Fatalf("got %s %s %s, want %s %s fail", got.Code, got.Message.Key, got.Status, c.tcp.Code, c.wantKey)
			}
			moved := c.wantKey != c.tcp.Message.Key
			if gotFW := slices.Contains(got.Fixes, health.FixFirewall); gotFW == moved {
				t.Errorf("got fixes %v, want firewall.allow suggested: %v", got.Fixes, !moved)
			}
			if health.IsBlockedOnNetwork(got) != moved {
				t.Errorf("got blocked_on evidence %v, want %v", got.Evidence[health.EvidenceBlockedOn], moved)
			}
			if got.Evidence["connections"] == nil {
				t.Errorf("the measured connections were lost from the evidence")
			}
			if p := wording.Problems(got); len(p) > 0 {
				t.Errorf("wording: %v", p)
			}
			if moved {
				for lang, want := range map[string]string{"en": "IT department", "zh-CN": "IT 部门"} {
					if text := i18n.T(lang, got.Message.Key, got.Message.Args); !strings.Contains(text, want) || !strings.Contains(text, "drive.wps.cn:443") {
						t.Errorf("[%s] got %q, want it to name %q and the endpoint", lang, text, want)
					}
				}
			}
		})
	}
}

// TestSecurityProductNamedInConnectionFindings: net.tls interception and
// a net.tcp drop on the network name the product security.software found.
func TestSecurityProductNamedInConnectionFindings(t *testing.T) {
	all := All()
	refine := func(id string) func(health.Finding, map[string]health.Finding) health.Finding {
		i := slices.IndexFunc(all, func(c health.Check) bool { return c.ID == id })
		if i < 0 || all[i].Refine == nil || !slices.Contains(all[i].DependsOn, local.IDSecurity) {
			t.Fatalf("%s: no Refine or no dependency on %s", id, local.IDSecurity)
		}
		return all[i].Refine
	}
	sec := health.Info(local.CodeSecurityFound, health.Msg("local.secsoft.found")).
		With("products", []map[string]any{{"id": "huorong", "name": "HipsTray.exe", "source": "process"}})
	clear := health.OK(local.CodeFirewallClear, health.Msg("local.fw_clear"))
	tls := health.Fail(network.CodeTLSIntercept, health.Msg("net.tls.intercepted", "endpoints", []string{"drive.wps.cn:443"}, "issuer", "X"))
	tcp := health.Fail(network.CodeTCPFiltered, health.Msg("net.tcp.filtered", "endpoints", []string{"drive.wps.cn:443"}, "failed", 1, "total", 2)).
		Suggest(health.FixFirewall)
	for _, c := range []struct {
		name string
		id   string
		f    health.Finding
		deps map[string]health.Finding
		want []string
	}{
		{"tls", network.IDTLS, tls, map[string]health.Finding{local.IDSecurity: sec}, []string{"本机装有火绒安全软件", "信任区"}},
		{"tcp on the network", network.IDTCP, tcp, map[string]health.Finding{local.IDSecurity: sec, local.IDFirewall: clear}, []string{"IT 部门", "本机装有火绒安全软件"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := refine(c.id)(c.f, c.deps)
			text := i18n.T("zh-CN", got.Message.Key, got.Message.Args)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("got %q, want it to contain %q", text, w)
				}
			}
			if got.Code != c.f.Code {
				t.Errorf("got code %s, want %s kept", got.Code, c.f.Code)
			}
		})
	}
	// Nothing found: unchanged.
	none := health.OK(local.CodeSecurityNone, health.Msg("local.secsoft.none"))
	if got := refine(network.IDTLS)(tls, map[string]health.Finding{local.IDSecurity: none}); got.Message.Key != "net.tls.intercepted" {
		t.Errorf("no product: got %s, want the finding unchanged", got.Message.Key)
	}
}
