//go:build e2e && linux

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/health/network"
)

// The password-protected proxy: a second tinyproxy beside the open one.
const (
	authProxyPort = ProxyPort + 1
	authProxyUser = "wsdeuser"
	authProxyPass = "Wsde-Secret-42"
	srvAuthProxy  = "tinyproxy-auth"
)

// proxyOnly is the office network that lets nothing out but its proxy:
// TCP 443 from the client's network is dropped on the way (in the cloud
// namespace, so this computer's firewall is clear); the proxy, beside the
// servers, still reaches them.
var proxyOnly = cloudNFT("ip saddr 192.0.2.0/24 tcp dport 443 drop")

// proxyCase is one proxy setting in one network, and what net.tcp,
// net.tls and net.proxy must say.
type proxyCase struct {
	name   string
	break_ func(w *world) error
	env    []string
	// tcp is net.tcp's status and code; text a phrase its English text
	// must contain.
	tcp     health.Status
	tcpCode string
	text    string
	// tls is net.tls's status; proxy net.proxy's code.
	tls   health.Status
	proxy string
}

func proxyCases() []proxyCase {
	open := fmt.Sprintf("http://%s:%d", ProxyAddr, ProxyPort)
	dead := fmt.Sprintf("http://%s:%d", DeadProxyAddr, DeadProxyPort)
	authed := fmt.Sprintf("http://%s:%d", ProxyAddr, authProxyPort)
	withPassword := fmt.Sprintf("http://%s:%s@%s:%d", authProxyUser, authProxyPass, ProxyAddr, authProxyPort)
	none := func(*world) error { return nil }
	return []proxyCase{
		{name: "proxy-only network, tinyproxy configured", break_: proxyOnly, env: proxyEnv(open),
			tcp: health.StatusOK, tcpCode: network.CodeTCPViaProxy, text: "through the proxy " + ProxyAddr,
			tls: health.StatusOK, proxy: network.CodeProxyWorks},
		{name: "proxy configured but down, direct works", break_: none, env: proxyEnv(dead),
			tcp: health.StatusWarn, tcpCode: network.CodeTCPProxyInWay, text: "The proxy is in the way",
			tls: health.StatusOK, proxy: network.CodeProxyDead},
		{name: "proxy asks for a password, none configured", break_: none, env: proxyEnv(authed),
			tcp: health.StatusWarn, tcpCode: network.CodeProxyAuth, text: "asks for a user name and password",
			tls: health.StatusOK, proxy: network.CodeProxyAuth},
		{name: "proxy-only network, password configured", break_: proxyOnly, env: proxyEnv(withPassword),
			tcp: health.StatusOK, tcpCode: network.CodeTCPViaProxy, text: "through the proxy " + ProxyAddr,
			tls: health.StatusOK, proxy: network.CodeProxyWorks},
		{name: "proxy-only network, no proxy configured", break_: proxyOnly,
			tcp: health.StatusFail, tcpCode: network.CodeTCPFiltered},
	}
}

// startAuthProxy runs a tinyproxy that demands Basic authentication.
func (w *world) startAuthProxy() error {
	dir := filepath.Join(w.dir, "proxy-auth")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	conf := strings.Replace(TinyproxyConf(dir), fmt.Sprintf("Port %d\n", ProxyPort), fmt.Sprintf("Port %d\n", authProxyPort), 1) +
		fmt.Sprintf("BasicAuth %s %s\n", authProxyUser, authProxyPass)
	f := filepath.Join(dir, "tinyproxy.conf")
	if err := os.WriteFile(f, []byte(conf), 0o644); err != nil {
		return err
	}
	p, err := w.start(srvAuthProxy, CloudNS, "tinyproxy", "-d", "-c", f)
	if err != nil {
		return err
	}
	return waitListen(p, "tcp", fmt.Sprintf("%s:%d", ProxyAddr, authProxyPort))
}

// TestProxyWorlds: the doctor probes WPS's hosts through the configured
// proxy, as WPS does: a proxy-only network is healthy through tinyproxy,
// a dead or password-protected proxy is named while direct connections
// work, and the password never reaches the report.
func TestProxyWorlds(t *testing.T) {
	if theWorld == nil {
		t.Skip("e2e world not running: " + skipWhy)
	}
	w := theWorld
	if err := w.startAuthProxy(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.procs[srvAuthProxy].stop(); delete(w.procs, srvAuthProxy) })
	ctx := context.Background()
	for _, pc := range proxyCases() {
		t.Run(pc.name, func(t *testing.T) {
			t.Cleanup(func() {
				if err := w.heal(); err != nil {
					t.Fatalf("cannot heal the world: %v", err)
				}
			})
			if err := pc.break_(w); err != nil {
				t.Fatal(err)
			}
			rep, r, err := w.check(ctx, scenario{env: pc.env})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(r.stdout, authProxyPass) || strings.Contains(r.stdout, authProxyUser) {
				t.Errorf("the report shows the proxy's credentials")
			}
			for _, p := range judgeProxy(pc, rep) {
				t.Error(p)
			}
		})
	}
}

// judgeProxy compares the report with the case and logs what was seen.
func judgeProxy(pc proxyCase, rep health.Report) []string {
	by := map[string]health.Finding{}
	var seen []string
	for _, f := range rep.Findings {
		by[f.Check] = f
		if f.Status != health.StatusOK {
			seen = append(seen, fmt.Sprintf("%s=%s/%s", f.Check, f.Status, f.Code))
		}
	}
	fmt.Printf("      %-48s overall=%s %s\n        net.tcp: %s\n", pc.name, rep.Overall, strings.Join(seen, " "), by[network.IDTCP].Text)
	var problems []string
	tcp, tls := by[network.IDTCP], by[network.IDTLS]
	if tcp.Status != pc.tcp || tcp.Code != pc.tcpCode {
		problems = append(problems, fmt.Sprintf("net.tcp %s %s, want %s %s: %s", tcp.Status, tcp.Code, pc.tcp, pc.tcpCode, tcp.Text))
	}
	if pc.text != "" && !strings.Contains(tcp.Text, pc.text) {
		problems = append(problems, fmt.Sprintf("net.tcp says %q, want it to say %q", tcp.Text, pc.text))
	}
	if _, ok := tcp.Evidence["proxied"]; pc.env != nil && !ok {
		problems = append(problems, "net.tcp has no evidence of the connections through the proxy")
	}
	if pc.tcpCode == network.CodeTCPViaProxy && !strings.Contains(tls.Text, "through the proxy") {
		problems = append(problems, fmt.Sprintf("net.tls says %q, want it to say \"through the proxy\"", tls.Text))
	}
	if pc.tls != "" && tls.Status != pc.tls {
		problems = append(problems, fmt.Sprintf("net.tls %s %s (suppressed by %q), want %s: %s", tls.Status, tls.Code, tls.SuppressedBy, pc.tls, tls.Text))
	}
	if pc.proxy != "" && by[network.IDProxy].Code != pc.proxy {
		problems = append(problems, fmt.Sprintf("net.proxy %s, want %s: %s", by[network.IDProxy].Code, pc.proxy, by[network.IDProxy].Text))
	}
	return problems
}
