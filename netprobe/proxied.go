package netprobe

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/proxy"
)

// Via is the proxy a probe goes through, as the WPS client would use it:
// an HTTP proxy (CONNECT) or a SOCKS5 proxy.
type Via struct {
	// Label names the proxy in evidence and messages: host:port, or
	// socks5://host:port. It never carries user info.
	Label string
	// Addr is the proxy's host:port.
	Addr  string
	SOCKS bool
	// User is the configured user name and password, sent to the proxy
	// and never written anywhere.
	User *url.Userinfo
}

// ProxyOutcome classifies a connection through a proxy.
type ProxyOutcome string

const (
	ProxyOK ProxyOutcome = "ok"
	// ProxyDown: this computer cannot connect to the proxy itself
	// (ProxiedResult.ProxyTCP says how it failed).
	ProxyDown ProxyOutcome = "proxy_down"
	// ProxyAuth: the proxy asks for a user name and password (HTTP 407),
	// or rejects the ones configured (AuthSent).
	ProxyAuth ProxyOutcome = "auth"
	// ProxyRefused: the proxy answers but will not connect there (a rule,
	// 403, a SOCKS "not allowed").
	ProxyRefused ProxyOutcome = "refused"
	// ProxyTargetFailed: the proxy tried, and the WPS server did not
	// answer it (502/503/504, SOCKS host unreachable or refused).
	ProxyTargetFailed ProxyOutcome = "target_failed"
	// ProxyError: no usable answer (a timeout, a protocol error).
	ProxyError ProxyOutcome = "error"
)

// ProxiedResult is one connection to target through a proxy.
type ProxiedResult struct {
	Proxy    string       `json:"proxy"`
	Target   string       `json:"target"`
	Outcome  ProxyOutcome `json:"outcome"`
	ProxyTCP TCPOutcome   `json:"proxy_tcp"`        // the connection to the proxy itself
	Status   int          `json:"status,omitempty"` // an HTTP proxy's answer
	AuthSent bool         `json:"auth_sent,omitempty"`
	MS       float64      `json:"ms"`
	Error    string       `json:"error,omitempty"`
}

// OK reports whether the proxy reached the target.
func (r ProxiedResult) OK() bool { return r.Outcome == ProxyOK }

// DialViaProxy opens a connection to target (host:port, the name as WPS
// would ask for it: the proxy resolves it) through v and returns it open
// on success. plain asks for a plain-HTTP target: an HTTP proxy is then
// asked for the page (a GET in absolute form, as a browser does) instead
// of a tunnel, and no connection is returned.
func DialViaProxy(ctx context.Context, v Via, target string, plain bool, timeout time.Duration) (ProxiedResult, net.Conn) {
	res := ProxiedResult{Proxy: v.Label, Target: target, AuthSent: v.User != nil}
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	defer func() { res.MS = Millis(time.Since(start)) }()
	tr, c := dialTCP(ctx, v.Addr, timeout)
	res.ProxyTCP = tr.Outcome
	if c == nil {
		res.Outcome, res.Error = ProxyDown, tr.Error
		return res, nil
	}
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	var err error
	switch {
	case v.SOCKS:
		var tc net.Conn
		tc, err = socksConnect(ctx, v, c, target)
		if err == nil {
			c = tc
		}
		res.Outcome = socksOutcome(err)
	case plain:
		res.Status, err = httpGet(c, v, target)
		res.Outcome = statusOutcome(res.Status, err, true)
		c.Close()
		c = nil
	default:
		res.Status, err = httpConnect(c, v, target)
		res.Outcome = statusOutcome(res.Status, err, false)
	}
	if err != nil && res.Outcome != ProxyOK {
		res.Error = err.Error()
	}
	if res.Outcome != ProxyOK && c != nil {
		c.Close()
		c = nil
	}
	return res, c
}

// ConnectViaProxy measures a connection to target through v and closes it.
func ConnectViaProxy(ctx context.Context, v Via, target string, plain bool, timeout time.Duration) ProxiedResult {
	r, c := DialViaProxy(ctx, v, target, plain, timeout)
	if c != nil {
		c.Close()
	}
	return r
}

// ProbeProxy asks v (an HTTP proxy with CONNECT, or SOCKS5, with the
// configured credentials) to connect to target (a WPS host:443): OK means
// WPS traffic can go through it.
func ProbeProxy(ctx context.Context, v Via, target string, timeout time.Duration) ProxyCheck {
	r := ConnectViaProxy(ctx, v, target, false, timeout)
	return ProxyCheck{Proxy: r.Proxy, Target: r.Target, TCP: r.ProxyTCP, Status: r.Status, OK: r.OK(),
		Outcome: r.Outcome, AuthSent: r.AuthSent, Error: r.Error, MS: r.MS}
}

// HandshakeTLSViaProxy shakes hands with target (host:port) presenting
// serverName, through a tunnel v opened: what the WPS client sees behind
// the proxy, interception by the proxy included. A tunnel that could not
// be opened is TLSNoConnect (the ProxiedResult says why).
func HandshakeTLSViaProxy(ctx context.Context, v Via, target, serverName string, o TLSOptions) (TLSResult, ProxiedResult) {
	res := TLSResult{Addr: target, ServerName: serverName}
	ctx, cancel := withTimeout(ctx, o.Timeout)
	defer cancel()
	start := time.Now()
	defer func() { res.RTT = time.Since(start); res.MS = Millis(res.RTT) }()
	pr, raw := DialViaProxy(ctx, v, target, false, o.Timeout)
	if raw == nil {
		res.Outcome, res.Error = TLSNoConnect, string(pr.Outcome)
		res.TCP = pr.ProxyTCP
		if pr.Outcome != ProxyDown {
			res.TCP = TCPError
		}
		return res, pr
	}
	defer raw.Close()
	res.TCP = TCPOK
	shakeHands(ctx, raw, serverName, o, &res)
	return res, pr
}

func proxyAuth(v Via) string {
	if v.User == nil {
		return ""
	}
	pw, _ := v.User.Password()
	tok := base64.StdEncoding.EncodeToString([]byte(v.User.Username() + ":" + pw))
	return "Proxy-Authorization: Basic " + tok + "\r\n"
}

// httpConnect asks an HTTP proxy for a tunnel to target.
func httpConnect(c net.Conn, v Via, target string) (int, error) {
	if _, err := fmt.Fprintf(c, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n%s\r\n", target, target, proxyAuth(v)); err != nil {
		return 0, err
	}
	return readStatus(c, http.MethodConnect)
}

// httpGet asks an HTTP proxy for http://target/.
func httpGet(c net.Conn, v Via, target string) (int, error) {
	if _, err := fmt.Fprintf(c, "HEAD http://%s/ HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", target, target, proxyAuth(v)); err != nil {
		return 0, err
	}
	return readStatus(c, http.MethodHead)
}

// readStatus reads the proxy's answer without buffering past it: the
// connection goes on as the tunnel.
func readStatus(c net.Conn, method string) (int, error) {
	resp, err := http.ReadResponse(bufio.NewReaderSize(oneByte{c}, 16), &http.Request{Method: method})
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, errors.New(strings.TrimSpace(resp.Status))
	}
	return resp.StatusCode, nil
}

// oneByte reads one byte at a time, so the response reader never takes
// bytes of the tunnel that follows the proxy's answer.
type oneByte struct{ c net.Conn }

func (o oneByte) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.c.Read(p)
}

// statusOutcome classifies an HTTP proxy's answer. A tunnel needs a 2xx;
// for a plain page any answer the proxy relays from the server (below
// 500) means the server was reached.
func statusOutcome(status int, err error, plain bool) ProxyOutcome {
	switch {
	case status == 0 && err != nil:
		return ProxyError
	case status == http.StatusProxyAuthRequired:
		return ProxyAuth
	case status/100 == 2, plain && status < 500:
		return ProxyOK
	case status == http.StatusBadGateway, status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		return ProxyTargetFailed
	}
	return ProxyRefused
}

// socksConnect asks a SOCKS5 proxy (x/net/proxy) over c to connect.
func socksConnect(ctx context.Context, v Via, c net.Conn, target string) (net.Conn, error) {
	var auth *proxy.Auth
	if v.User != nil {
		pw, _ := v.User.Password()
		auth = &proxy.Auth{User: v.User.Username(), Password: pw}
	}
	d, err := proxy.SOCKS5("tcp", v.Addr, auth, connDialer{c})
	if err != nil {
		return nil, err
	}
	return d.(proxy.ContextDialer).DialContext(ctx, "tcp", target)
}

// socksOutcome classifies the SOCKS client's error by the reply it names.
func socksOutcome(err error) ProxyOutcome {
	if err == nil {
		return ProxyOK
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "authentication"), strings.Contains(msg, "no acceptable authentication methods"):
		return ProxyAuth
	case strings.Contains(msg, "not allowed by ruleset"):
		return ProxyRefused
	case strings.Contains(msg, "unreachable"), strings.Contains(msg, "connection refused"), strings.Contains(msg, "TTL expired"):
		return ProxyTargetFailed
	}
	return ProxyError
}
