// Package tray is the system-tray process: the icon and menu (over
// fyne.io/systray, without a Fyne window, so it idles at near-zero CPU),
// the monitor that decides when to diagnose, and the notification policy.
// The window is a separate process (package app) started on demand.
package tray

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"slices"
	"sort"
	"strings"
	"time"

	"wpsdoctor/health"
)

// Reason says why a run started (for the log and tests).
type Reason string

const (
	ReasonWarmup   Reason = "warmup"
	ReasonSchedule Reason = "schedule"
	ReasonLight    Reason = "light"
	ReasonNetwork  Reason = "network"
	ReasonResume   Reason = "resume"
	ReasonRequest  Reason = "request"
	ReasonBackoff  Reason = "backoff"
)

// Result is one finished run.
type Result struct {
	Report health.Report
	Err    error
	Light  bool
	Reason Reason
}

// Monitor decides when to diagnose. It wakes only on its poll tick (every
// Poll, default 10 s), on a network event, on a request, or when a run
// ends, so it costs next to nothing while idle. Runs never overlap: a request during a run is queued
// once, not stacked.
type Monitor struct {
	// Run performs one diagnosis (all checks, or only the light ones).
	Run func(ctx context.Context, light bool) (health.Report, error)
	// OnStart and OnResult are called from the monitor's goroutine.
	// OnResult returns whether the result counts as healthy (no backoff):
	// the caller judges it once, with the verdict it shows.
	OnStart  func(light bool, why Reason)
	OnResult func(Result) (healthy bool)

	Warmup time.Duration // grace before the first run (default 10 s)
	Light  time.Duration // light probes every Light (default 5 min)
	// Full returns the full-run interval (read each time, so a settings
	// change applies at once; default 1 h).
	Full func() time.Duration
	// Fingerprint summarises the network configuration; a change triggers
	// a full run. Default: NetFingerprint.
	Fingerprint func() string
	// NetChanges receives a value when the system's network changed (see
	// platform/netwatch): the fingerprint is read NetSettle later, without
	// waiting for the next poll. nil: the poll alone notices changes.
	NetChanges <-chan struct{}

	Now  func() time.Time
	Tick <-chan time.Time // poll ticks; nil means a real ticker of Poll
	Poll time.Duration

	requests chan request
}

type request struct {
	pause  time.Duration // >0 pause for; <0 until restart; 0 with resume=false: check now
	resume bool
	check  bool
}

// Backoff: after a result that is not healthy the next full run comes after
// BackoffStart, doubling with every further bad result up to the full
// interval, so a problem is re-checked soon but a lasting one is not hammered.
const BackoffStart = time.Minute

// ResumeGap: a wall-clock jump this much larger than the monotonic time
// that passed means the computer slept (monotonic time stops in sleep).
const ResumeGap = 30 * time.Second

// NewMonitor returns a monitor with its request channel ready; set the
// fields before Loop starts.
func NewMonitor() *Monitor { return &Monitor{requests: make(chan request, 8)} }

// CheckNow asks for a full run now (or after the current one).
func (m *Monitor) CheckNow() { m.send(request{check: true}) }

// Pause stops scheduled runs for d; d < 0 pauses until restart. Explicit
// "Check now" still runs.
func (m *Monitor) Pause(d time.Duration) { m.send(request{pause: d}) }

// Resume ends a pause.
func (m *Monitor) Resume() { m.send(request{resume: true}) }

func (m *Monitor) send(r request) {
	select {
	case m.requests <- r:
	default: // the queue is full of requests that will all be honoured
	}
}

// schedule is the monitor's pure decision state.
type schedule struct {
	started     time.Time
	lastFull    time.Time // zero until the first full run
	lastLight   time.Time
	bad         int // consecutive results that were not healthy
	pausedUntil time.Time
	pausedEver  bool // paused until restart
}

func (s *schedule) paused(now time.Time) bool {
	return s.pausedEver || now.Before(s.pausedUntil)
}

// due returns whether a run is due at now, whether it is light, and why.
func (s *schedule) due(now time.Time, warmup, light, full time.Duration) (bool, bool, Reason) {
	if s.paused(now) {
		return false, false, ""
	}
	if s.lastFull.IsZero() {
		if now.Sub(s.started) >= warmup {
			return true, false, ReasonWarmup
		}
		return false, false, ""
	}
	if s.bad > 0 {
		wait := BackoffStart << (s.bad - 1)
		if wait > full || wait <= 0 {
			wait = full
		}
		if now.Sub(s.lastFull) >= wait {
			return true, false, ReasonBackoff
		}
	}
	if now.Sub(s.lastFull) >= full {
		return true, false, ReasonSchedule
	}
	last := s.lastLight
	if s.lastFull.After(last) {
		last = s.lastFull
	}
	if now.Sub(last) >= light {
		return true, true, ReasonLight
	}
	return false, false, ""
}

func (s *schedule) record(now time.Time, light, healthy bool) {
	if light {
		s.lastLight = now
	} else {
		s.lastFull = now
	}
	if healthy {
		s.bad = 0
	} else if s.bad < 16 {
		s.bad++
	}
}

// Resumed reports whether the time between two readings of time.Now
// (which carry the monotonic clock) shows a sleep: the wall clock moved
// much further than the monotonic one.
func Resumed(prev, now time.Time) bool {
	return slept(now.Round(0).Sub(prev.Round(0)), now.Sub(prev))
}

// slept compares the wall-clock and monotonic time that passed.
func slept(wall, mono time.Duration) bool { return wall-mono > ResumeGap }

// Loop runs until ctx ends. A run in progress is cancelled with ctx.
func (m *Monitor) Loop(ctx context.Context) {
	l := m.newLoop(ctx)
	tick := m.Tick
	if tick == nil {
		t := time.NewTicker(l.poll)
		defer t.Stop()
		tick = t.C
	}
	nc := m.NetChanges
	for {
		select {
		case <-ctx.Done():
			l.drain()
			return
		case r := <-m.requests:
			l.request(r)
		case res := <-l.done:
			l.finished(res)
		case <-tick:
			l.tick()
		case _, ok := <-nc:
			if !ok {
				nc = nil // the watcher stopped: the poll remains
				continue
			}
			l.netEvent()
		case <-l.settle:
			l.settled()
		}
	}
}

// loop is the state of one Loop: the schedule, the run in flight and what
// the last poll saw. Only Loop's goroutine touches it.
type loop struct {
	m           *Monitor
	ctx         context.Context
	now         func() time.Time
	fingerprint func() string
	warmup      time.Duration
	light       time.Duration
	poll        time.Duration

	s        schedule
	lastPoll time.Time
	lastNet  string
	running  bool
	queued   Reason // a full run wanted while another ran
	done     chan Result
	settle   <-chan time.Time // armed by a network event
}

// newLoop fills in the defaults and reads the start time and network.
func (m *Monitor) newLoop(ctx context.Context) *loop {
	l := &loop{m: m, ctx: ctx, now: m.Now, fingerprint: m.Fingerprint,
		warmup: m.Warmup, light: m.Light, poll: m.Poll, done: make(chan Result, 1)}
	if l.now == nil {
		l.now = time.Now
	}
	if l.fingerprint == nil {
		l.fingerprint = NetFingerprint
	}
	if l.warmup <= 0 {
		l.warmup = 10 * time.Second
	}
	if l.light <= 0 {
		l.light = 5 * time.Minute
	}
	if l.poll <= 0 {
		l.poll = 10 * time.Second
	}
	if m.requests == nil {
		m.requests = make(chan request, 8)
	}
	l.s = schedule{started: l.now()}
	l.lastPoll = l.now()
	l.lastNet = l.fingerprint()
	return l
}

func (l *loop) full() time.Duration {
	if l.m.Full != nil {
		if d := l.m.Full(); d > 0 {
			return d
		}
	}
	return time.Hour
}

// start begins a run in the background; its result comes back on done.
func (l *loop) start(light bool, why Reason) {
	l.running = true
	if l.m.OnStart != nil {
		l.m.OnStart(light, why)
	}
	go func() {
		rep, err := l.m.Run(l.ctx, light)
		l.done <- Result{Report: rep, Err: err, Light: light, Reason: why}
	}()
}

// want asks for a full run: now, or once after the current one.
func (l *loop) want(why Reason) {
	if l.running {
		l.queued = why
		return
	}
	l.start(false, why)
}

// drain waits for the run in flight (cancelled with ctx) to return.
func (l *loop) drain() {
	if l.running {
		<-l.done
	}
}

func (l *loop) request(r request) {
	switch {
	case r.check:
		l.want(ReasonRequest)
	case r.resume:
		l.s.pausedUntil, l.s.pausedEver = time.Time{}, false
	case r.pause < 0:
		l.s.pausedEver = true
	case r.pause > 0:
		l.s.pausedUntil = l.now().Add(r.pause)
	}
}

// finished records a result (OnResult says whether it was healthy, for
// the backoff) and starts the queued run, if any.
func (l *loop) finished(res Result) {
	l.running = false
	healthy := res.Err == nil
	if l.m.OnResult != nil {
		healthy = l.m.OnResult(res) && healthy
	}
	l.s.record(l.now(), res.Light, healthy)
	if l.queued != "" {
		why := l.queued
		l.queued = ""
		l.start(false, why)
	}
}

// tick is the poll: a sleep, a network change missed by the events (or on
// a system without them), or a due run.
func (l *loop) tick() {
	t := l.now()
	resumed := Resumed(l.lastPoll, t)
	l.lastPoll = t
	netChanged := l.netMoved()
	switch {
	case l.s.paused(t):
	case resumed:
		l.want(ReasonResume)
	case netChanged:
		l.want(ReasonNetwork)
	case !l.running:
		if ok, light, why := l.s.due(t, l.warmup, l.light, l.full()); ok {
			l.start(light, why)
		}
	}
}

// NetSettle is how long the monitor lets a burst of network events (a
// link going down removes its addresses and routes one message at a time)
// settle before it looks at the network.
const NetSettle = 150 * time.Millisecond

// netEvent arms the settle timer on the first event of a burst.
func (l *loop) netEvent() {
	if l.settle == nil {
		l.settle = time.After(NetSettle)
	}
}

// settled runs a full check at once if the burst changed the network.
func (l *loop) settled() {
	l.settle = nil
	if l.netMoved() && !l.s.paused(l.now()) {
		l.want(ReasonNetwork)
	}
}

// netMoved reads the fingerprint and says whether it changed.
func (l *loop) netMoved() bool {
	fp := l.fingerprint()
	moved := fp != l.lastNet
	l.lastNet = fp
	return moved
}

// Iface is the part of a network interface the fingerprint looks at.
type Iface struct {
	Name  string
	Up    bool
	Loop  bool
	Addrs []string
}

// Fingerprint hashes the up, non-loopback interfaces and their addresses:
// joining a network, a new DHCP lease, a VPN coming up all change it.
func Fingerprint(ifs []Iface) string {
	var lines []string
	for _, i := range ifs {
		if !i.Up || i.Loop {
			continue
		}
		a := slices.Clone(i.Addrs)
		sort.Strings(a)
		lines = append(lines, i.Name+"="+strings.Join(a, ","))
	}
	sort.Strings(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:8])
}

// NetFingerprint is Fingerprint over the system's interfaces; "" if they
// cannot be listed (then no change is ever seen, which is safe).
func NetFingerprint() string {
	ifs, err := net.Interfaces()
	if err != nil {
		return ""
	}
	var out []Iface
	for _, i := range ifs {
		x := Iface{Name: i.Name, Up: usable(i.Flags), Loop: i.Flags&net.FlagLoopback != 0}
		if addrs, err := i.Addrs(); err == nil {
			for _, a := range addrs {
				x.Addrs = append(x.Addrs, a.String())
			}
		}
		out = append(out, x)
	}
	return Fingerprint(out)
}

// usable is net.online's "up": administratively up and running (carrier
// on, operstate up). A cable plugged back in, or a link whose carrier
// comes up a moment after it was set up, changes only the second, so the
// fingerprint must see it too.
func usable(f net.Flags) bool { return f&net.FlagUp != 0 && f&net.FlagRunning != 0 }
