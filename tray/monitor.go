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
// Poll, default 10 s), on a request, or when a run ends, so it costs next to
// nothing while idle. Runs never overlap: a request during a run is queued
// once, not stacked.
type Monitor struct {
	// Run performs one diagnosis (all checks, or only the light ones).
	Run func(ctx context.Context, light bool) (health.Report, error)
	// OnStart and OnResult are called from the monitor's goroutine.
	OnStart  func(light bool, why Reason)
	OnResult func(Result)
	// Healthy tells whether a result counts as healthy (no backoff).
	Healthy func(health.Report) bool

	Warmup time.Duration // grace before the first run (default 10 s)
	Light  time.Duration // light probes every Light (default 5 min)
	// Full returns the full-run interval (read each time, so a settings
	// change applies at once; default 1 h).
	Full func() time.Duration
	// Fingerprint summarises the network configuration; a change triggers
	// a full run. Default: NetFingerprint.
	Fingerprint func() string

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
	now := m.Now
	if now == nil {
		now = time.Now
	}
	warmup, light, poll := m.Warmup, m.Light, m.Poll
	if warmup <= 0 {
		warmup = 10 * time.Second
	}
	if light <= 0 {
		light = 5 * time.Minute
	}
	if poll <= 0 {
		poll = 10 * time.Second
	}
	full := func() time.Duration {
		if m.Full != nil {
			if d := m.Full(); d > 0 {
				return d
			}
		}
		return time.Hour
	}
	fingerprint := m.Fingerprint
	if fingerprint == nil {
		fingerprint = NetFingerprint
	}
	tick := m.Tick
	if tick == nil {
		t := time.NewTicker(poll)
		defer t.Stop()
		tick = t.C
	}
	if m.requests == nil {
		m.requests = make(chan request, 8)
	}

	s := schedule{started: now()}
	lastPoll := now()
	lastNet := fingerprint()
	running := false
	var queued Reason // a full run wanted while another ran
	done := make(chan Result, 1)

	start := func(light bool, why Reason) {
		running = true
		if m.OnStart != nil {
			m.OnStart(light, why)
		}
		go func() {
			rep, err := m.Run(ctx, light)
			done <- Result{Report: rep, Err: err, Light: light, Reason: why}
		}()
	}
	want := func(why Reason) {
		if running {
			queued = why
			return
		}
		start(false, why)
	}

	for {
		select {
		case <-ctx.Done():
			if running {
				<-done
			}
			return
		case r := <-m.requests:
			switch {
			case r.check:
				want(ReasonRequest)
			case r.resume:
				s.pausedUntil, s.pausedEver = time.Time{}, false
			case r.pause < 0:
				s.pausedEver = true
			case r.pause > 0:
				s.pausedUntil = now().Add(r.pause)
			}
		case res := <-done:
			running = false
			healthy := res.Err == nil && (m.Healthy == nil || m.Healthy(res.Report))
			s.record(now(), res.Light, healthy)
			if m.OnResult != nil {
				m.OnResult(res)
			}
			if queued != "" {
				why := queued
				queued = ""
				start(false, why)
			}
		case <-tick:
			t := now()
			resumed := Resumed(lastPoll, t)
			lastPoll = t
			fp := fingerprint()
			netChanged := fp != lastNet
			lastNet = fp
			switch {
			case s.paused(t):
			case resumed:
				want(ReasonResume)
			case netChanged:
				want(ReasonNetwork)
			case !running:
				if ok, light, why := s.due(t, warmup, light, full()); ok {
					start(light, why)
				}
			}
		}
	}
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
		x := Iface{Name: i.Name, Up: i.Flags&net.FlagUp != 0, Loop: i.Flags&net.FlagLoopback != 0}
		if addrs, err := i.Addrs(); err == nil {
			for _, a := range addrs {
				x.Addrs = append(x.Addrs, a.String())
			}
		}
		out = append(out, x)
	}
	return Fingerprint(out)
}
