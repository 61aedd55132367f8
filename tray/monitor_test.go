package tray

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"wpsdoctor/health"
)

func TestScheduleDue(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s := schedule{started: t0}
	const warm, light, full = 10 * time.Second, 5 * time.Minute, time.Hour
	if ok, _, _ := s.due(t0.Add(5*time.Second), warm, light, full); ok {
		t.Fatal("run during warm-up")
	}
	ok, isLight, why := s.due(t0.Add(warm), warm, light, full)
	if !ok || isLight || why != ReasonWarmup {
		t.Fatalf("after warm-up: %v %v %v", ok, isLight, why)
	}
	s.record(t0.Add(warm), false, true)
	at := t0.Add(warm)
	if ok, _, _ := s.due(at.Add(time.Minute), warm, light, full); ok {
		t.Fatal("run one minute after a healthy full run")
	}
	ok, isLight, why = s.due(at.Add(light), warm, light, full)
	if !ok || !isLight || why != ReasonLight {
		t.Fatalf("light probe not due: %v %v %v", ok, isLight, why)
	}
	s.record(at.Add(light), true, true)
	ok, isLight, why = s.due(at.Add(full), warm, light, full)
	if !ok || isLight || why != ReasonSchedule {
		t.Fatalf("full run not due after the interval: %v %v %v", ok, isLight, why)
	}

	// backoff: 1, 2, 4 ... minutes after bad results, capped at full
	s = schedule{started: t0, lastFull: t0}
	var waits []time.Duration
	for i := 0; i < 8; i++ {
		s.record(s.lastFull, false, false)
		var w time.Duration
		for w = time.Second; w <= full; w += time.Second {
			if ok, light, _ := s.due(s.lastFull.Add(w), warm, 24*time.Hour, full); ok && !light {
				break
			}
		}
		waits = append(waits, w)
		s.lastFull = s.lastFull.Add(w)
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("backoff waits %v, want %v", waits, want)
		}
	}
	s.record(s.lastFull, false, true)
	if s.bad != 0 {
		t.Fatal("healthy result did not reset the backoff")
	}

	// pause
	s = schedule{started: t0, lastFull: t0, pausedUntil: t0.Add(2 * time.Hour)}
	if ok, _, _ := s.due(t0.Add(90*time.Minute), warm, light, full); ok {
		t.Fatal("ran while paused")
	}
	if ok, _, _ := s.due(t0.Add(2*time.Hour), warm, light, full); !ok {
		t.Fatal("did not run after the pause ended")
	}
	s.pausedEver = true
	if ok, _, _ := s.due(t0.Add(48*time.Hour), warm, light, full); ok {
		t.Fatal("ran while paused until restart")
	}
}

func TestResumed(t *testing.T) {
	prev := time.Now()
	if Resumed(prev, prev.Add(10*time.Second)) {
		t.Error("a plain tick seen as resume")
	}
	if !slept(20*time.Minute+10*time.Second, 10*time.Second) {
		t.Error("20 minutes of wall time in 10 s of monotonic time is a sleep")
	}
	if slept(10*time.Second, 10*time.Second) || slept(-time.Hour, 10*time.Second) {
		t.Error("equal times or the clock set back are not a sleep")
	}
}

func TestFingerprint(t *testing.T) {
	a := []Iface{{Name: "eth0", Up: true, Addrs: []string{"10.0.0.2/24", "fe80::1/64"}}, {Name: "lo", Up: true, Loop: true, Addrs: []string{"127.0.0.1/8"}}}
	b := []Iface{{Name: "lo", Up: true, Loop: true, Addrs: []string{"127.0.0.9/8"}}, {Name: "eth0", Up: true, Addrs: []string{"fe80::1/64", "10.0.0.2/24"}}}
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("order or loopback changes the fingerprint")
	}
	c := []Iface{{Name: "eth0", Up: true, Addrs: []string{"10.0.0.3/24", "fe80::1/64"}}}
	if Fingerprint(a) == Fingerprint(c) {
		t.Error("a new address did not change the fingerprint")
	}
	d := append(a, Iface{Name: "tun0", Up: true, Addrs: []string{"100.64.0.1/32"}})
	if Fingerprint(a) == Fingerprint(d) {
		t.Error("a VPN interface did not change the fingerprint")
	}
	if NetFingerprint() == "" {
		t.Log("no interfaces listed here")
	}
}

// fakeClock is advanced by the test between ticks.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

type runCall struct {
	light bool
	why   Reason
}

func TestLoopNoOverlapAndTriggers(t *testing.T) {
	clk := &fakeClock{t: time.Now()}
	tick := make(chan time.Time)
	release := make(chan struct{})
	starts := make(chan runCall, 16)
	results := make(chan Result, 16)
	net := "a"
	netc := make(chan string, 1)
	netc <- net
	m := NewMonitor()
	m.Now = clk.now
	m.Tick = tick
	m.Warmup = 10 * time.Second
	m.Light = 5 * time.Minute
	m.Full = func() time.Duration { return time.Hour }
	m.Fingerprint = func() string {
		select {
		case n := <-netc:
			net = n
		default:
		}
		return net
	}
	m.Run = func(ctx context.Context, light bool) (health.Report, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return health.NewReport(health.Tool{}, health.Host{}, "en", clk.now(), 0, nil), nil
	}
	m.OnStart = func(light bool, why Reason) { starts <- runCall{light, why} }
	m.OnResult = func(r Result) bool { results <- r; return true }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Loop(ctx)
	tick <- clk.now() // the loop has started and read its start time

	expect := func(want runCall) {
		t.Helper()
		if got := <-starts; got != want {
			t.Fatalf("run %+v, want %+v", got, want)
		}
	}
	noStart := func() {
		t.Helper()
		select {
		case got := <-starts:
			t.Fatalf("unexpected run %+v", got)
		default:
		}
	}

	tick <- clk.add(5 * time.Second)
	tick <- clk.now() // a second tick proves the first was handled
	noStart()
	tick <- clk.add(6 * time.Second)
	expect(runCall{false, ReasonWarmup})
	// while running: requests queue once, ticks start nothing
	m.CheckNow()
	m.CheckNow()
	tick <- clk.add(time.Hour)
	noStart()
	release <- struct{}{}
	<-results
	expect(runCall{false, ReasonRequest}) // the queued request, once
	release <- struct{}{}
	<-results
	tick <- clk.now()
	noStart()

	// network change
	netc <- "b"
	tick <- clk.add(10 * time.Second)
	expect(runCall{false, ReasonNetwork})
	release <- struct{}{}
	<-results

	// light probe after five minutes
	tick <- clk.add(5 * time.Minute)
	expect(runCall{true, ReasonLight})
	release <- struct{}{}
	<-results

	// paused: nothing scheduled; check now still works; resume restores
	m.Pause(-1)
	tick <- clk.add(3 * time.Hour)
	tick <- clk.now()
	noStart()
	m.CheckNow()
	expect(runCall{false, ReasonRequest})
	release <- struct{}{}
	<-results
	m.Resume()
	tick <- clk.add(2 * time.Hour)
	expect(runCall{false, ReasonSchedule})
	cancel() // cancels the run in progress; Loop waits for it
}

// A network event starts a full run once the burst settles, without a
// poll tick; events that leave the fingerprint as it was start nothing,
// and a watcher that stops leaves the poll in charge.
func TestNetworkEventRunsWithoutATick(t *testing.T) {
	tick := make(chan time.Time) // ticks only where the test says
	events := make(chan struct{}, 1)
	starts := make(chan runCall, 4)
	netc := make(chan string, 1)
	net := "a"
	m := NewMonitor()
	m.Tick, m.NetChanges = tick, events
	m.Warmup = time.Hour // no scheduled run in this test
	m.Fingerprint = func() string {
		select {
		case net = <-netc:
		default:
		}
		return net
	}
	m.Run = func(ctx context.Context, light bool) (health.Report, error) {
		return health.NewReport(health.Tool{}, health.Host{}, "en", time.Now(), 0, nil), nil
	}
	m.OnStart = func(light bool, why Reason) { starts <- runCall{light, why} }
	results := make(chan Result, 4)
	m.OnResult = func(r Result) bool { results <- r; return true }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Loop(ctx)
	tick <- time.Now() // the loop has started and read the network

	netc <- "b" // the link went down
	events <- struct{}{}
	if got, want := <-starts, (runCall{false, ReasonNetwork}); got != want {
		t.Fatalf("run %+v, want %+v", got, want)
	}
	<-results
	events <- struct{}{} // noise: the fingerprint is unchanged
	m.CheckNow()         // a marker: the request is served after the noise settled or not
	if got, want := <-starts, (runCall{false, ReasonRequest}); got != want {
		t.Fatalf("after an event that changed nothing: run %+v, want only the requested %+v", got, want)
	}
	<-results
	close(events) // the watcher stopped: the loop must not spin on it
	netc <- "c"
	tick <- time.Now()
	if got, want := <-starts, (runCall{false, ReasonNetwork}); got != want {
		t.Fatalf("after the watcher stopped: run %+v, want %+v from the poll", got, want)
	}
	<-results
}

// TestUsableIsNetOnlinesUp: the fingerprint counts an interface as up the
// way net.online does (platform/netinfo: up and running), so a carrier
// that comes or goes changes it.
func TestUsableIsNetOnlinesUp(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags net.Flags
		want  bool
	}{
		{"up and running", net.FlagUp | net.FlagRunning, true},
		{"up, no carrier yet", net.FlagUp, false},
		{"down", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := usable(tc.flags); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
