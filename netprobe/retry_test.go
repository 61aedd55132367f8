package netprobe

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"

	"wpsdoctor/netprobe/probetest"
)

// lossy is the probe timeout of the loss tests: three datagram attempts
// fit in it, 200 ms apart.
const lossy = 600 * time.Millisecond

// A lost first datagram is answered by the second attempt, for both DNS
// paths: the old probes asked once and called the resolver silent.
func TestDNSRetriesLostDatagram(t *testing.T) {
	script := map[string]probetest.Answer{
		"lost1.wps.test": {Addrs: []string{"10.1.1.1"}, DropFirst: 1},
		"lost2.wps.test": {Addrs: []string{"10.1.1.2"}, DropFirst: 2},
		"lost3.wps.test": {Addrs: []string{"10.1.1.3"}, DropFirst: 3},
	}
	pub, sys := startDNS(t, script), startDNS(t, script) // each counts its own losses
	probes := map[string]func(host string) DNSAnswer{
		"public": func(h string) DNSAnswer { return QueryDNS(context.Background(), pub.Addr, h, lossy) },
		"system": func(h string) DNSAnswer { return ResolveSystem(context.Background(), h, sys.Addr, lossy) },
	}
	cases := []struct {
		host     string
		want     DNSOutcome
		attempts int
	}{
		{"lost1.wps.test", DNSOK, 2},
		{"lost2.wps.test", DNSOK, 3},
		{"lost3.wps.test", DNSTimeout, DNSAttempts}, // every attempt lost
	}
	for name, probe := range probes {
		for _, c := range cases {
			t.Run(name+"/"+c.host, func(t *testing.T) {
				a := probe(c.host)
				if a.Outcome != c.want {
					t.Fatalf("got %s %v (%s), want %s", a.Outcome, a.Addrs, a.Error, c.want)
				}
				if a.Attempts != c.attempts {
					t.Errorf("got attempts %d, want %d", a.Attempts, c.attempts)
				}
				if c.want == DNSOK && a.RTT >= datagramInterval(lossy, DNSAttempts) {
					// The answered query's own round trip, not the wait
					// for the retry: a lossy link is not a slow resolver.
					t.Errorf("got RTT %v for a loopback answer, want the answered query's round trip", a.RTT)
				}
			})
		}
	}
}

// One question of the pair answered "no such address" and the other
// lost is a timeout: the lost one may have had the address.
func TestQueryDNSTimeoutIsNotNoData(t *testing.T) {
	d := startDNS(t, map[string]probetest.Answer{
		"v4lost.wps.test": {Addrs: []string{"10.2.2.2"}, DropType: dns.TypeA},
		"v6lost.wps.test": {DropType: dns.TypeAAAA},
		"none.wps.test":   {},
	})
	cases := []struct {
		host string
		want DNSOutcome
	}{
		{"v4lost.wps.test", DNSTimeout},
		{"v6lost.wps.test", DNSTimeout},
		{"none.wps.test", DNSNoData},
	}
	for _, c := range cases {
		t.Run(c.host, func(t *testing.T) {
			if a := QueryDNS(context.Background(), d.Addr, c.host, lossy); a.Outcome != c.want {
				t.Errorf("got %s (%s), want %s", a.Outcome, a.Error, c.want)
			}
		})
	}
}

func TestSNTPRetriesLostDatagram(t *testing.T) {
	n, err := probetest.StartNTP(0)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	cases := []struct {
		lost     int
		ok       bool
		attempts int
	}{
		{0, true, 1},
		{1, true, 2},
		{2, true, 3},
		{3, false, DNSAttempts},
	}
	for _, c := range cases {
		n.DropNext(c.lost)
		s := SNTPOffset(context.Background(), "test", n.Addr, lossy)
		if s.OK != c.ok || s.Attempts != c.attempts {
			t.Errorf("%d requests lost: got ok=%v attempts=%d (%s), want ok=%v attempts=%d", c.lost, s.OK, s.Attempts, s.Error, c.ok, c.attempts)
		}
	}
}

// losingDialer loses the first `lose` connects (they hang until their
// deadline, as a connect whose SYNs are dropped does), then dials to.
type losingDialer struct {
	lose  int32
	calls atomic.Int32
	to    func(n int32) string // address of the n-th call (1-based)
	delay time.Duration        // before each real dial
}

func (l *losingDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	n := l.calls.Add(1)
	if n <= l.lose {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if l.delay > 0 {
		select {
		case <-time.After(l.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if l.to != nil {
		addr = l.to(n)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

func TestDialTCPRetriesAndResentSYN(t *testing.T) {
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
	cases := []struct {
		name     string
		dialer   *losingDialer
		want     TCPOutcome
		attempts int
		resent   bool
	}{
		{"first connect lost", &losingDialer{lose: 1}, TCPOK, 2, true},
		{"every connect lost", &losingDialer{lose: 2}, TCPTimeout, ConnectAttempts, false},
		// The kernel resent the SYN: the connect took the RTO.
		{"slow connect", &losingDialer{delay: 150 * time.Millisecond}, TCPOK, 1, true},
		{"clean connect", &losingDialer{}, TCPOK, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := connectPolicy{dial: c.dialer.dial, after: 100 * time.Millisecond, resent: 100 * time.Millisecond}
			r := p.dialRetry(context.Background(), ln.Addr().String(), 400*time.Millisecond)
			if r.Outcome != c.want || r.Attempts != c.attempts || r.Resent != c.resent {
				t.Errorf("got %s attempts=%d resent=%v (%s), want %s attempts=%d resent=%v",
					r.Outcome, r.Attempts, r.Resent, r.Error, c.want, c.attempts, c.resent)
			}
		})
	}
	// A refusal is an answer: no second attempt.
	closed, err := probetest.ClosedPort()
	if err != nil {
		t.Fatal(err)
	}
	d := &losingDialer{}
	p := connectPolicy{dial: d.dial, after: time.Minute, resent: time.Second}
	if r := p.dialRetry(context.Background(), closed, 400*time.Millisecond); r.Outcome != TCPRefused || d.calls.Load() != 1 {
		t.Errorf("refused: got %s after %d connects, want refused after 1", r.Outcome, d.calls.Load())
	}
}

// A handshake that stalls (its packets lost) is tried again; only when
// every attempt stalls is it reported as stalled.
func TestHandshakeTLSRetriesStall(t *testing.T) {
	ca, err := probetest.NewCA("Retry Root")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Leaf([]string{"account.wps.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	good := tlsServer(t, cert, time.Now())
	silent, err := probetest.StartSilent()
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	goodAddr := hostPort(good.URL)
	cases := []struct {
		name     string
		stalls   int32 // the first `stalls` connections reach a server that never speaks
		want     TLSOutcome
		attempts int
	}{
		{"first handshake stalls", 1, TLSOK, 2},
		{"every handshake stalls", 2, TLSTimeout, ConnectAttempts},
		{"clean", 0, TLSOK, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := &losingDialer{to: func(n int32) string {
				if n <= c.stalls {
					return silent.Addr
				}
				return goodAddr
			}}
			p := connectPolicy{dial: d.dial, after: 100 * time.Millisecond, resent: time.Second}
			r := p.handshake(context.Background(), goodAddr, "account.wps.test", TLSOptions{Roots: ca.Pool, Timeout: 400 * time.Millisecond})
			if r.Outcome != c.want || r.Attempts != c.attempts {
				t.Errorf("got %s attempts=%d (%s), want %s attempts=%d", r.Outcome, r.Attempts, r.Error, c.want, c.attempts)
			}
		})
	}
	// An untrusted certificate is an answer: no second attempt.
	other, err := probetest.NewCA("Other Root")
	if err != nil {
		t.Fatal(err)
	}
	d := &losingDialer{}
	p := connectPolicy{dial: d.dial, after: time.Minute, resent: time.Second}
	if r := p.handshake(context.Background(), goodAddr, "account.wps.test", TLSOptions{Roots: other.Pool, Timeout: 400 * time.Millisecond}); r.Outcome != TLSUntrusted || d.calls.Load() != 1 {
		t.Errorf("untrusted: got %s after %d connects, want untrusted after 1", r.Outcome, d.calls.Load())
	}
}

func TestRetry(t *testing.T) {
	// Attempts that end at once without a final answer start the next one
	// at once, and the count says how many were made.
	var calls atomic.Int32
	got, n := retry(context.Background(), 3, time.Hour, func(context.Context) string {
		calls.Add(1)
		return "silent"
	}, func(s string) bool { return s != "silent" })
	if got != "silent" || n != 3 || calls.Load() != 3 {
		t.Errorf("got %q after %d attempts (%d calls), want silent after 3", got, n, calls.Load())
	}
	// A final answer ends the probe: no further attempts.
	calls.Store(0)
	got, n = retry(context.Background(), 3, time.Hour, func(context.Context) string {
		calls.Add(1)
		return "answer"
	}, func(s string) bool { return !strings.HasPrefix(s, "silent") })
	if got != "answer" || n != 1 || calls.Load() != 1 {
		t.Errorf("got %q at attempt %d (%d calls), want answer at 1", got, n, calls.Load())
	}
}

func TestDatagramInterval(t *testing.T) {
	cases := []struct {
		timeout time.Duration
		want    time.Duration
	}{
		{3 * time.Second, time.Second},
		{6 * time.Second, time.Second},
		{2 * time.Second, 2 * time.Second / 3},
		{600 * time.Millisecond, 200 * time.Millisecond},
		{0, time.Second},
	}
	for _, c := range cases {
		if got := datagramInterval(c.timeout, DNSAttempts); got != c.want {
			t.Errorf("datagramInterval(%v) = %v, want %v", c.timeout, got, c.want)
		}
	}
}
