package tray

import (
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/verdict"
)

func TestAlerterDebounceRecoverNoRepeat(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	enabled := true
	a := &Alerter{Debounce: 2 * time.Minute, Enabled: func() bool { return enabled }}
	clock := health.Finding{Code: "WSD-CLK-001"}
	steps := []struct {
		at     time.Duration
		st     verdict.State
		top    health.Finding
		notify bool
		rec    bool
	}{
		{0, verdict.Healthy, health.Finding{}, false, false},
		{time.Minute, verdict.Problem, clock, false, false},       // worse, not yet stable
		{2 * time.Minute, verdict.Checking, clock, false, false},  // ignored
		{3*time.Minute - 1, verdict.Problem, clock, false, false}, // still inside the debounce
		{3 * time.Minute, verdict.Problem, clock, true, false},    // stable: notify
		{4 * time.Minute, verdict.Problem, clock, false, false},   // same: never repeated
		{5 * time.Minute, verdict.Warning, clock, false, false},   // better, not healthy: quiet
		{6 * time.Minute, verdict.Healthy, health.Finding{}, true, true},
		{7 * time.Minute, verdict.Healthy, health.Finding{}, false, false}, // recovery said once
		{8 * time.Minute, verdict.Problem, clock, false, false},
		{20 * time.Minute, verdict.Problem, clock, false, false}, // same finding again: not repeated
		{21 * time.Minute, verdict.Healthy, health.Finding{}, true, true},
		{22 * time.Minute, verdict.Warning, health.Finding{Code: "WSD-NET-003"}, false, false},
		{23 * time.Minute, verdict.Healthy, health.Finding{}, false, false}, // flap shorter than debounce: silent
	}
	for i, s := range steps {
		al, ok := a.Observe(t0.Add(s.at), verdict.Verdict{State: s.st, Top: s.top, HasTop: s.top.Code != ""})
		if ok != s.notify || (ok && al.Recovered != s.rec) {
			t.Fatalf("step %d (%s at %v): notify=%v recovered=%v, want %v %v", i, s.st, s.at, ok, al.Recovered, s.notify, s.rec)
		}
		if ok && !s.rec && al.Verdict.Top.Code != s.top.Code {
			t.Fatalf("step %d: alert about %q, want %q", i, al.Verdict.Top.Code, s.top.Code)
		}
	}
	// switched off: the state still advances, nothing is shown
	enabled = false
	b := &Alerter{Debounce: time.Minute, Enabled: func() bool { return enabled }}
	prob := verdict.Verdict{State: verdict.Problem, Top: clock, HasTop: true}
	b.Observe(t0, prob)
	if _, ok := b.Observe(t0.Add(time.Hour), prob); ok {
		t.Fatal("notified while notifications are off")
	}
}
