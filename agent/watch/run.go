package watch

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"wpsdoctor/agent/eventlog"
	"wpsdoctor/agent/history"
	"wpsdoctor/agent/metrics"
	"wpsdoctor/agent/state"
	"wpsdoctor/health"
	"wpsdoctor/verdict"
)

// Run is what one run recorded.
type Run struct {
	Record history.Record
	// Changed says the state or the codes differ from the previous run's
	// (always true for the first run): an event was due.
	Changed bool
}

// watcher is Loop's state; only Loop's goroutine touches it.
type watcher struct {
	o       Options
	trigger <-chan struct{} // o.Trigger until it is closed
	bad     int             // consecutive runs that were not healthy
	last    string          // the previous run's change key; "" before the first
	lastErr map[string]string
}

func newWatcher(o Options) *watcher {
	return &watcher{o: withDefaults(o), trigger: o.Trigger, lastErr: map[string]string{}}
}

// runOnce diagnoses and records; false when ctx ended during the run.
func (w *watcher) runOnce(ctx context.Context) (Run, bool) {
	start := w.now()
	rctx, cancel := context.WithTimeout(ctx, w.o.RunTimeout)
	rep, err := w.o.Diagnose(rctx)
	cancel()
	if ctx.Err() != nil {
		return Run{}, false
	}
	end := w.now()
	took := max(end.Sub(start), 0)
	var got *health.Report
	if err == nil {
		got = &rep
	} else {
		w.o.Logf("watch: the diagnosis could not run: %v", err)
	}
	run := w.record(got, end, took)
	if run.Record.State == string(state.Healthy) {
		w.bad = 0
	} else {
		w.bad++
	}
	if w.o.OnRun != nil {
		w.o.OnRun(run)
	}
	return run, true
}

// record turns a run into a history record and hands it to every sink.
func (w *watcher) record(rep *health.Report, end time.Time, took time.Duration) Run {
	rec := history.Record{Time: end, State: string(state.Unknown), DurationMS: took.Milliseconds(), Error: rep == nil}
	st := state.Unknown
	if rep != nil {
		st = state.Of(verdict.Of(rep, w.o.Facts, w.o.Lang).State)
		loud := health.Report{Findings: loudFindings(rep.Findings, w.o.Facts)}
		rec.State, rec.Overall, rec.Counts = string(st), string(rep.Overall), rep.Summary
		rec.Failing, rec.Warning = history.Codes(loud)
	}
	key := changeKey(rec)
	run := Run{Record: rec, Changed: key != w.last}
	w.last = key
	if w.o.History != nil {
		w.report("history", w.o.History.Append(rec))
	}
	if w.o.MetricsPath != "" {
		w.report("metrics", metrics.Write(w.o.MetricsPath, metrics.FromReport(rep, st, end, took, w.o.Version)))
	}
	if run.Changed && w.o.Events != nil {
		w.report("event log", eventlog.Write(w.o.Events, eventlog.ForState(st, rec.Failing, rec.Warning, w.o.Lang)))
	}
	return run
}

// loudFindings leaves out the quiet checks' findings, as the verdict does.
func loudFindings(fs []health.Finding, facts verdict.Facts) []health.Finding {
	return slices.DeleteFunc(slices.Clone(fs), func(f health.Finding) bool { return facts[f.Check].Quiet })
}

// changeKey is what an event reports: the state and both code sets.
func changeKey(r history.Record) string {
	return r.State + "|" + strings.Join(r.Failing, ",") + "|" + strings.Join(r.Warning, ",")
}

// report logs a sink's error once until it changes or the sink recovers,
// so a missing exporter or a full disk does not flood the service's log.
func (w *watcher) report(sink string, err error) {
	if err == nil {
		if w.lastErr[sink] != "" {
			w.o.Logf("watch: %s works again", sink)
		}
		delete(w.lastErr, sink)
		return
	}
	msg := err.Error()
	if w.lastErr[sink] == msg {
		return
	}
	w.lastErr[sink] = msg
	if errors.Is(err, metrics.ErrNoCollector) {
		w.o.Logf("watch: no metrics file written (%v); install node_exporter or windows_exporter, or set the metrics path", err)
		return
	}
	w.o.Logf("watch: %s: %v", sink, err)
}
