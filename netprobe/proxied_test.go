package netprobe

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"wpsdoctor/netprobe/probetest"
)

// proxyWorld is a TLS server for account.wps.test, a plain-HTTP server,
// an HTTP proxy and a SOCKS5 proxy (each with and without a password),
// all on loopback.
type proxyWorld struct {
	ca                     *probetest.CA
	tlsPort, plainPort     string
	httpOpen, httpAuth     *probetest.HTTPProxy
	socksOpen, socksAuth   *probetest.SOCKS5
	closedProxy, closedDst string
}

func newProxyWorld(t *testing.T) *proxyWorld {
	t.Helper()
	w := &proxyWorld{}
	var err error
	if w.ca, err = probetest.NewCA("Proxy Test Root"); err != nil {
		t.Fatal(err)
	}
	cert, err := w.ca.Leaf([]string{"account.wps.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { io.WriteString(rw, "ok") }))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	plain := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, "https://account.wps.test/", http.StatusMovedPermanently)
	}))
	t.Cleanup(plain.Close)
	_, w.tlsPort, _ = net.SplitHostPort(srv.Listener.Addr().String())
	_, w.plainPort, _ = net.SplitHostPort(plain.Listener.Addr().String())
	for _, p := range []**probetest.HTTPProxy{&w.httpOpen, &w.httpAuth} {
		user := ""
		if p == &w.httpAuth {
			user = "alice"
		}
		if *p, err = probetest.NewHTTPProxy(user, "Pa55w0rd"); err != nil {
			t.Fatal(err)
		}
		px := *p
		t.Cleanup(func() { px.Close() })
	}
	for _, p := range []**probetest.SOCKS5{&w.socksOpen, &w.socksAuth} {
		user := ""
		if p == &w.socksAuth {
			user = "alice"
		}
		if *p, err = probetest.NewSOCKS5(user, "Pa55w0rd"); err != nil {
			t.Fatal(err)
		}
		px := *p
		t.Cleanup(func() { px.Close() })
	}
	w.closedProxy, _ = probetest.ClosedPort()
	w.closedDst, _ = probetest.ClosedPort()
	return w
}

func TestConnectViaProxy(t *testing.T) {
	w := newProxyWorld(t)
	_, closedPort, _ := net.SplitHostPort(w.closedDst)
	httpVia := func(addr string, user *url.Userinfo) Via { return Via{Label: addr, Addr: addr, User: user} }
	socksVia := func(addr string, user *url.Userinfo) Via {
		return Via{Label: "socks5://" + addr, Addr: addr, SOCKS: true, User: user}
	}
	alice, wrong := url.UserPassword("alice", "Pa55w0rd"), url.UserPassword("alice", "wrong")
	cases := []struct {
		name    string
		via     Via
		port    string
		plain   bool
		want    ProxyOutcome
		status  int
		proxyTC TCPOutcome
	}{
		{"http tunnel", httpVia(w.httpOpen.Addr(), nil), w.tlsPort, false, ProxyOK, 200, TCPOK},
		{"http tunnel with password", httpVia(w.httpAuth.Addr(), alice), w.tlsPort, false, ProxyOK, 200, TCPOK},
		{"http 407 without password", httpVia(w.httpAuth.Addr(), nil), w.tlsPort, false, ProxyAuth, 407, TCPOK},
		{"http 407 wrong password", httpVia(w.httpAuth.Addr(), wrong), w.tlsPort, false, ProxyAuth, 407, TCPOK},
		{"http proxy down", httpVia(w.closedProxy, nil), w.tlsPort, false, ProxyDown, 0, TCPRefused},
		{"http target down", httpVia(w.httpOpen.Addr(), nil), closedPort, false, ProxyTargetFailed, 502, TCPOK},
		{"http plain page", httpVia(w.httpOpen.Addr(), nil), w.plainPort, true, ProxyOK, 301, TCPOK},
		{"http plain page 407", httpVia(w.httpAuth.Addr(), nil), w.plainPort, true, ProxyAuth, 407, TCPOK},
		{"socks5", socksVia(w.socksOpen.Addr(), nil), w.tlsPort, false, ProxyOK, 0, TCPOK},
		{"socks5 with password", socksVia(w.socksAuth.Addr(), alice), w.tlsPort, false, ProxyOK, 0, TCPOK},
		{"socks5 wrong password", socksVia(w.socksAuth.Addr(), wrong), w.tlsPort, false, ProxyAuth, 0, TCPOK},
		{"socks5 target down", socksVia(w.socksOpen.Addr(), nil), closedPort, false, ProxyTargetFailed, 0, TCPOK},
		{"socks5 down", socksVia(w.closedProxy, nil), w.tlsPort, false, ProxyDown, 0, TCPRefused},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ConnectViaProxy(context.Background(), c.via, "account.wps.test:"+c.port, c.plain, time.Second)
			if r.Outcome != c.want || r.Status != c.status || r.ProxyTCP != c.proxyTC {
				t.Errorf("got %s status %d proxy tcp %s (%s), want %s %d %s", r.Outcome, r.Status, r.ProxyTCP, r.Error, c.want, c.status, c.proxyTC)
			}
			if r.Proxy != c.via.Label || strings.Contains(r.Error, "Pa55w0rd") {
				t.Errorf("got proxy %q error %q: want the label and no password", r.Proxy, r.Error)
			}
		})
	}
}

func TestHandshakeTLSViaProxy(t *testing.T) {
	w := newProxyWorld(t)
	o := TLSOptions{Roots: w.ca.Pool, Timeout: time.Second}
	target := "account.wps.test:" + w.tlsPort
	cases := []struct {
		name string
		via  Via
		want TLSOutcome
		px   ProxyOutcome
	}{
		{"through an HTTP tunnel", Via{Label: w.httpOpen.Addr(), Addr: w.httpOpen.Addr()}, TLSOK, ProxyOK},
		{"through SOCKS5", Via{Label: "socks5://" + w.socksOpen.Addr(), Addr: w.socksOpen.Addr(), SOCKS: true}, TLSOK, ProxyOK},
		{"proxy asks for a password", Via{Label: w.httpAuth.Addr(), Addr: w.httpAuth.Addr()}, TLSNoConnect, ProxyAuth},
		{"proxy down", Via{Label: w.closedProxy, Addr: w.closedProxy}, TLSNoConnect, ProxyDown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, pr := HandshakeTLSViaProxy(context.Background(), c.via, target, "account.wps.test", o)
			if r.Outcome != c.want || pr.Outcome != c.px {
				t.Errorf("got TLS %s proxy %s (%s / %s), want %s %s", r.Outcome, pr.Outcome, r.Error, pr.Error, c.want, c.px)
			}
		})
	}
	// Interception by the proxy: the tunnel works, the certificate is not
	// trusted by this store.
	other, _ := probetest.NewCA("Other Root")
	r, _ := HandshakeTLSViaProxy(context.Background(), Via{Label: w.httpOpen.Addr(), Addr: w.httpOpen.Addr()}, target, "account.wps.test",
		TLSOptions{Roots: other.Pool, Timeout: time.Second})
	if r.Outcome != TLSUntrusted {
		t.Errorf("got %s, want %s", r.Outcome, TLSUntrusted)
	}
}

// TestStatusOutcome: the proxy's answer, tunnel or page.
func TestStatusOutcome(t *testing.T) {
	cases := []struct {
		status int
		plain  bool
		want   ProxyOutcome
	}{
		{200, false, ProxyOK}, {407, false, ProxyAuth}, {403, false, ProxyRefused}, {502, false, ProxyTargetFailed},
		{504, false, ProxyTargetFailed}, {301, true, ProxyOK}, {404, true, ProxyOK}, {407, true, ProxyAuth}, {503, true, ProxyTargetFailed},
		{500, true, ProxyRefused},
	}
	for _, c := range cases {
		if got := statusOutcome(c.status, nil, c.plain); got != c.want {
			t.Errorf("statusOutcome(%d, plain %v) = %s, want %s", c.status, c.plain, got, c.want)
		}
	}
}
