package network

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/netprobe/probetest"
	"wpsdoctor/platform/netinfo"
	"wpsdoctor/platform/wps"
)

// fakeInfo is the OS as a test wants it.
type fakeInfo struct {
	routes   []netinfo.Route
	routeErr error
	ifs      []netinfo.Interface
	proxies  []netinfo.Proxy
	sync     netinfo.TimeSync
}

func (f *fakeInfo) DefaultRoutes(context.Context) ([]netinfo.Route, error) {
	return f.routes, f.routeErr
}
func (f *fakeInfo) Interfaces(context.Context) ([]netinfo.Interface, error) { return f.ifs, nil }
func (f *fakeInfo) Proxies(context.Context) ([]netinfo.Proxy, error)        { return f.proxies, nil }
func (f *fakeInfo) NetworkTime(context.Context) (netinfo.TimeSync, error)   { return f.sync, nil }

func onlineInfo() *fakeInfo {
	return &fakeInfo{
		routes: []netinfo.Route{{Family: 4, Iface: "eth0", Gateway: "192.0.2.1"}},
		ifs:    []netinfo.Interface{{Name: "lo", Up: true, Loopback: true}, {Name: "eth0", Up: true}},
		sync:   netinfo.TimeSync{State: netinfo.SyncOn},
	}
}

// world is a complete loopback WPS: a "system" and a "public" DNS server
// that both send the test names to 127.0.0.1, a TLS server for every
// endpoint, a plain-HTTP server (the captive probe's target) and an SNTP
// responder. Tests change one piece to create one fault.
type world struct {
	t       testing.TB
	sys     *probetest.DNS
	pub     *probetest.DNS
	ntp     *probetest.NTP
	ca      *probetest.CA
	tlsSrv  *httptest.Server
	httpSrv *httptest.Server
	// Ports per endpoint; tests may point one at another server.
	accountTLS, driveTLS, intlTLS, accountHTTP string
	edition                                    wps.Edition
	info                                       *fakeInfo
	now                                        func() time.Time
	roots                                      *x509.CertPool
	captive                                    http.HandlerFunc
	extra                                      string // appended to the catalogue override
}

var testNames = []string{"account.wps.test", "drive.wps.test", "account.wpsintl.test"}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{t: t, edition: wps.EditionMainland, info: onlineInfo()}
	script := map[string]probetest.Answer{}
	for _, n := range testNames {
		script[n] = probetest.Answer{Addrs: []string{"127.0.0.1"}}
	}
	var err error
	if w.sys, err = probetest.StartDNS(script); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.sys.Close)
	if w.pub, err = probetest.StartDNS(script); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.pub.Close)
	if w.ntp, err = probetest.StartNTP(0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.ntp.Close)
	if w.ca, err = probetest.NewCA("WPS Test Root"); err != nil {
		t.Fatal(err)
	}
	w.roots = w.ca.Pool
	w.tlsSrv = w.startTLS(testNames, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour), w.ca)
	w.captive = func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, "https://"+r.Host+"/", http.StatusMovedPermanently)
	}
	w.httpSrv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { w.captive(rw, r) }))
	t.Cleanup(w.httpSrv.Close)
	tlsPort := port(w.tlsSrv.Listener.Addr().String())
	w.accountTLS, w.driveTLS, w.intlTLS = tlsPort, tlsPort, tlsPort
	w.accountHTTP = port(w.httpSrv.Listener.Addr().String())
	return w
}

// startTLS serves a certificate for names from ca on loopback.
func (w *world) startTLS(names []string, notBefore, notAfter time.Time, ca *probetest.CA) *httptest.Server {
	cert, err := ca.Leaf(names, notBefore, notAfter)
	if err != nil {
		w.t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { io.WriteString(rw, "ok") }))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // probes hang up on purpose
	srv.StartTLS()
	w.t.Cleanup(srv.Close)
	return srv
}

func port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

func (w *world) catalogue() *catalog.Catalog {
	w.t.Helper()
	toml := probetest.CatalogueTOML(probetest.World{Name: "Test", Resolver: w.pub.Addr, NTP: w.ntp.Addr,
		Account: []int{atoi(w.accountTLS), atoi(w.accountHTTP)}, Drive: []int{atoi(w.driveTLS)}, Intl: []int{atoi(w.intlTLS)},
		ExtraTOML: "\n[thresholds]\nprobe_timeout_ms = 800\nnetwork_deadline_ms = 2500\ndns_slow_ms = 250\n" + w.extra})
	c, err := catalog.LoadBytes([]byte(toml), "test")
	if err != nil {
		w.t.Fatalf("catalogue: %v\n%s", err, toml)
	}
	return c
}

func (w *world) env() *health.Env {
	ed := w.edition
	env := health.With(health.NewEnv(w.catalogue(), ""), func() (wps.Install, error) {
		if ed == "" {
			return wps.Install{}, nil
		}
		return wps.Install{Found: true, Edition: ed}, nil
	})
	env.Now = w.now
	return env
}

func (w *world) opts() Options {
	return Options{
		SystemResolver: w.sys.Addr,
		Roots:          w.roots,
		Info:           w.info,
		PlainHTTPPorts: []int{atoi(w.accountHTTP)},
		QualitySamples: 3,
	}
}

// check runs one check on its own.
func (w *world) check(id string) health.Finding {
	w.t.Helper()
	for _, c := range ChecksWith(w.opts()) {
		if c.ID == id {
			ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
			defer cancel()
			f := c.Run(ctx, w.env())
			f.Check = id
			return f
		}
	}
	w.t.Fatalf("no check %s", id)
	return health.Finding{}
}

// runAll runs every network check through the real runner.
func (w *world) runAll() map[string]health.Finding {
	w.t.Helper()
	r := health.Runner{Checks: ChecksWith(w.opts()), Deadline: 10 * time.Second}
	out := map[string]health.Finding{}
	for _, f := range r.Run(context.Background(), w.env()) {
		out[f.Check] = f
	}
	return out
}

func expect(t *testing.T, f health.Finding, status health.Status, code string, fixes ...string) {
	t.Helper()
	if f.Status != status || f.Code != code {
		t.Errorf("%s: got %s %s (%s %v), want %s %s\nevidence: %+v", f.Check, f.Status, f.Code, f.Message.Key, f.Message.Args, status, code, f.Evidence)
	}
	if fmt.Sprint(f.Fixes) != fmt.Sprint(fixes) && !(len(f.Fixes) == 0 && len(fixes) == 0) {
		t.Errorf("%s: fixes %v, want %v", f.Check, f.Fixes, fixes)
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
