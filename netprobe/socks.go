package netprobe

import (
	"context"
	"net"
	"net/url"
	"time"

	"golang.org/x/net/proxy"
)

// ProbeSOCKSProxy connects to a SOCKS5 proxy at addr (host:port) and asks
// it, with the SOCKS protocol (and user/password authentication when user
// is set), to connect to target (a WPS host:443). OK means WPS traffic can
// go through it. The result names the proxy as label (a URL without user
// info), never with credentials.
func ProbeSOCKSProxy(ctx context.Context, label, addr string, user *url.Userinfo, target string, timeout time.Duration) (pc ProxyCheck) {
	pc = ProxyCheck{Proxy: label, Target: target}
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	defer func() { pc.MS = Millis(time.Since(start)) }()
	tr, c := dialTCP(ctx, addr, timeout)
	pc.TCP = tr.Outcome
	if c == nil {
		pc.Error = tr.Error
		return pc
	}
	defer c.Close()
	var auth *proxy.Auth
	if user != nil {
		pw, _ := user.Password()
		auth = &proxy.Auth{User: user.Username(), Password: pw}
	}
	d, err := proxy.SOCKS5("tcp", addr, auth, connDialer{c})
	if err != nil {
		pc.Error = err.Error()
		return pc
	}
	conn, err := d.(proxy.ContextDialer).DialContext(ctx, "tcp", target)
	if err != nil {
		pc.Error = err.Error()
		return pc
	}
	conn.Close()
	pc.OK = true
	return pc
}

// connDialer hands the SOCKS client the connection already measured.
type connDialer struct{ c net.Conn }

func (d connDialer) Dial(string, string) (net.Conn, error) { return d.c, nil }
func (d connDialer) DialContext(context.Context, string, string) (net.Conn, error) {
	return d.c, nil
}
