package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/agent/history"
	"wpsdoctor/health"
	"wpsdoctor/platform/oslog"
	"wpsdoctor/verdict"
)

var t0 = time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)

// fakeClock advances by d whenever it is waited on, so a schedule of
// weeks runs in microseconds; jump adds a sleep of the computer.
type fakeClock struct {
	t    time.Time
	jump func(time.Time) time.Duration
}

func (c *fakeClock) Now() time.Time { return c.t }
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.t = c.t.Add(d)
	if c.jump != nil {
		c.t = c.t.Add(c.jump(c.t))
	}
	ch := make(chan time.Time, 1)
	ch <- c.t
	return ch
}

// outcome is one scripted run: findings, or an error.
type outcome struct {
	findings []health.Finding
	err      error
}

var (
	healthy = outcome{findings: []health.Finding{{Check: "net.tcp", Code: "WSD-NET-010", Status: health.StatusOK}}}
	dnsFail = outcome{findings: []health.Finding{{Check: "net.dns", Code: "WSD-DNS-001", Status: health.StatusFail}}}
	tlsFail = outcome{findings: []health.Finding{{Check: "net.dns", Code: "WSD-DNS-001", Status: health.StatusFail},
		{Check: "net.tls", Code: "WSD-TLS-002", Status: health.StatusFail}}}
	warn    = outcome{findings: []health.Finding{{Check: "local.clock", Code: "WSD-CLK-001", Status: health.StatusWarn}}}
	offline = outcome{findings: []health.Finding{{Check: "net.online", Code: "WSD-NET-001", Status: health.StatusFail}}}
	quiet   = outcome{findings: []health.Finding{{Check: "net.tcp", Code: "WSD-NET-010", Status: health.StatusOK},
		{Check: "wps.extra", Code: "WSD-X-001", Status: health.StatusWarn}}}
	broken = outcome{err: errors.New("catalogue unreadable: /home/ana/x.toml")}
)

var facts = verdict.Facts{"net.online": {Offline: true}, "wps.extra": {Quiet: true}}

type events struct{ got []string }

func (e *events) Write(l oslog.Level, id uint32, msg string) error {
	e.got = append(e.got, fmt.Sprintf("%d %s", id, l))
	return nil
}

type memHistory struct{ recs []history.Record }

func (m *memHistory) Append(r history.Record) error { m.recs = append(m.recs, r); return nil }

// harness runs Loop over script (the last outcome repeats) for n runs and
// returns the times the runs started.
type harness struct {
	clock  *fakeClock
	ev     events
	hist   memHistory
	runs   []Run
	starts []time.Time
}

func run(t *testing.T, n int, script []outcome, tune func(*Options)) *harness {
	t.Helper()
	h := &harness{clock: &fakeClock{t: t0}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := Options{
		Diagnose: func(ctx context.Context) (health.Report, error) {
			if ctx.Err() != nil {
				return health.Report{}, ctx.Err()
			}
			h.starts = append(h.starts, h.clock.t)
			out := script[min(len(h.starts), len(script))-1]
			if out.err != nil {
				return health.Report{}, out.err
			}
			return health.NewReport(health.Tool{}, health.Host{}, "en", h.clock.t, time.Second, out.findings), nil
		},
		Facts: facts, Lang: "en", Clock: h.clock, Jitter: -1, Warmup: time.Minute,
		History: &h.hist, Events: &h.ev,
		OnRun: func(r Run) {
			h.runs = append(h.runs, r)
			if len(h.runs) == n {
				cancel()
			}
		},
	}
	if tune != nil {
		tune(&o)
	}
	if err := Loop(ctx, o); err != nil {
		t.Fatalf("Loop: %v", err)
	}
	if len(h.runs) != n {
		t.Fatalf("got %d runs, want %d", len(h.runs), n)
	}
	return h
}

// gaps are the waits between consecutive runs' starts (the first after t0).
func (h *harness) gaps() []time.Duration {
	var out []time.Duration
	prev := t0
	for _, s := range h.starts {
		out = append(out, s.Sub(prev))
		prev = s
	}
	return out
}

func TestSchedule(t *testing.T) {
	m := time.Minute
	for _, tt := range []struct {
		name   string
		script []outcome
		want   []time.Duration
	}{
		{"healthy every interval", []outcome{healthy}, []time.Duration{m, 30 * m, 30 * m, 30 * m}},
		{"backoff doubles up to the interval", []outcome{dnsFail},
			[]time.Duration{m, 2 * m, 4 * m, 8 * m, 16 * m, 30 * m, 30 * m}},
		{"recovery resets the backoff", []outcome{healthy, dnsFail, dnsFail, healthy, warn, healthy},
			[]time.Duration{m, 30 * m, 2 * m, 4 * m, 30 * m, 2 * m, 30 * m}},
		{"a failed diagnosis backs off too", []outcome{broken}, []time.Duration{m, 2 * m, 4 * m}},
		{"offline backs off", []outcome{offline}, []time.Duration{m, 2 * m, 4 * m}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := run(t, len(tt.want), tt.script, nil)
			if got := h.gaps(); !slices.Equal(got, tt.want) {
				t.Errorf("got waits %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJitter(t *testing.T) {
	for _, tt := range []struct {
		r    float64
		want time.Duration
	}{{0, 27 * time.Minute}, {0.5, 30 * time.Minute}, {0.999999, 33 * time.Minute}} {
		h := run(t, 2, []outcome{healthy}, func(o *Options) {
			o.Jitter, o.Rand = 0.1, func() float64 { return tt.r }
		})
		got := h.gaps()[1]
		if d := got - tt.want; d < -time.Second || d > time.Second {
			t.Errorf("rand %v: got wait %v, want about %v (±10%% of 30m)", tt.r, got, tt.want)
		}
	}
}

// TestEventsOnChange: an event at the first run and at each change of
// state or codes, none while nothing changes.
func TestEventsOnChange(t *testing.T) {
	script := []outcome{healthy, healthy, dnsFail, dnsFail, tlsFail, warn, offline, broken, broken, quiet, healthy}
	h := run(t, len(script), script, nil)
	want := []string{"100 info", "102 error", "102 error", "101 warning", "103 warning", "104 warning", "100 info"}
	if !slices.Equal(h.ev.got, want) {
		t.Errorf("got events %v, want %v", h.ev.got, want)
	}
	var changed []bool
	for _, r := range h.runs {
		changed = append(changed, r.Changed)
	}
	if w := []bool{true, false, true, false, true, true, true, true, false, true, false}; !slices.Equal(changed, w) {
		t.Errorf("got changed %v, want %v", changed, w)
	}
}

func TestHistoryRecords(t *testing.T) {
	h := run(t, 4, []outcome{tlsFail, broken, quiet, offline}, nil)
	for i, tt := range []struct {
		state   string
		failing []string
		warning []string
		err     bool
	}{
		{"problem", []string{"WSD-DNS-001", "WSD-TLS-002"}, nil, false},
		{"unknown", nil, nil, true},
		{"healthy", nil, nil, false}, // the quiet check's warning is left out
		{"offline", []string{"WSD-NET-001"}, nil, false},
	} {
		r := h.hist.recs[i]
		if r.State != tt.state || !slices.Equal(r.Failing, tt.failing) || !slices.Equal(r.Warning, tt.warning) || r.Error != tt.err {
			t.Errorf("record %d: got %+v, want state %s failing %v warning %v error %v", i, r, tt.state, tt.failing, tt.warning, tt.err)
		}
		if !r.Time.Equal(h.starts[i]) {
			t.Errorf("record %d: got time %v, want %v", i, r.Time, h.starts[i])
		}
	}
}

// TestSinksOnDisk: the real history and metrics file, and an error text
// (with a path) that reaches neither.
func TestSinksOnDisk(t *testing.T) {
	dir := t.TempDir()
	prom := filepath.Join(dir, "collector", "wpsdoctor.prom")
	if err := os.Mkdir(filepath.Dir(prom), 0o755); err != nil {
		t.Fatal(err)
	}
	var logged []string
	run(t, 3, []outcome{dnsFail, broken, healthy}, func(o *Options) {
		o.History = &history.Log{Dir: filepath.Join(dir, "state")}
		o.MetricsPath = prom
		o.Version = "9.9"
		o.Logf = func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }
	})
	recs, err := history.Read(filepath.Join(dir, "state"), 0)
	if err != nil || len(recs) != 3 || recs[2].State != "healthy" {
		t.Fatalf("history: got %+v, %v; want 3 records, the healthy one last", recs, err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "state", history.FileName))
	if strings.Contains(string(data), "ana") {
		t.Errorf("history %s: got the error's path in it, want no personal data", data)
	}
	m, _ := os.ReadFile(prom)
	for _, want := range []string{`wpsdoctor_health_state{state="healthy"} 1`, "wpsdoctor_up 1", `wpsdoctor_info{version="9.9"} 1`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics: got\n%s\nwant a line %q", m, want)
		}
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "could not run") {
		t.Errorf("got log %q, want one line about the failed diagnosis", logged)
	}
}

// TestMissingCollectorLoggedOnce: no exporter installed is said once, not
// at every run, and nothing is created.
func TestMissingCollectorLoggedOnce(t *testing.T) {
	prom := filepath.Join(t.TempDir(), "node_exporter", "textfile_collector", "wpsdoctor.prom")
	var logged []string
	run(t, 5, []outcome{healthy}, func(o *Options) {
		o.MetricsPath = prom
		o.Logf = func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }
	})
	if len(logged) != 1 || !strings.Contains(logged[0], "no metrics file") {
		t.Errorf("got log %q, want one line about the missing collector", logged)
	}
	if _, err := os.Stat(filepath.Dir(prom)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got the collector folder created (%v), want it left alone", err)
	}
}

// stoppedClock never fires: only a trigger can start a run.
type stoppedClock struct{}

func (stoppedClock) Now() time.Time                       { return t0 }
func (stoppedClock) After(time.Duration) <-chan time.Time { return nil }

func TestTrigger(t *testing.T) {
	trig := make(chan struct{}, 2)
	trig <- struct{}{}
	trig <- struct{}{}
	h := run(t, 2, []outcome{healthy}, func(o *Options) {
		o.Trigger = trig
		o.Clock = stoppedClock{}
	})
	if len(h.starts) != 2 {
		t.Errorf("got %d runs, want one per trigger", len(h.starts))
	}
}

// TestResumeAfterSleep: a computer that slept past its due time runs the
// check at the next poll, not a whole interval of monotonic time later.
func TestResumeAfterSleep(t *testing.T) {
	slept := false
	h := run(t, 2, []outcome{healthy}, func(o *Options) {
		o.Poll = time.Minute
		o.Clock.(*fakeClock).jump = func(now time.Time) time.Duration {
			if !slept && now.After(t0.Add(2*time.Minute)) {
				slept = true
				return 8 * time.Hour
			}
			return 0
		}
	})
	if got := h.gaps()[1]; got > 8*time.Hour+2*time.Minute {
		t.Errorf("got the second run %v after the first, want within one poll of waking (8h + 2m)", got)
	}
}

func TestLoopWithoutDiagnose(t *testing.T) {
	if err := Loop(context.Background(), Options{}); !errors.Is(err, ErrNoDiagnose) {
		t.Errorf("got %v, want ErrNoDiagnose", err)
	}
}

func TestBackoff(t *testing.T) {
	r, i := 2*time.Minute, 30*time.Minute
	for _, tt := range []struct {
		bad  int
		want time.Duration
	}{{0, i}, {1, r}, {2, 2 * r}, {4, 8 * r}, {5, i}, {40, i}, {-1, i}} {
		if got := Backoff(tt.bad, r, i); got != tt.want {
			t.Errorf("Backoff(%d): got %v, want %v", tt.bad, got, tt.want)
		}
	}
}

var _ EventWriter = oslog.Writer(nil)

// TestClosedTrigger: a closed trigger channel ends the requests, not the
// schedule (and does not spin).
func TestClosedTrigger(t *testing.T) {
	trig := make(chan struct{})
	close(trig)
	h := run(t, 3, []outcome{healthy}, func(o *Options) { o.Trigger = trig })
	if got, want := h.gaps(), []time.Duration{time.Minute, 30 * time.Minute, 30 * time.Minute}; !slices.Equal(got, want) {
		t.Errorf("got waits %v, want %v", got, want)
	}
}

func TestElapsed(t *testing.T) {
	start := time.Now() // with a monotonic reading
	if got := Elapsed(start, start.Add(5*time.Minute)); got != 5*time.Minute {
		t.Errorf("monotonic: got %v, want 5m", got)
	}
	wall := start.Round(0)
	if got := Elapsed(wall, wall.Add(8*time.Hour)); got != 8*time.Hour {
		t.Errorf("wall clock (a sleep): got %v, want 8h", got)
	}
	if got := Elapsed(wall, wall.Add(-time.Hour)); got != -time.Hour {
		t.Errorf("wall clock set back, no monotonic reading: got %v, want -1h", got)
	}
}

func TestJitterCapped(t *testing.T) {
	h := run(t, 2, []outcome{healthy}, func(o *Options) {
		o.Jitter, o.Rand = 5, func() float64 { return 0 }
	})
	if got := h.gaps()[1]; got != 15*time.Minute {
		t.Errorf("got wait %v with Jitter 5, want 15m (jitter capped at half the wait)", got)
	}
}
