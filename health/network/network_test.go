package network

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
	"wpsdoctor/netprobe/probetest"
	"wpsdoctor/platform/netinfo"
	"wpsdoctor/platform/wps"
)

func TestChecksValid(t *testing.T) {
	cs := Checks()
	if err := health.Validate(cs); err != nil {
		t.Fatal(err)
	}
	if len(cs) != 12 || cs[0].ID != IDOnline || len(cs[0].DependsOn) != 0 {
		t.Fatalf("net.online must be the only root: %+v", cs[0])
	}
	// Everything hangs off net.online, directly or not.
	deps := map[string][]string{}
	for _, c := range cs {
		deps[c.ID] = c.DependsOn
	}
	var reaches func(id string) bool
	reaches = func(id string) bool {
		for _, d := range deps[id] {
			if d == IDOnline || reaches(d) {
				return true
			}
		}
		return false
	}
	for _, c := range cs[1:] {
		if !reaches(c.ID) {
			t.Errorf("%s does not depend on %s", c.ID, IDOnline)
		}
		if c.Timeout <= 0 || c.Timeout > 8*time.Second {
			t.Errorf("%s timeout %v", c.ID, c.Timeout)
		}
	}
}

func TestHealthyLoopback(t *testing.T) {
	w := newWorld(t)
	fs := w.runAll()
	expect(t, fs[IDOnline], health.StatusOK, CodeOnline)
	expect(t, fs[IDCaptive], health.StatusOK, CodeCaptiveClear)
	expect(t, fs[IDDNS], health.StatusOK, CodeDNSOK)
	expect(t, fs[IDTCP], health.StatusOK, CodeTCPOK)
	expect(t, fs[IDTLS], health.StatusOK, CodeTLSOK)
	expect(t, fs[IDQuality], health.StatusOK, CodeQualityOK)
	expect(t, fs[IDProxy], health.StatusOK, CodeProxyNone)
	expect(t, fs[IDVPN], health.StatusOK, CodeVPNNone)
	expect(t, fs[IDClock], health.StatusOK, CodeClockOK)
	expect(t, fs[IDRegion], health.StatusOK, CodeRegionOK)
	// The evidence is there and serialisable for helpdesk scripts.
	b, err := json.Marshal(fs[IDDNS].Evidence)
	if err != nil || !strings.Contains(string(b), `"verdict":"ok"`) || !strings.Contains(string(b), w.pub.Addr) {
		t.Errorf("dns evidence: %s %v", b, err)
	}
	if w.sys.Queries() == 0 || w.pub.Queries() == 0 {
		t.Error("the injected resolvers were not asked")
	}
}

func TestOfflineIsOneFinding(t *testing.T) {
	w := newWorld(t)
	w.info.routes = nil
	fs := w.runAll()
	expect(t, fs[IDOnline], health.StatusFail, CodeNoRoute)
	for id, f := range fs {
		if id != IDOnline && (f.Status != health.StatusSkipped || f.SuppressedBy != IDOnline) {
			t.Errorf("%s not hidden behind net.online: %s %s suppressed_by=%q", id, f.Status, f.Code, f.SuppressedBy)
		}
	}
}

func TestLinkDownAndUnknownRoutes(t *testing.T) {
	w := newWorld(t)
	w.info.ifs = []netinfo.Interface{{Name: "eth0", Up: false}}
	expect(t, w.check(IDOnline), health.StatusFail, CodeLinkDown)

	// No routing table reader: the kernel's route lookup for a public
	// resolver decides (loopback here, so "online").
	w.info.ifs = []netinfo.Interface{{Name: "lo", Up: true, Addrs: []string{"127.0.0.1/8"}}}
	w.info.routes, w.info.routeErr = nil, errors.New("not supported")
	f := w.check(IDOnline)
	expect(t, f, health.StatusOK, CodeOnline)
	if f.Evidence["egress_interface"] != "lo" {
		t.Errorf("egress evidence: %v", f.Evidence)
	}
}

func TestDNSFindings(t *testing.T) {
	type sc struct {
		name   string
		sys    map[string]probetest.Answer
		pub    map[string]probetest.Answer
		status health.Status
		code   string
		fixes  []string
	}
	pubPublic := map[string]probetest.Answer{
		"account.wps.test": {Addrs: []string{"203.0.113.5"}},
		"drive.wps.test":   {Addrs: []string{"203.0.113.6"}},
	}
	cases := []sc{
		{"private answer for a public host", map[string]probetest.Answer{"account.wps.test": {Addrs: []string{"10.1.2.3"}}, "drive.wps.test": {Addrs: []string{"203.0.113.6"}}},
			pubPublic, health.StatusFail, CodeDNSBogus, []string{health.FixDNSFlush, health.FixDNSSet}},
		{"blocker answers 0.0.0.0", map[string]probetest.Answer{"account.wps.test": {Addrs: []string{"0.0.0.0"}}},
			nil, health.StatusFail, CodeDNSBogus, []string{health.FixDNSFlush, health.FixDNSSet}},
		{"one landing address for every host", map[string]probetest.Answer{"account.wps.test": {Addrs: []string{"198.51.100.7"}}, "drive.wps.test": {Addrs: []string{"198.51.100.7"}}},
			pubPublic, health.StatusFail, CodeDNSBogus, []string{health.FixDNSFlush, health.FixDNSSet}},
		{"system says NXDOMAIN, public knows", map[string]probetest.Answer{"drive.wps.test": {NXDomain: true}},
			nil, health.StatusFail, CodeDNSNXDomain, []string{health.FixDNSFlush, health.FixDNSSet}},
		{"system resolver silent", map[string]probetest.Answer{"account.wps.test": {Drop: true}, "drive.wps.test": {Drop: true}},
			nil, health.StatusFail, CodeDNSNoAnswer, []string{health.FixDNSSet}},
		{"system resolver slow", map[string]probetest.Answer{"account.wps.test": {Addrs: []string{"127.0.0.1"}, Delay: 400 * time.Millisecond}},
			nil, health.StatusWarn, CodeDNSSlow, []string{health.FixDNSSet}},
		{"proxy tool fake-IP", map[string]probetest.Answer{"account.wps.test": {Addrs: []string{"198.18.0.9"}}},
			nil, health.StatusInfo, CodeDNSFakeIP, nil},
		{"nothing answers", map[string]probetest.Answer{"account.wps.test": {Drop: true}, "drive.wps.test": {Drop: true}},
			map[string]probetest.Answer{"account.wps.test": {Drop: true}, "drive.wps.test": {Drop: true}}, health.StatusFail, CodeDNSDown, nil},
		{"every resolver says no such name", map[string]probetest.Answer{"account.wps.test": {NXDomain: true}, "drive.wps.test": {NXDomain: true}},
			map[string]probetest.Answer{"account.wps.test": {NXDomain: true}, "drive.wps.test": {NXDomain: true}}, health.StatusFail, CodeDNSDown, nil},
		{"system NXDOMAIN, public unreachable", map[string]probetest.Answer{"account.wps.test": {NXDomain: true}, "drive.wps.test": {NXDomain: true}},
			map[string]probetest.Answer{"account.wps.test": {Drop: true}, "drive.wps.test": {Drop: true}}, health.StatusFail, CodeDNSNXDomain, []string{health.FixDNSFlush}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			for n, a := range c.sys {
				w.sys.Set(n, a)
			}
			for n, a := range c.pub {
				w.pub.Set(n, a)
			}
			expect(t, w.check(IDDNS), c.status, c.code, c.fixes...)
		})
	}
}

func TestDNSFailureHidesReachChecks(t *testing.T) {
	w := newWorld(t)
	w.sys.Set("account.wps.test", probetest.Answer{NXDomain: true})
	fs := w.runAll()
	expect(t, fs[IDDNS], health.StatusFail, CodeDNSNXDomain, health.FixDNSFlush, health.FixDNSSet)
	for _, id := range []string{IDTCP, IDTLS, IDClock, IDRegion} {
		if fs[id].SuppressedBy != IDDNS {
			t.Errorf("%s not hidden behind dns.resolve: %s %s", id, fs[id].Status, fs[id].Code)
		}
	}
	// net.quality is dns.resolve's root, and measures the path to the
	// address a public resolver gives: an NXDOMAIN is no loss.
	expect(t, fs[IDQuality], health.StatusOK, CodeQualityOK)
}

func TestTCPRefused(t *testing.T) {
	w := newWorld(t)
	closed, err := probetest.ClosedPort()
	if err != nil {
		t.Fatal(err)
	}
	w.driveTLS = port(closed)
	fs := w.runAll()
	expect(t, fs[IDTCP], health.StatusFail, CodeTCPRefused, health.FixFirewall)
	if fs[IDTLS].SuppressedBy != IDTCP {
		t.Errorf("tls not hidden behind net.tcp: %+v", fs[IDTLS])
	}
	// A refusal is an answer, not loss: net.quality (the root of the
	// reachability checks) measures a clean path and stays out of it.
	expect(t, fs[IDQuality], health.StatusOK, CodeQualityOK)
	if !strings.Contains(strings.Join(fs[IDTCP].Message.Args["endpoints"].([]string), ","), "drive.wps.test:"+w.driveTLS) {
		t.Errorf("message does not name the endpoint: %v", fs[IDTCP].Message.Args)
	}
}

func TestTCPOnlyPort80(t *testing.T) {
	w := newWorld(t)
	closed, _ := probetest.ClosedPort()
	w.accountHTTP = port(closed)
	expect(t, w.check(IDTCP), health.StatusWarn, CodeTCPPort80, health.FixFirewall)
}

func TestTLSFindings(t *testing.T) {
	t.Run("interception", func(t *testing.T) {
		w := newWorld(t)
		evil, _ := probetest.NewCA("Antivirus HTTPS Scanner")
		srv := w.startTLS(testNames, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), evil)
		w.driveTLS = port(srv.Listener.Addr().String())
		f := w.check(IDTLS)
		expect(t, f, health.StatusFail, CodeTLSIntercept)
		if !strings.Contains(f.Evidence["issuer"].(string), "Antivirus HTTPS Scanner") {
			t.Errorf("issuer evidence %v", f.Evidence["issuer"])
		}
	})
	t.Run("wrong host", func(t *testing.T) {
		w := newWorld(t)
		srv := w.startTLS([]string{"portal.hotel.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), w.ca)
		w.accountTLS = port(srv.Listener.Addr().String())
		expect(t, w.check(IDTLS), health.StatusFail, CodeTLSWrongHost)
	})
	t.Run("TCP works, TLS never answers", func(t *testing.T) {
		w := newWorld(t)
		s, _ := probetest.StartSilent()
		t.Cleanup(s.Close)
		w.driveTLS = port(s.Addr)
		expect(t, w.check(IDTLS), health.StatusFail, CodeTLSStalled, health.FixFirewall)
		// net.tcp is happy with it: only the handshake tells.
		expect(t, w.check(IDTCP), health.StatusOK, CodeTCPOK)
	})
	t.Run("reset during handshake", func(t *testing.T) {
		w := newWorld(t)
		r, _ := probetest.StartResetter()
		t.Cleanup(r.Close)
		w.driveTLS = port(r.Addr)
		expect(t, w.check(IDTLS), health.StatusFail, CodeTLSReset, health.FixFirewall)
	})
	t.Run("expired because the clock is wrong", func(t *testing.T) {
		w := newWorld(t)
		w.now = func() time.Time { return time.Now().Add(400 * 24 * time.Hour) }
		expect(t, w.check(IDTLS), health.StatusFail, CodeTLSClock, health.FixClockSync)
	})
	t.Run("really expired", func(t *testing.T) {
		w := newWorld(t)
		srv := w.startTLS(testNames, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour), w.ca)
		w.driveTLS = port(srv.Listener.Addr().String())
		expect(t, w.check(IDTLS), health.StatusFail, CodeTLSExpired)
	})
}

func TestClockFindings(t *testing.T) {
	cases := []struct {
		name   string
		offset time.Duration
		sync   string
		status health.Status
		code   string
		fixes  []string
	}{
		{"SNTP 7 min off", 7 * time.Minute, netinfo.SyncOn, health.StatusFail, CodeClockFail, []string{health.FixClockSync}},
		{"3 min off", -3 * time.Minute, netinfo.SyncOn, health.StatusWarn, CodeClockWarn, []string{health.FixClockSync}},
		{"wrong time zone", 8*time.Hour + 20*time.Second, netinfo.SyncOn, health.StatusFail, CodeClockZone, []string{health.FixClockSync}},
		{"right, network time off", 0, netinfo.SyncOff, health.StatusWarn, CodeClockNTPOff, []string{health.FixClockSync}},
		{"right", 0, netinfo.SyncOn, health.StatusOK, CodeClockOK, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			w.ntp.SetOffset(c.offset)
			w.info.sync = netinfo.TimeSync{State: c.sync}
			f := w.check(IDClock)
			expect(t, f, c.status, c.code, c.fixes...)
			if f.Evidence["method"] != "sntp" {
				t.Errorf("method %v", f.Evidence["method"])
			}
		})
	}
	t.Run("UDP 123 blocked: HTTPS Date", func(t *testing.T) {
		w := newWorld(t)
		w.ntp.Close() // nothing answers SNTP
		w.now = func() time.Time { return time.Now().Add(-7 * time.Minute) }
		f := w.check(IDClock)
		expect(t, f, health.StatusFail, CodeClockFail, health.FixClockSync)
		if f.Evidence["method"] != "https_date" {
			t.Errorf("method %v", f.Evidence["method"])
		}
	})
}

func TestCaptivePortalIsTheRoot(t *testing.T) {
	w := newWorld(t)
	w.captive = func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, "http://wifi.hotel.example/login", http.StatusFound)
	}
	fs := w.runAll()
	expect(t, fs[IDCaptive], health.StatusFail, CodeCaptive)
	if fs[IDDNS].SuppressedBy != IDCaptive || fs[IDTLS].SuppressedBy != IDCaptive {
		t.Errorf("portal does not hide its symptoms: dns %+v tls %+v", fs[IDDNS], fs[IDTLS])
	}
	w.captive = func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html")
		io.WriteString(rw, `<html><title>Wi-Fi Login</title><form method="post" action="/auth">Accept the terms</form></html>`)
	}
	expect(t, w.check(IDCaptive), health.StatusFail, CodeCaptive)
}

func TestProxyFindings(t *testing.T) {
	w := newWorld(t)
	good := fakeProxy(t, 200)
	expect(t, w.check(IDProxy), health.StatusOK, CodeProxyNone)

	w.info.proxies = []netinfo.Proxy{{Source: "env", Mode: netinfo.ModeManual, HTTPS: good}}
	f := w.check(IDProxy)
	expect(t, f, health.StatusInfo, CodeProxyWorks)
	if f.Message.Args["proxy"] != good {
		t.Errorf("args %v", f.Message.Args)
	}
	closed, _ := probetest.ClosedPort()
	w.info.proxies = []netinfo.Proxy{{Source: "wininet", Mode: netinfo.ModeManual, HTTP: closed, HTTPS: closed}}
	expect(t, w.check(IDProxy), health.StatusFail, CodeProxyDead)
	w.info.proxies = []netinfo.Proxy{{Source: "wininet", Mode: netinfo.ModeManual, HTTPS: fakeProxy(t, 407)}}
	expect(t, w.check(IDProxy), health.StatusFail, CodeProxyAuth) // the proxy asks for a password
	w.info.proxies = []netinfo.Proxy{{Source: "scutil", Mode: netinfo.ModeManual, HTTPS: closed, Bypass: []string{"*.wps.test"}}}
	expect(t, w.check(IDProxy), health.StatusOK, CodeProxyBypass)
	w.info.proxies = []netinfo.Proxy{{Source: "gnome", Mode: netinfo.ModePAC, PAC: "http://wpad/wpad.dat"}}
	expect(t, w.check(IDProxy), health.StatusInfo, CodeProxyPAC)
}

// fakeProxy answers every CONNECT with status.
func fakeProxy(t *testing.T, status int) string {
	t.Helper()
	srv := &http.Server{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			rw.WriteHeader(http.StatusBadRequest)
			return
		}
		rw.WriteHeader(status)
	})}
	ln, err := newLoopbackListener()
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestVPNFindings(t *testing.T) {
	w := newWorld(t)
	w.info.ifs = append(w.info.ifs, netinfo.Interface{Name: "wg0", Up: true, VPN: true})
	expect(t, w.check(IDVPN), health.StatusInfo, CodeVPNPresent)
	w.info.routes = []netinfo.Route{{Family: 4, Iface: "wg0"}}
	f := w.check(IDVPN)
	expect(t, f, health.StatusWarn, CodeVPNDefault)
	if f.Message.Args["iface"] != "wg0" {
		t.Errorf("args %v", f.Message.Args)
	}
	// Split tunnel: the default route stays on eth0, but the sign-in
	// host's address is routed through the VPN ("lo" stands in for it).
	w = newWorld(t)
	w.info.ifs = []netinfo.Interface{{Name: "eth0", Up: true}, {Name: "lo", Up: true, VPN: true, Addrs: []string{"127.0.0.1/8"}}}
	f = w.check(IDVPN)
	expect(t, f, health.StatusWarn, CodeVPNDefault)
	if f.Message.Key != "net.vpn.wps_via" || f.Message.Args["host"] != "account.wps.test" {
		t.Errorf("split tunnel: %v %v", f.Message.Key, f.Message.Args)
	}
}

func TestRegionFindings(t *testing.T) {
	t.Run("installed family unreachable, the other answers", func(t *testing.T) {
		w := newWorld(t)
		closed, _ := probetest.ClosedPort()
		w.accountTLS = port(closed)
		f := w.check(IDRegion)
		expect(t, f, health.StatusWarn, CodeRegionWrong)
		// The catalogue's family names are English data: the message
		// names the families in the reader's language.
		if f.Message.Args["other"] != "i18n:net.family.international" || f.Message.Args["installed"] != "i18n:net.family.mainland" {
			t.Errorf("args %v", f.Message.Args)
		}
	})
	t.Run("international edition", func(t *testing.T) {
		w := newWorld(t)
		w.edition = wps.EditionInternational
		f := w.check(IDRegion)
		expect(t, f, health.StatusOK, CodeRegionOK)
		if f.Evidence["installed_family"] != "international" {
			t.Errorf("evidence %v", f.Evidence)
		}
	})
	t.Run("edition unknown", func(t *testing.T) {
		w := newWorld(t)
		w.edition = ""
		expect(t, w.check(IDRegion), health.StatusInfo, CodeRegionInfo)
	})
	t.Run("far family", func(t *testing.T) {
		f := regionFinding("mainland", []familyReach{
			{Family: "mainland", Name: "M", TCP: netprobe.TCPOK, MS: 320},
			{Family: "international", Name: "I", TCP: netprobe.TCPOK, MS: 40},
		}, 100)
		expect(t, f, health.StatusInfo, CodeRegionFar)
	})
}

func TestQualityFinding(t *testing.T) {
	ok := netprobe.Quality{Addr: "a", Sent: 5, Received: 5, AvgMS: 20, JitterMS: 3}
	expect(t, qualityFinding([]netprobe.Quality{ok}, nil, reach{}, 100, 30, 5, 1, 5), health.StatusOK, CodeQualityOK)
	slow := ok
	slow.AvgMS = 180
	expect(t, qualityFinding([]netprobe.Quality{slow}, nil, reach{}, 100, 30, 5, 1, 5), health.StatusWarn, CodeLatencyHigh)
	jit := ok
	jit.JitterMS = 45
	expect(t, qualityFinding([]netprobe.Quality{jit}, nil, reach{}, 100, 30, 5, 1, 5), health.StatusWarn, CodeJitterHigh)
	lossy := ok
	lossy.Received, lossy.LossPercent = 4, 20
	expect(t, qualityFinding([]netprobe.Quality{lossy}, nil, reach{}, 100, 30, 5, 1, 5), health.StatusWarn, CodeLossHigh)
	expect(t, qualityFinding([]netprobe.Quality{ok}, &netprobe.Uplink{Mbps: 0.5, Bytes: 1}, reach{}, 100, 30, 5, 1, 5), health.StatusWarn, CodeUplinkSlow)
	expect(t, qualityFinding([]netprobe.Quality{ok}, &netprobe.Uplink{Mbps: 3, Bytes: 1}, reach{}, 100, 30, 5, 1, 5), health.StatusInfo, CodeUplinkLarge)
	expect(t, qualityFinding([]netprobe.Quality{ok}, &netprobe.Uplink{Mbps: 50, Bytes: 1}, reach{}, 100, 30, 5, 1, 5), health.StatusOK, CodeQualityOK)
	// A thin uplink explains the jitter its own probes cause; an uplink
	// merely short of the large-file figure must not hide real latency.
	expect(t, qualityFinding([]netprobe.Quality{jit}, &netprobe.Uplink{Mbps: 0.5, Bytes: 1}, reach{}, 100, 30, 5, 1, 5), health.StatusWarn, CodeUplinkSlow)
	expect(t, qualityFinding([]netprobe.Quality{slow}, &netprobe.Uplink{Mbps: 3, Bytes: 1}, reach{}, 100, 30, 5, 1, 5), health.StatusWarn, CodeLatencyHigh)
	expect(t, qualityFinding([]netprobe.Quality{ok}, &netprobe.Uplink{Mbps: 9, Bytes: 1, Status: 500, Error: "500"}, reach{}, 100, 30, 5, 1, 5), health.StatusWarn, CodeUplinkSlow)
}

func TestUplinkOnlyWhenConfigured(t *testing.T) {
	hits := 0
	srv := newHTTPServer(t, func(rw http.ResponseWriter, r *http.Request) {
		hits++
		io.Copy(io.Discard, r.Body)
	})
	w := newWorld(t)
	w.opts() // default: no uplink target
	if f := w.check(IDQuality); f.Evidence["uplink"] != nil || hits != 0 {
		t.Fatalf("uplink measured without a target: %v", f.Evidence)
	}
	w.extra = "uplink_target = \"" + srv + "\""
	f := w.check(IDQuality)
	up, ok := f.Evidence["uplink"].(*netprobe.Uplink)
	if !ok || up.Bytes == 0 || hits != 1 {
		t.Fatalf("uplink evidence %v, hits %d", f.Evidence["uplink"], hits)
	}
}

// TestTranslations proves every key the package uses exists in both
// languages with the same placeholders.
func TestTranslations(t *testing.T) {
	// Every pair counts: the loader merges them (an area may keep its
	// network wording in a pair of its own).
	load := func(lang string) map[string]string {
		files, _ := filepath.Glob(filepath.Join("..", "..", "assets", "i18n", "*."+lang+".json"))
		m := map[string]string{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
		}
		return m
	}
	en, zh := load("en"), load("zh-CN")
	ph := regexp.MustCompile(`\{(\w+)\}`)
	names := func(s string) string {
		var out []string
		for _, m := range ph.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	for k, v := range en {
		z, ok := zh[k]
		if !ok {
			t.Errorf("%s missing in zh-CN", k)
			continue
		}
		if names(v) != names(z) {
			t.Errorf("%s placeholders differ: en {%s} zh {%s}", k, names(v), names(z))
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%s missing in en", k)
		}
	}
	files, _ := filepath.Glob("*.go")
	key := regexp.MustCompile(`"(net\.[a-z_]+\.[a-z_0-9]+)"`)
	// A family named in i18n.MemberKey("net.x", member) is a prefix, not a
	// key (i18n's test checks its members).
	family := regexp.MustCompile(`MemberKey\("net\.[a-z_.0-9]+"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		b = family.ReplaceAll(b, []byte("MemberKey("))
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s: key %s has no translation", f, m[1])
			}
		}
	}
}

func TestSessionPerRun(t *testing.T) {
	w := newWorld(t)
	env := w.env()
	r := &registry{o: w.opts()}
	s1 := r.session(env)
	if r.session(env) != s1 {
		t.Fatal("checks of one run must share a session")
	}
	if r.session(w.env()) == s1 {
		t.Fatal("another Env must get its own session")
	}
	s1.cancel() // the run is over
	if r.session(env) == s1 {
		t.Fatal("a finished run's probes must not be reused")
	}
	for i := 0; i < 10; i++ {
		r.session(w.env())
	}
	if len(r.sessions) > 4 {
		t.Errorf("%d sessions kept", len(r.sessions))
	}
}

func TestJudgeDNSSharedCDN(t *testing.T) {
	ans := func(addrs ...string) netprobe.DNSAnswer {
		return netprobe.DNSAnswer{Outcome: netprobe.DNSOK, Addrs: addrs}
	}
	// Two hosts on one CDN: the ISP resolver picks node A for both, the
	// public resolver node B for both. Different, but not hijacking.
	hosts := []*hostDNS{
		{Host: "drive.wps.test", System: ans("198.51.100.1"), Public: []netprobe.DNSAnswer{ans("203.0.113.9")}},
		{Host: "cdn.wps.test", System: ans("198.51.100.1"), Public: []netprobe.DNSAnswer{ans("203.0.113.9")}},
	}
	judgeDNS(hosts, time.Second)
	for _, h := range hosts {
		if h.Verdict != vOK {
			t.Errorf("%s: %s", h.Host, h.Verdict)
		}
	}
	// The same landing address for hosts the public resolvers keep apart.
	hosts[1].Public = []netprobe.DNSAnswer{ans("203.0.113.10")}
	for _, h := range hosts {
		h.Verdict = ""
	}
	judgeDNS(hosts, time.Second)
	for _, h := range hosts {
		if h.Verdict != vRedirected {
			t.Errorf("%s: %s, want redirected", h.Host, h.Verdict)
		}
	}
}

// TestPureVerdicts covers the findings that need a black hole, a broken OS
// reader or a vanished host, through the pure functions behind the checks.
func TestPureVerdicts(t *testing.T) {
	ok := func(addrs ...string) netprobe.DNSAnswer {
		return netprobe.DNSAnswer{Outcome: netprobe.DNSOK, Addrs: addrs}
	}
	nx := netprobe.DNSAnswer{Outcome: netprobe.DNSNXDomain}
	mute := netprobe.DNSAnswer{Outcome: netprobe.DNSTimeout}

	gone := []*hostDNS{
		{Host: "old.wps.test", System: nx, Public: []netprobe.DNSAnswer{nx}},
		{Host: "account.wps.test", System: ok("203.0.113.1"), Public: []netprobe.DNSAnswer{ok("203.0.113.1")}},
	}
	judgeDNS(gone, time.Second)
	expect(t, dnsFinding(gone), health.StatusWarn, CodeDNSGone)

	unverified := []*hostDNS{{Host: "account.wps.test", System: ok("10.0.0.5"), Public: []netprobe.DNSAnswer{mute}}}
	judgeDNS(unverified, time.Second)
	expect(t, dnsFinding(unverified), health.StatusWarn, CodeDNSUnverified)

	s := &session{o: Options{PlainHTTPPorts: []int{80}}}
	res := func(host string, port int, o netprobe.TCPOutcome) tcpResult {
		return tcpResult{Host: host, Port: port, Result: netprobe.TCPResult{Outcome: o}}
	}
	for o, code := range map[netprobe.TCPOutcome]string{
		netprobe.TCPTimeout: CodeTCPFiltered, netprobe.TCPNoRoute: CodeTCPNoRoute, netprobe.TCPUnreachable: CodeTCPNoRoute,
		netprobe.TCPBlocked: CodeTCPBlocked, netprobe.TCPReset: CodeTCPReset, netprobe.TCPRefused: CodeTCPRefused,
	} {
		f := tcpFinding(s, []tcpResult{res("a.wps.test", 443, o), res("b.wps.test", 443, netprobe.TCPOK)}, nil)
		expect(t, f, health.StatusFail, code, health.FixFirewall)
		if f.Message.Args["failed"] != 1 || f.Message.Args["total"] != 2 {
			t.Errorf("%s: args %v", o, f.Message.Args)
		}
	}
	expect(t, tcpFinding(s, nil, []string{"a.wps.test"}), health.StatusSkipped, CodeTCPNone)

	expect(t, clockFinding(nil, &netprobe.ClockSample{Error: "timeout"}, netinfo.TimeSync{}, time.Minute, 5*time.Minute, 0),
		health.StatusError, CodeClockNoSample)
	expect(t, regionFinding("mainland", []familyReach{{Family: "mainland", TCP: netprobe.TCPTimeout}}, 100),
		health.StatusSkipped, CodeRegionNone)
	expect(t, proxyFinding(nil, errors.New("registry unreadable")), health.StatusError, CodeProxyUnknown)
	expect(t, tlsFinding([]*tlsResult{{Host: "a", Port: 443, Result: netprobe.TLSResult{Outcome: netprobe.TLSError}}}, time.Now()),
		health.StatusWarn, CodeTLSError)
}

// TestSOCKSProxy: a SOCKS5 proxy (environment or OS) is probed with the
// SOCKS protocol, with and without authentication, and its credentials
// never reach the evidence.
func TestSOCKSProxy(t *testing.T) {
	w := newWorld(t)
	open := func(user, pass string) *probetest.SOCKS5 {
		s, err := probetest.NewSOCKS5(user, pass)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	authed, plain := open("alice", "Pa55w0rd"), open("", "")
	closed, _ := probetest.ClosedPort()
	for _, tc := range []struct {
		name     string
		env      string         // HTTPS_PROXY, read through netinfo.FromEnv
		os       *netinfo.Proxy // or an OS setting
		srv      *probetest.SOCKS5
		status   health.Status
		code     string
		connects int64
	}{
		{name: "env socks5 with auth", env: "socks5://alice:Pa55w0rd@" + authed.Addr(), srv: authed,
			status: health.StatusInfo, code: CodeProxyWorks, connects: 1},
		{name: "env socks5h without auth", env: "socks5h://" + plain.Addr(), srv: plain,
			status: health.StatusInfo, code: CodeProxyWorks, connects: 1},
		{name: "env socks without version", env: "socks://" + plain.Addr(), srv: plain,
			status: health.StatusInfo, code: CodeProxyWorks, connects: 1},
		{name: "wrong password", env: "socks5://alice:wrong@" + authed.Addr(), srv: authed,
			status: health.StatusFail, code: CodeProxyAuth},
		{name: "dead proxy", env: "socks5://alice:Pa55w0rd@" + closed,
			status: health.StatusFail, code: CodeProxyDead},
		{name: "OS socks host", os: &netinfo.Proxy{Source: "gnome", Mode: netinfo.ModeManual, SOCKS: plain.Addr()}, srv: plain,
			status: health.StatusInfo, code: CodeProxyWorks, connects: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.os != nil {
				w.info.proxies = []netinfo.Proxy{*tc.os}
			} else {
				t.Setenv("HTTPS_PROXY", tc.env)
				t.Setenv("https_proxy", tc.env)
				t.Setenv("NO_PROXY", "")
				t.Setenv("no_proxy", "")
				w.info.proxies = []netinfo.Proxy{netinfo.FromEnv()}
			}
			var before int64
			if tc.srv != nil {
				before = tc.srv.Connects.Load()
			}
			f := w.check(IDProxy)
			expect(t, f, tc.status, tc.code)
			if tc.srv != nil {
				if got := tc.srv.Connects.Load() - before; got != tc.connects {
					t.Errorf("SOCKS CONNECTs = %d, want %d", got, tc.connects)
				}
			}
			js, _ := json.Marshal(f)
			for _, secret := range []string{"alice", "Pa55w0rd", "wrong"} {
				if strings.Contains(string(js), secret) {
					t.Errorf("finding contains %q: %s", secret, js)
				}
			}
		})
	}
}
