package netprobe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"wpsdoctor/netprobe/probetest"
)

const short = 400 * time.Millisecond

func startDNS(t testing.TB, script map[string]probetest.Answer) *probetest.DNS {
	t.Helper()
	d, err := probetest.StartDNS(script)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

func TestQueryDNS(t *testing.T) {
	d := startDNS(t, map[string]probetest.Answer{
		"ok.wps.test":   {Addrs: []string{"127.0.0.1", "::1"}},
		"nx.wps.test":   {NXDomain: true},
		"slow.wps.test": {Addrs: []string{"127.0.0.1"}, Delay: 2 * short},
		"none.wps.test": {},
	})
	ctx := context.Background()
	cases := []struct {
		host  string
		want  DNSOutcome
		addrs string
	}{
		{"ok.wps.test", DNSOK, "127.0.0.1,::1"},
		{"nx.wps.test", DNSNXDomain, ""},
		{"slow.wps.test", DNSTimeout, ""},
		{"none.wps.test", DNSNoData, ""},
	}
	for _, c := range cases {
		a := QueryDNS(ctx, d.Addr, c.host, short)
		if a.Outcome != c.want || strings.Join(a.Addrs, ",") != c.addrs {
			t.Errorf("QueryDNS(%s) = %s %v (%s), want %s %s", c.host, a.Outcome, a.Addrs, a.Error, c.want, c.addrs)
		}
		if a.Resolver != d.Addr || a.Host != c.host || a.MS <= 0 {
			t.Errorf("QueryDNS(%s) evidence = %+v", c.host, a)
		}
	}
	// A bare IP gets port 53; nothing listens on 127.0.0.1:53 in the test
	// (or something does): either way no panic and a classified outcome.
	if a := QueryDNS(ctx, "127.0.0.1", "ok.wps.test", short); a.Resolver != "127.0.0.1:53" || a.Outcome == "" {
		t.Errorf("bare IP resolver: %+v", a)
	}
}

func TestResolveSystemInjected(t *testing.T) {
	d := startDNS(t, map[string]probetest.Answer{
		"ok.wps.test":   {Addrs: []string{"10.9.8.7"}},
		"nx.wps.test":   {NXDomain: true},
		"hang.wps.test": {Drop: true},
	})
	ctx := context.Background()
	if a := ResolveSystem(ctx, "ok.wps.test", d.Addr, short); a.Outcome != DNSOK || len(a.Addrs) != 1 || a.Addrs[0] != "10.9.8.7" || a.Resolver != SystemResolver {
		t.Errorf("ok: %+v", a)
	}
	if a := ResolveSystem(ctx, "nx.wps.test", d.Addr, short); a.Outcome != DNSNXDomain {
		t.Errorf("nx: %+v", a)
	}
	if a := ResolveSystem(ctx, "hang.wps.test", d.Addr, short); a.Outcome != DNSTimeout {
		t.Errorf("hang: %+v", a)
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]AddrClass{
		"0.0.0.0": AddrUnspecified, "::": AddrUnspecified, "127.0.0.1": AddrLoopback, "127.8.8.8": AddrLoopback,
		"10.1.2.3": AddrPrivate, "172.16.0.1": AddrPrivate, "192.168.1.1": AddrPrivate, "fd00::1": AddrPrivate,
		"169.254.1.1": AddrLinkLocal, "fe80::1": AddrLinkLocal, "100.64.0.1": AddrCGNAT, "198.18.0.5": AddrFakeIP,
		"198.19.255.1": AddrFakeIP, "8.8.8.8": AddrPublic, "2400:3200::1": AddrPublic, "240.0.0.1": AddrReserved,
		"::ffff:10.0.0.1": AddrPrivate, "not-an-ip": AddrUnspecified,
	}
	for s, want := range cases {
		if got := ClassifyString(s); got != want {
			t.Errorf("ClassifyString(%q) = %s, want %s", s, got, want)
		}
	}
	if Classify(netip.Addr{}) != AddrUnspecified {
		t.Error("zero Addr")
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassifyError(t *testing.T) {
	wrap := func(e error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", e)}
	}
	cases := []struct {
		err  error
		want TCPOutcome
	}{
		{nil, TCPOK},
		{wrap(errRefused), TCPRefused},
		{wrap(errReset), TCPReset},
		{wrap(errNetUnreach), TCPNoRoute},
		{wrap(errHostUnreach), TCPUnreachable},
		{wrap(errAccess), TCPBlocked},
		{&net.OpError{Op: "dial", Err: timeoutErr{}}, TCPTimeout},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), TCPTimeout},
		{io.EOF, TCPClosed},
		{errors.New("weird"), TCPError},
	}
	for _, c := range cases {
		if got := ClassifyError(c.err); got != c.want {
			t.Errorf("ClassifyError(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}

func TestDialTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	if r := DialTCP(context.Background(), ln.Addr().String(), short); r.Outcome != TCPOK || r.MS <= 0 {
		t.Errorf("open port: %+v", r)
	}
	closed, err := probetest.ClosedPort()
	if err != nil {
		t.Fatal(err)
	}
	if r := DialTCP(context.Background(), closed, short); r.Outcome != TCPRefused || r.Error == "" {
		t.Errorf("closed port: %+v", r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := DialTCP(ctx, ln.Addr().String(), short); r.Outcome != TCPTimeout {
		t.Errorf("cancelled: %+v", r)
	}
}

// tlsServer serves cert on loopback; the handler answers with a Date.
func tlsServer(t testing.TB, cert tls.Certificate, date time.Time) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !date.IsZero() {
			w.Header()["Date"] = []string{date.UTC().Format(http.TimeFormat)}
		}
		io.WriteString(w, "ok")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func hostPort(u string) string { return strings.TrimPrefix(u, "https://") }

func TestHandshakeTLS(t *testing.T) {
	ca, err := probetest.NewCA("WPS Test Root")
	if err != nil {
		t.Fatal(err)
	}
	evil, err := probetest.NewCA("Corporate Inspection CA")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	good, _ := ca.Leaf([]string{"account.wps.test"}, now.Add(-time.Hour), now.Add(24*time.Hour))
	intercept, _ := evil.Leaf([]string{"account.wps.test"}, now.Add(-time.Hour), now.Add(24*time.Hour))
	old, _ := ca.Leaf([]string{"account.wps.test"}, now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	goodSrv := tlsServer(t, good, time.Time{})
	interceptSrv := tlsServer(t, intercept, time.Time{})
	oldSrv := tlsServer(t, old, time.Time{})
	silent, err := probetest.StartSilent()
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	reset, err := probetest.StartResetter()
	if err != nil {
		t.Fatal(err)
	}
	defer reset.Close()
	closed, _ := probetest.ClosedPort()

	o := TLSOptions{Roots: ca.Pool, Timeout: short}
	past := TLSOptions{Roots: ca.Pool, Timeout: short, Now: func() time.Time { return now.Add(-30 * 24 * time.Hour) }}
	cases := []struct {
		name, addr, sni string
		o               TLSOptions
		want            TLSOutcome
	}{
		{"trusted", hostPort(goodSrv.URL), "account.wps.test", o, TLSOK},
		{"interception", hostPort(interceptSrv.URL), "account.wps.test", o, TLSUntrusted},
		{"wrong host", hostPort(goodSrv.URL), "drive.wps.test", o, TLSWrongHost},
		{"expired", hostPort(oldSrv.URL), "account.wps.test", o, TLSExpired},
		{"clock behind", hostPort(goodSrv.URL), "account.wps.test", past, TLSNotYetValid},
		{"silent", silent.Addr, "account.wps.test", o, TLSTimeout},
		{"reset", reset.Addr, "account.wps.test", o, TLSReset},
		{"refused", closed, "account.wps.test", o, TLSNoConnect},
	}
	for _, c := range cases {
		r := HandshakeTLS(context.Background(), c.addr, c.sni, c.o)
		if r.Outcome != c.want {
			t.Errorf("%s: outcome %s (%s), want %s", c.name, r.Outcome, r.Error, c.want)
		}
		if c.want == TLSUntrusted && !strings.Contains(r.Issuer, "Corporate Inspection CA") {
			t.Errorf("%s: issuer %q does not name the interceptor", c.name, r.Issuer)
		}
		if c.want == TLSNoConnect && r.TCP != TCPRefused {
			t.Errorf("%s: tcp %s, want refused", c.name, r.TCP)
		}
	}
}

func TestSNTPOffset(t *testing.T) {
	for _, off := range []time.Duration{7 * time.Minute, -3 * time.Minute} {
		n, err := probetest.StartNTP(off)
		if err != nil {
			t.Fatal(err)
		}
		s := SNTPOffset(context.Background(), "test", n.Addr, time.Second)
		n.Close()
		if !s.OK {
			t.Fatalf("offset %v: %+v", off, s)
		}
		if d := s.Offset - off; d > time.Second || d < -time.Second {
			t.Errorf("offset %v measured as %v", off, s.Offset)
		}
	}
	// Nothing answers: an error, not a hang or a panic.
	pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
	defer pc.Close()
	if s := SNTPOffset(context.Background(), "mute", pc.LocalAddr().String(), 200*time.Millisecond); s.OK || s.Error == "" {
		t.Errorf("mute server: %+v", s)
	}
}

func TestHTTPSDateOffset(t *testing.T) {
	ca, _ := probetest.NewCA("root")
	leaf, _ := ca.Leaf([]string{"account.wps.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	srv := tlsServer(t, leaf, time.Now().Add(10*time.Minute))
	s := HTTPSDateOffset(context.Background(), hostPort(srv.URL), "account.wps.test", time.Second)
	if !s.OK {
		t.Fatalf("%+v", s)
	}
	if d := s.Offset - 10*time.Minute; d > 2*time.Second || d < -2*time.Second {
		t.Errorf("offset %v, want about 10m", s.Offset)
	}
	silent, _ := probetest.StartSilent()
	defer silent.Close()
	if s := HTTPSDateOffset(context.Background(), silent.Addr, "account.wps.test", short); s.OK || s.Error == "" {
		t.Errorf("silent: %+v", s)
	}
}

func inWPS(h string) bool { return h == "wps.test" || strings.HasSuffix(h, ".wps.test") }

func TestProbeCaptive(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    CaptiveVerdict
	}{
		{"https upgrade", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://account.wps.test/", http.StatusMovedPermanently)
		}, CaptiveClear},
		{"portal redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://portal.hotel.example/login?orig=wps", http.StatusFound)
		}, CaptiveRedirect},
		{"511", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNetworkAuthenticationRequired) }, CaptiveAuthReq},
		{"login page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<html><body><form action="http://10.0.0.1/auth" method=post><input type=password name=p></form></body></html>`)
		}, CaptiveLoginPage},
		{"portal words", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<html><title>上网认证</title><form method=post><input name=phone></form></html>`)
		}, CaptiveLoginPage},
		{"meta refresh", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<html><meta http-equiv="refresh" content="0; url=http://1.1.1.1/portal"></html>`)
		}, CaptiveRedirect},
		{"wps page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<html><form action="https://account.wps.test/login"><input type=password></form></html>`)
		}, CaptiveClear},
		{"plain", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }, CaptiveClear},
	}
	for _, c := range cases {
		srv := httptest.NewServer(c.handler)
		r := ProbeCaptive(context.Background(), strings.TrimPrefix(srv.URL, "http://"), "account.wps.test", inWPS, time.Second)
		srv.Close()
		if r.Verdict != c.want {
			t.Errorf("%s: verdict %s (status %d, location %q, err %s), want %s", c.name, r.Verdict, r.Status, r.Location, r.Error, c.want)
		}
	}
	closed, _ := probetest.ClosedPort()
	if r := ProbeCaptive(context.Background(), closed, "account.wps.test", inWPS, short); r.Verdict != CaptiveNoAnswer || r.Outcome != TCPRefused {
		t.Errorf("closed: %+v", r)
	}
}

func TestSummarise(t *testing.T) {
	ms := time.Millisecond
	q := summarise(Quality{Sent: 5}, []time.Duration{10 * ms, 30 * ms, 20 * ms, 40 * ms})
	if q.Received != 4 || q.LossPercent != 20 {
		t.Errorf("received %d loss %v", q.Received, q.LossPercent)
	}
	// |30-10| + |20-30| + |40-20| = 50 over 3 gaps.
	if q.AvgMS != 25 || q.MinMS != 10 || q.MaxMS != 40 || q.Jitter != 50*ms/3 {
		t.Errorf("stats %+v", q)
	}
	if q := summarise(Quality{Sent: 3}, nil); q.LossPercent != 100 || q.Received != 0 {
		t.Errorf("all lost: %+v", q)
	}
}

func TestMeasureQuality(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	q := MeasureQuality(context.Background(), ln.Addr().String(), 4, 10*time.Millisecond, time.Second)
	if q.Sent != 4 || q.Received != 4 || q.LossPercent != 0 || len(q.SamplesMS) != 4 {
		t.Errorf("%+v", q)
	}
	closed, _ := probetest.ClosedPort()
	if q := MeasureQuality(context.Background(), closed, 3, 10*time.Millisecond, time.Second); q.LossPercent != 100 {
		t.Errorf("closed: %+v", q)
	}
}

func TestMeasureUplink(t *testing.T) {
	var got int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.Copy(io.Discard, r.Body)
	}))
	defer srv.Close()
	u := MeasureUplink(context.Background(), srv.URL, 200*time.Millisecond, 1<<20)
	if u.Error != "" || u.Bytes != 1<<20 || got != u.Bytes || u.Mbps <= 0 {
		t.Errorf("%+v (server got %d)", u, got)
	}
}

func TestProbeHTTPProxy(t *testing.T) {
	proxy := func(status int) string {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		t.Cleanup(func() { ln.Close() })
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				buf := make([]byte, 1024)
				n, _ := c.Read(buf)
				if strings.HasPrefix(string(buf[:n]), "CONNECT account.wps.test:443 ") {
					fmt.Fprintf(c, "HTTP/1.1 %d %s\r\n\r\n", status, http.StatusText(status))
				}
				c.Close()
			}
		}()
		return ln.Addr().String()
	}
	if p := ProbeHTTPProxy(context.Background(), proxy(200), "account.wps.test:443", time.Second); !p.OK || p.Status != 200 {
		t.Errorf("good proxy: %+v", p)
	}
	if p := ProbeHTTPProxy(context.Background(), proxy(403), "account.wps.test:443", time.Second); p.OK || p.Status != 403 {
		t.Errorf("refusing proxy: %+v", p)
	}
	closed, _ := probetest.ClosedPort()
	if p := ProbeHTTPProxy(context.Background(), closed, "account.wps.test:443", time.Second); p.OK || p.TCP != TCPRefused {
		t.Errorf("dead proxy: %+v", p)
	}
}

func BenchmarkQueryDNS(b *testing.B) {
	d := startDNS(b, map[string]probetest.Answer{"ok.wps.test": {Addrs: []string{"127.0.0.1"}}})
	for b.Loop() {
		QueryDNS(context.Background(), d.Addr, "ok.wps.test", time.Second)
	}
}

func BenchmarkDialTCP(b *testing.B) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	for b.Loop() {
		DialTCP(context.Background(), ln.Addr().String(), time.Second)
	}
}

func BenchmarkHandshakeTLS(b *testing.B) {
	ca, _ := probetest.NewCA("root")
	leaf, _ := ca.Leaf([]string{"account.wps.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	srv := tlsServer(b, leaf, time.Time{})
	for b.Loop() {
		HandshakeTLS(context.Background(), hostPort(srv.URL), "account.wps.test", TLSOptions{Roots: ca.Pool, Timeout: time.Second})
	}
}

// A handshake that waited for a resent SYN is a lost packet, not latency.
func TestSummariseRetransmittedSYN(t *testing.T) {
	ms := time.Millisecond
	q := summarise(Quality{Sent: 10}, []time.Duration{
		20 * ms, 22 * ms, 1021 * ms, 19 * ms, 21 * ms, 20 * ms, 1019 * ms, 20 * ms, 22 * ms, 21 * ms,
	})
	if q.Retransmitted != 2 || q.Received != 8 || q.LossPercent != 20 {
		t.Errorf("retransmits not counted as loss: %+v", q)
	}
	if q.AvgMS > 25 || q.MaxMS > 25 {
		t.Errorf("retransmit delay leaked into latency: %+v", q)
	}
	// Uniformly slow (a satellite link) is latency, not loss.
	q = summarise(Quality{Sent: 3}, []time.Duration{650 * ms, 700 * ms, 640 * ms})
	if q.Retransmitted != 0 || q.LossPercent != 0 || q.AvgMS < 600 {
		t.Errorf("slow link misread: %+v", q)
	}
}

func TestMeasureUplinkRefusedAndCutShort(t *testing.T) {
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer refuse.Close()
	u := MeasureUplink(context.Background(), refuse.URL, 100*time.Millisecond, 1<<20)
	if u.Status != 500 || u.Error == "" || u.Mbps != 0 {
		t.Errorf("an upload refused with 500 must not yield a speed: %+v", u)
	}
	// A server that reads slowly and never answers: the deadline cuts the
	// upload, and the rate of what went out is still reported.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 32<<10)
		for {
			if _, err := r.Body.Read(buf); err != nil {
				break
			}
		}
		<-r.Context().Done()
	}))
	defer slow.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	u = MeasureUplink(ctx, slow.URL, 100*time.Millisecond, 1<<20)
	if u.Error == "" || u.Bytes == 0 || u.Mbps <= 0 {
		t.Errorf("cut-short upload: %+v", u)
	}
}
