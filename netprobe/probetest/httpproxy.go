package probetest

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// HTTPProxy is a minimal HTTP forward proxy: CONNECT tunnels and plain
// requests in absolute form, with optional Basic authentication (407 when
// it is missing or wrong). Like the SOCKS5 server, it sends every
// destination name to 127.0.0.1, so a probe through it reaches the
// loopback test world.
type HTTPProxy struct {
	ln         net.Listener
	user, pass string
	wg         sync.WaitGroup
	// Tunnels counts CONNECTs answered 200; Requests plain requests
	// forwarded; AuthFailures 407 answers.
	Tunnels, Requests, AuthFailures atomic.Int64
}

// NewHTTPProxy starts the proxy on 127.0.0.1. With a non-empty user it
// demands Basic authentication.
func NewHTTPProxy(user, pass string) (*HTTPProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &HTTPProxy{ln: ln, user: user, pass: pass}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.serve(c)
			}()
		}
	}()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *HTTPProxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and waits for its connections to end.
func (p *HTTPProxy) Close() error {
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *HTTPProxy) authorised(r *http.Request) bool {
	if p.user == "" {
		return true
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(p.user+":"+p.pass))
	return r.Header.Get("Proxy-Authorization") == want
}

func (p *HTTPProxy) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	r, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	if !p.authorised(r) {
		p.AuthFailures.Add(1)
		io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
		return
	}
	host := r.Host
	if r.Method != http.MethodConnect && r.URL.Host != "" {
		host = r.URL.Host
	}
	_, port, err := net.SplitHostPort(host)
	if err != nil {
		port = "80"
	}
	up, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer up.Close()
	if r.Method == http.MethodConnect {
		p.Tunnels.Add(1)
		io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
		pipe(c, br, up)
		return
	}
	p.Requests.Add(1)
	r.RequestURI, r.URL.Scheme, r.URL.Host = "", "", ""
	r.Header.Del("Proxy-Authorization")
	if err := r.Write(up); err != nil {
		fmt.Fprintf(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	io.Copy(c, up)
}

// pipe copies both ways until either side ends.
func pipe(c net.Conn, br *bufio.Reader, up net.Conn) {
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, br); done <- struct{}{} }()
	go func() { io.Copy(c, up); done <- struct{}{} }()
	<-done
	up.Close()
	c.Close()
	<-done
}
