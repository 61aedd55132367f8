package netprobe

import (
	"context"
	"net"
	"net/url"
	"time"
)

// ProbeSOCKSProxy connects to a SOCKS5 proxy at addr (host:port) and asks
// it, with the SOCKS protocol (and user/password authentication when user
// is set), to connect to target (a WPS host:443). OK means WPS traffic can
// go through it. The result names the proxy as label (a URL without user
// info), never with credentials.
func ProbeSOCKSProxy(ctx context.Context, label, addr string, user *url.Userinfo, target string, timeout time.Duration) ProxyCheck {
	return ProbeProxy(ctx, Via{Label: label, Addr: addr, SOCKS: true, User: user}, target, timeout)
}

// connDialer hands the SOCKS client the connection already measured.
type connDialer struct{ c net.Conn }

func (d connDialer) Dial(string, string) (net.Conn, error) { return d.c, nil }
func (d connDialer) DialContext(context.Context, string, string) (net.Conn, error) {
	return d.c, nil
}
