// Package watch is the agent's watcher: it runs the tray's diagnosis on a
// schedule while nobody looks, and tells the organisation's tools what it
// saw. Every run is appended to the health history (agent/history) and
// written to the metrics textfile (agent/metrics); the first run and every
// change of state or of the set of failing and warning codes is written to
// the OS log with the state's event ID (agent/eventlog).
//
// Schedule: the first run after Warmup; then every Interval while the
// computer is healthy; after a run that is not healthy, the next comes
// after Retry, doubling with each further bad run up to Interval (the
// tray's backoff), so a problem is re-checked soon and a lasting one is not
// hammered. Every wait is jittered (±Jitter of it) so a fleet that boots
// at nine does not diagnose in step. Waits are checked at least every
// Poll on both clocks, so a computer that slept runs its overdue check
// soon after it wakes, and a clock set back delays nothing.
package watch

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"wpsdoctor/agent/eventlog"
	"wpsdoctor/agent/history"
	"wpsdoctor/health"
	"wpsdoctor/verdict"
)

// Defaults of Options.
const (
	DefaultInterval   = 30 * time.Minute
	DefaultRetry      = 2 * time.Minute
	DefaultJitter     = 0.1
	DefaultWarmup     = time.Minute
	DefaultRunTimeout = 5 * time.Minute
	DefaultPoll       = time.Minute
)

// Clock is the watcher's time; tests pass a fake one.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// Appender keeps the history (*history.Log).
type Appender interface {
	Append(history.Record) error
}

// EventWriter writes to the OS log (platform/oslog.Writer is one).
type EventWriter = eventlog.Sink

// Options configure Loop. Diagnose is required; every sink is optional.
type Options struct {
	// Diagnose runs the checks once (the composition root wires the
	// product's full run, as the tray's scheduled run).
	Diagnose func(ctx context.Context) (health.Report, error)
	// Facts are the checks' facts (verdict.FactsOf(product.Checks())):
	// which failures mean offline, which findings are quiet.
	Facts verdict.Facts
	// Lang is the language of the OS log's sentences.
	Lang string
	// Version is the agent's version, for the metrics.
	Version string

	Interval, Retry, Warmup, RunTimeout, Poll time.Duration
	// Jitter is the fraction of each wait drawn at random either way
	// (0: DefaultJitter; <0: none).
	Jitter float64

	History     Appender    // nil: no history
	MetricsPath string      // "": no metrics file
	Events      EventWriter // nil: no OS log
	// Trigger runs a check at once (a "check now" from the tray or the
	// CLI through the agent); nil: none.
	Trigger <-chan struct{}
	// OnRun is called after each run, with what was recorded.
	OnRun func(Run)

	Clock Clock                            // nil: the real clock
	Rand  func() float64                   // in [0,1); nil: math/rand/v2
	Logf  func(format string, args ...any) // nil: discard
}

// ErrNoDiagnose is Loop without Options.Diagnose.
var ErrNoDiagnose = errors.New("watch: Options.Diagnose is not set")

// Loop runs the schedule until ctx ends (then it returns nil; a run in
// progress is cancelled and not recorded).
func Loop(ctx context.Context, o Options) error {
	if o.Diagnose == nil {
		return ErrNoDiagnose
	}
	w := newWatcher(o)
	wait := w.jitter(w.o.Warmup)
	for {
		if !w.sleep(ctx, wait) {
			return nil
		}
		if _, ok := w.runOnce(ctx); !ok {
			return nil
		}
		wait = w.jitter(Backoff(w.bad, w.o.Retry, w.o.Interval))
	}
}

// sleep waits d, or until a trigger; false when ctx ended. It wakes at
// least every Poll to look at both clocks (see Elapsed).
func (w *watcher) sleep(ctx context.Context, d time.Duration) bool {
	start := w.o.Clock.Now()
	for {
		left := d - Elapsed(start, w.o.Clock.Now())
		if left <= 0 {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case _, ok := <-w.trigger:
			if !ok {
				w.trigger = nil // closed: no more requests, the schedule goes on
				continue
			}
			return true
		case <-w.o.Clock.After(min(left, w.o.Poll)):
		}
	}
}

// Elapsed is the time since start by whichever clock moved further: the
// wall clock counts a sleep of the computer (the monotonic clock stops),
// the monotonic clock ignores the wall clock set back (clock.sync may do
// that by hours), so neither delays a check.
func Elapsed(start, now time.Time) time.Duration {
	return max(now.Sub(start), now.Round(0).Sub(start.Round(0)))
}

// Backoff is the wait after bad consecutive runs that were not healthy:
// interval when none, else retry doubled bad-1 times, at most interval.
func Backoff(bad int, retry, interval time.Duration) time.Duration {
	if bad <= 0 {
		return interval
	}
	if bad > 32 {
		return interval
	}
	d := retry << (bad - 1)
	if d <= 0 || d > interval {
		return interval
	}
	return d
}

// jitter moves d by up to ±Jitter of it.
func (w *watcher) jitter(d time.Duration) time.Duration {
	if w.o.Jitter <= 0 || d <= 0 {
		return d
	}
	return d + time.Duration((w.o.Rand()*2-1)*w.o.Jitter*float64(d))
}

// now is the wall clock, for the records.
func (w *watcher) now() time.Time { return w.o.Clock.Now().Round(0) }

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func withDefaults(o Options) Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Interval, DefaultInterval)
	def(&o.Retry, DefaultRetry)
	def(&o.Warmup, DefaultWarmup)
	def(&o.RunTimeout, DefaultRunTimeout)
	def(&o.Poll, DefaultPoll)
	if o.Jitter == 0 {
		o.Jitter = DefaultJitter
	}
	o.Jitter = min(o.Jitter, 0.5) // a wait never shrinks below half
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}
