package main

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/health/network"
	"wpsdoctor/netprobe/probetest"
	"wpsdoctor/platform/netinfo"
	"wpsdoctor/platform/wps"
)

// Test names of the loopback WPS; both families are overridden so nothing
// leaves the machine.
var worldNames = []string{"account.wps.test", "drive.wps.test", "account.wpsintl.test"}

// onlineInfo is an OS with a default route, no proxy, time sync on.
type onlineInfo struct{}

func (onlineInfo) DefaultRoutes(context.Context) ([]netinfo.Route, error) {
	return []netinfo.Route{{Family: 4, Iface: "eth0", Gateway: "192.0.2.1"}}, nil
}
func (onlineInfo) Interfaces(context.Context) ([]netinfo.Interface, error) {
	return []netinfo.Interface{{Name: "lo", Up: true, Loopback: true}, {Name: "eth0", Up: true}}, nil
}
func (onlineInfo) Proxies(context.Context) ([]netinfo.Proxy, error) { return nil, nil }
func (onlineInfo) NetworkTime(context.Context) (netinfo.TimeSync, error) {
	return netinfo.TimeSync{State: netinfo.SyncOn}, nil
}

// world is a loopback WPS: system and public DNS, an SNTP responder, a TLS
// server with a test CA, a plain-HTTP server for the captive probe, and a
// proxy that delays one endpoint.
type world struct {
	sys, pub *probetest.DNS
	ntp      *probetest.NTP
	ca       *probetest.CA
	tlsLn    net.Listener
	httpLn   net.Listener
	delay    *delayProxy
	closers  []func()
}

func newWorld(delay time.Duration) (w *world, err error) {
	w = &world{}
	defer func() {
		if err != nil {
			w.Close()
		}
	}()
	script := map[string]probetest.Answer{}
	for _, n := range worldNames {
		script[n] = probetest.Answer{Addrs: []string{"127.0.0.1"}}
	}
	if w.sys, err = probetest.StartDNS(script); err != nil {
		return nil, err
	}
	w.closers = append(w.closers, w.sys.Close)
	if w.pub, err = probetest.StartDNS(script); err != nil {
		return nil, err
	}
	w.closers = append(w.closers, w.pub.Close)
	if w.ntp, err = probetest.StartNTP(0); err != nil {
		return nil, err
	}
	w.closers = append(w.closers, w.ntp.Close)
	if w.ca, err = probetest.NewCA("WPS Bench Root"); err != nil {
		return nil, err
	}
	cert, err := w.ca.Leaf(worldNames, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	if err != nil {
		return nil, err
	}
	quiet := log.New(io.Discard, "", 0) // probes hang up on purpose
	ok := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { io.WriteString(rw, "ok") })
	if w.tlsLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, err
	}
	tlsSrv := &http.Server{Handler: ok, ErrorLog: quiet, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}}}
	go tlsSrv.ServeTLS(w.tlsLn, "", "")
	w.closers = append(w.closers, func() { tlsSrv.Close() })
	// The captive probe expects WPS to redirect plain HTTP to HTTPS.
	redirect := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, "https://"+r.Host+"/", http.StatusMovedPermanently)
	})
	if w.httpLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, err
	}
	httpSrv := &http.Server{Handler: redirect, ErrorLog: quiet}
	go httpSrv.Serve(w.httpLn)
	w.closers = append(w.closers, func() { httpSrv.Close() })
	if w.delay, err = startDelayProxy(w.tlsLn.Addr().String(), delay); err != nil {
		return nil, err
	}
	w.closers = append(w.closers, w.delay.Close)
	return w, nil
}

func (w *world) Close() {
	for i := len(w.closers) - 1; i >= 0; i-- {
		w.closers[i]()
	}
	w.closers = nil
}

func portOf(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(p)
	return n
}

// catalogue points both families at the world; drive.wps.test goes through
// the delaying proxy. Thresholds stay the built-in ones.
func (w *world) catalogue() (*catalog.Catalog, error) {
	tlsPort, httpPort, slowPort := portOf(w.tlsLn.Addr().String()), portOf(w.httpLn.Addr().String()), portOf(w.delay.Addr())
	toml := probetest.CatalogueTOML(probetest.World{Name: "Bench", Resolver: w.pub.Addr, NTP: w.ntp.Addr,
		Account: []int{tlsPort, httpPort}, Drive: []int{slowPort}, Intl: []int{tlsPort}})
	return catalog.LoadBytes([]byte(toml), "bench")
}

func (w *world) runner() health.Runner {
	checks := network.ChecksWith(network.Options{
		SystemResolver: w.sys.Addr,
		Roots:          w.ca.Pool,
		Info:           onlineInfo{},
		PlainHTTPPorts: []int{portOf(w.httpLn.Addr().String())},
	})
	return health.Runner{Checks: checks, DefaultTimeout: health.DefaultTimeout, Deadline: health.Deadline}
}

func mainlandEnv(cat *catalog.Catalog) *health.Env {
	return health.With(health.NewEnv(cat, ""), func() (wps.Install, error) {
		return wps.Install{Found: true, Edition: wps.EditionMainland}, nil
	})
}

// slowestProbe is one TLS handshake through the delaying proxy, as the
// net.tls probe makes it: the reference the full run is compared with.
func (w *world) slowestProbe(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	d := tls.Dialer{Config: &tls.Config{ServerName: "drive.wps.test", RootCAs: w.ca.Pool}}
	c, err := d.DialContext(ctx, "tcp", w.delay.Addr())
	if err != nil {
		return 0, err
	}
	el := time.Since(start)
	c.Close()
	return el, nil
}

// delayProxy forwards TCP to a backend after holding each new connection
// back: the TCP connect is instant (loopback), the first byte of the TLS
// handshake arrives delay later — a far-away or overloaded endpoint.
type delayProxy struct {
	ln      net.Listener
	backend string
	delay   time.Duration
	done    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	conns   map[net.Conn]bool
}

func startDelayProxy(backend string, delay time.Duration) (*delayProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &delayProxy{ln: ln, backend: backend, delay: delay, done: make(chan struct{}), conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

func (p *delayProxy) Addr() string { return p.ln.Addr().String() }

func (p *delayProxy) track(c net.Conn, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.conns[c] = true
	} else {
		delete(p.conns, c)
	}
}

func (p *delayProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.track(c, true)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.track(c, false)
			defer c.Close()
			select {
			case <-time.After(p.delay):
			case <-p.done:
				return
			}
			b, err := net.Dial("tcp", p.backend)
			if err != nil {
				return
			}
			p.track(b, true)
			defer p.track(b, false)
			defer b.Close()
			go func() { io.Copy(b, c); b.(*net.TCPConn).CloseWrite() }()
			io.Copy(c, b)
		}()
	}
}

// Close stops the proxy and every connection it holds.
func (p *delayProxy) Close() {
	close(p.done)
	p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
