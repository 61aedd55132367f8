package tray

import (
	"time"

	"wpsdoctor/verdict"
)

// Alert is a notification to show.
type Alert struct {
	Recovered bool
	// Verdict is the one observed: its line is the notification's text.
	Verdict verdict.Verdict
}

// Alerter decides when to notify: only when the state got worse and stayed
// so for Debounce, once when it recovers, and never twice for the same
// finding code in one session. Observe is called with each result's
// verdict.
type Alerter struct {
	Enabled  func() bool
	Debounce time.Duration

	baseline  verdict.State // what the user was last told (healthy at start)
	worseAt   time.Time     // when the current worse state was first seen
	worse     verdict.State
	announced bool // a worse state was notified and not yet recovered
	seen      map[string]bool
}

// DefaultDebounce keeps one flapping probe from notifying.
const DefaultDebounce = 2 * time.Minute

// Observe takes a new state and returns the alert to show, if any.
func (a *Alerter) Observe(now time.Time, v verdict.Verdict) (Alert, bool) {
	st := v.State
	if st == verdict.Checking {
		return Alert{}, false
	}
	if a.baseline == "" {
		a.baseline = verdict.Healthy
	}
	if a.seen == nil {
		a.seen = map[string]bool{}
	}
	debounce := a.Debounce
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	on := a.Enabled == nil || a.Enabled()

	if st == verdict.Healthy {
		a.worse, a.worseAt = "", time.Time{}
		if a.announced {
			a.announced = false
			a.baseline = verdict.Healthy
			return Alert{Recovered: true, Verdict: v}, on
		}
		a.baseline = verdict.Healthy
		return Alert{}, false
	}
	if st.Rank() <= a.baseline.Rank() {
		// no worse than what the user knows: nothing new to say
		a.worse, a.worseAt = "", time.Time{}
		return Alert{}, false
	}
	if a.worse == "" || st.Rank() < a.worse.Rank() {
		// first sight of a worse state (or it eased a little): start timing
		a.worse, a.worseAt = st, now
	}
	if now.Sub(a.worseAt) < debounce {
		return Alert{}, false
	}
	a.baseline, a.worse = st, ""
	a.announced = true
	key := v.Top.Code
	if key == "" {
		key = string(st)
	}
	if a.seen[key] {
		return Alert{}, false
	}
	a.seen[key] = true
	return Alert{Verdict: v}, on
}
