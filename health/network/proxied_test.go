package network

import (
	"encoding/json"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/netprobe"
	"wpsdoctor/netprobe/probetest"
	"wpsdoctor/platform/netinfo"
)

// blockDirect makes every direct connection fail: the system resolver
// sends the WPS names to 127.0.0.2, where nothing listens, while the
// test proxies still reach the servers on 127.0.0.1.
func (w *world) blockDirect() {
	for _, n := range testNames {
		w.sys.Set(n, probetest.Answer{Addrs: []string{"127.0.0.2"}})
	}
}

// useEnvProxy configures the proxy the way a user does: environment
// variables, read through netinfo.FromEnv.
func (w *world) useEnvProxy(t *testing.T, proxyURL, noProxy string) {
	t.Helper()
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"} {
		t.Setenv(k, proxyURL)
	}
	t.Setenv("NO_PROXY", noProxy)
	t.Setenv("no_proxy", noProxy)
	w.info.proxies = []netinfo.Proxy{netinfo.FromEnv()}
}

// TestProbesThroughProxy: net.tcp and net.tls judge the path WPS takes
// through the configured proxy and keep both paths in the evidence.
func TestProbesThroughProxy(t *testing.T) {
	open, err := probetest.NewHTTPProxy("", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { open.Close() })
	authed, err := probetest.NewHTTPProxy("alice", "Pa55w0rd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { authed.Close() })
	socks, err := probetest.NewSOCKS5("", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { socks.Close() })
	closed, _ := probetest.ClosedPort()
	cases := []struct {
		name      string
		proxy     string // the environment's proxy URL
		noProxy   string
		blocked   bool // direct connections fail
		tcp       health.Status
		tcpCode   string
		tcpKey    string
		tls       health.Status
		tlsKey    string
		evidenced bool   // "proxied" evidence present
		region    string // account.region's code, when checked
	}{
		{name: "direct blocked, HTTP proxy works", proxy: "http://" + open.Addr(), blocked: true,
			tcp: health.StatusOK, tcpCode: CodeTCPViaProxy, tcpKey: "proxy.tcp.via_proxy", tls: health.StatusOK, tlsKey: "proxy.tls.via_proxy", evidenced: true,
			region: CodeRegionOK},
		{name: "direct blocked, SOCKS5 proxy works", proxy: "socks5://" + socks.Addr(), blocked: true,
			tcp: health.StatusOK, tcpCode: CodeTCPViaProxy, tcpKey: "proxy.tcp.via_proxy", tls: health.StatusOK, tlsKey: "proxy.tls.via_proxy", evidenced: true},
		{name: "both paths work", proxy: "http://" + open.Addr(),
			tcp: health.StatusOK, tcpCode: CodeTCPOK, tcpKey: "net.tcp.ok", tls: health.StatusOK, tlsKey: "net.tls.ok", evidenced: true},
		{name: "proxy down, direct works", proxy: "http://" + closed,
			tcp: health.StatusWarn, tcpCode: CodeTCPProxyInWay, tcpKey: "proxy.tcp.in_the_way", tls: health.StatusOK, tlsKey: "net.tls.ok", evidenced: true},
		{name: "proxy down, direct blocked", proxy: "http://" + closed, blocked: true,
			tcp: health.StatusFail, tcpCode: CodeTCPRefused, tcpKey: "proxy.tcp.both_failed", evidenced: true, region: CodeRegionNone},
		{name: "407 without a password, direct works", proxy: "http://" + authed.Addr(),
			tcp: health.StatusWarn, tcpCode: CodeProxyAuth, tcpKey: "proxy.auth", tls: health.StatusOK, tlsKey: "net.tls.ok", evidenced: true},
		{name: "407 without a password, direct blocked", proxy: "http://" + authed.Addr(), blocked: true,
			tcp: health.StatusFail, tcpCode: CodeProxyAuth, tcpKey: "proxy.auth", evidenced: true},
		{name: "wrong password", proxy: "http://alice:wrong@" + authed.Addr(), blocked: true,
			tcp: health.StatusFail, tcpCode: CodeProxyAuth, tcpKey: "proxy.auth_rejected", evidenced: true},
		{name: "right password, direct blocked", proxy: "http://alice:Pa55w0rd@" + authed.Addr(), blocked: true,
			tcp: health.StatusOK, tcpCode: CodeTCPViaProxy, tcpKey: "proxy.tcp.via_proxy", tls: health.StatusOK, tlsKey: "proxy.tls.via_proxy", evidenced: true},
		{name: "NO_PROXY exempts the WPS hosts from a dead proxy", proxy: "http://" + closed, noProxy: ".wps.test,.wpsintl.test",
			tcp: health.StatusOK, tcpCode: CodeTCPOK, tcpKey: "net.tcp.ok", tls: health.StatusOK, tlsKey: "net.tls.ok"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			if c.blocked {
				w.blockDirect()
			}
			w.useEnvProxy(t, c.proxy, c.noProxy)
			f := w.check(IDTCP)
			if f.Status != c.tcp || f.Code != c.tcpCode || f.Message.Key != c.tcpKey {
				t.Errorf("net.tcp: got %s %s %s, want %s %s %s\nargs %v\nevidence %+v", f.Status, f.Code, f.Message.Key, c.tcp, c.tcpCode, c.tcpKey, f.Message.Args, f.Evidence)
			}
			if _, got := f.Evidence["proxied"]; got != c.evidenced {
				t.Errorf("net.tcp: proxied evidence %v, want %v", got, c.evidenced)
			}
			noSecrets(t, f)
			if c.region != "" {
				if r := w.check(IDRegion); r.Code != c.region {
					t.Errorf("account.region: got %s %s, want %s", r.Status, r.Code, c.region)
				}
			}
			if c.tls == "" {
				return
			}
			g := w.check(IDTLS)
			if g.Status != c.tls || g.Message.Key != c.tlsKey {
				t.Errorf("net.tls: got %s %s %s, want %s %s\nevidence %+v", g.Status, g.Code, g.Message.Key, c.tls, c.tlsKey, g.Evidence)
			}
			noSecrets(t, g)
		})
	}
}

func noSecrets(t *testing.T, f health.Finding) {
	t.Helper()
	js, _ := json.Marshal(f)
	for _, lang := range i18n.Languages {
		js = append(js, i18n.T(lang, f.Message.Key, f.Message.Args)...)
	}
	for _, secret := range []string{"alice", "Pa55w0rd", "wrong"} {
		if strings.Contains(string(js), secret) {
			t.Errorf("finding contains %q: %s", secret, js)
		}
	}
}

// TestProxiedTexts: the rendered texts name the proxy, say "through
// the proxy", and keep the direct verdict when both paths fail.
func TestProxiedTexts(t *testing.T) {
	direct := health.Msg("net.tcp.refused", "endpoints", []string{"drive.wps.test:443"}, "failed", 1, "total", 3)
	pr := netprobe.ProxiedResult{Proxy: "10.0.0.1:3128", Outcome: netprobe.ProxyDown, ProxyTCP: netprobe.TCPRefused}
	cases := []struct {
		name string
		msg  health.Message
		en   []string
		zh   []string
	}{
		{"via proxy", health.Msg("proxy.tcp.via_proxy", "proxy", "10.0.0.1:3128", "count", 3),
			[]string{"through the proxy 10.0.0.1:3128", "direct connections are blocked"}, []string{"通过代理 10.0.0.1:3128", "直接连接被阻止"}},
		{"both failed", health.Msg("proxy.tcp.both_failed", "direct", direct, "proxy", "10.0.0.1:3128", "reason", proxyOutcomeRef(pr)),
			[]string{"drive.wps.test:443", "Through the proxy 10.0.0.1:3128", "the proxy itself cannot be reached: connection refused"},
			[]string{"drive.wps.test:443", "经过代理 10.0.0.1:3128", "无法连接代理本身：连接被拒绝"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for lang, want := range map[string][]string{i18n.English: c.en, i18n.Chinese: c.zh} {
				got := i18n.T(lang, c.msg.Key, c.msg.Args)
				for _, w := range want {
					if !strings.Contains(got, w) {
						t.Errorf("[%s] got %q, want it to contain %q", lang, got, w)
					}
				}
			}
		})
	}
}

// TestRoute: which proxy a WPS host goes through, and when none is
// probed.
func TestRoute(t *testing.T) {
	env := func(https, noProxy string) netinfo.Proxy {
		return netinfo.Proxy{Source: "env", Mode: netinfo.ModeManual, HTTPS: https, Bypass: strings.Split(noProxy, ",")}
	}
	cases := []struct {
		name  string
		cfgs  []netinfo.Proxy
		want  string // the label; "" = no proxy probe
		socks bool
	}{
		{"none", nil, "", false},
		{"env http", []netinfo.Proxy{env("10.0.0.1:3128", "")}, "10.0.0.1:3128", false},
		{"env socks", []netinfo.Proxy{env("socks5://10.0.0.1:1080", "")}, "socks5://10.0.0.1:1080", true},
		{"NO_PROXY", []netinfo.Proxy{env("10.0.0.1:3128", ".wps.test")}, "", false},
		{"PAC is not evaluated", []netinfo.Proxy{{Source: "gnome", Mode: netinfo.ModePAC, PAC: "http://wpad/wpad.dat"}}, "", false},
		{"first active setting decides", []netinfo.Proxy{{Source: "env", Mode: netinfo.ModeNone},
			{Source: "gnome", Mode: netinfo.ModeManual, HTTPS: "10.0.0.2:8080"}}, "10.0.0.2:8080", false},
		{"https proxy scheme is not spoken", []netinfo.Proxy{{Source: "gnome", Mode: netinfo.ModeManual, HTTPS: "https://10.0.0.3:443"}}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, ok := route(c.cfgs, "account.wps.test")
			got := ""
			if ok {
				got = r.via.Label
			}
			if got != c.want || ok && r.via.SOCKS != c.socks {
				t.Errorf("got %q (socks %v), want %q (socks %v)", got, r.via.SOCKS, c.want, c.socks)
			}
		})
	}
}

// TestProxyCheckAuth: net.proxy gives an HTTP proxy the configured
// credentials, and names a proxy that asks for them or rejects them.
func TestProxyCheckAuth(t *testing.T) {
	authed, err := probetest.NewHTTPProxy("alice", "Pa55w0rd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { authed.Close() })
	cases := []struct {
		name, proxy string
		status      health.Status
		code, key   string
	}{
		{"password configured", "http://alice:Pa55w0rd@" + authed.Addr(), health.StatusInfo, CodeProxyWorks, "net.proxy.works"},
		{"none configured", "http://" + authed.Addr(), health.StatusFail, CodeProxyAuth, "proxy.auth"},
		{"wrong password", "http://alice:wrong@" + authed.Addr(), health.StatusFail, CodeProxyAuth, "proxy.auth_rejected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			w.useEnvProxy(t, c.proxy, "")
			f := w.check(IDProxy)
			if f.Status != c.status || f.Code != c.code || f.Message.Key != c.key {
				t.Errorf("got %s %s %s, want %s %s %s", f.Status, f.Code, f.Message.Key, c.status, c.code, c.key)
			}
			noSecrets(t, f)
		})
	}
}
