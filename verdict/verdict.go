// Package verdict is what one report means to the user: the tray state
// (and so the icon), the finding behind it, the one-line status and the
// suggested fix. A Verdict is computed once per report (Of) and handed to
// everything that shows or acts on it: the tray's icon, tooltip and menu,
// the alerter and its notification, the automatic fix, and the window's
// header. The facts it needs about checks ("when this fails the computer
// is offline") come from the checks themselves (Facts), never from lists
// of IDs kept here.
package verdict

import (
	"strings"
	"unicode/utf8"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
)

// State is what the tray icon shows. Each state has its own icon shape.
type State string

const (
	Checking State = "checking" // a run is in progress and nothing is known yet
	Healthy  State = "healthy"  // sync can work
	Warning  State = "warning"  // sync may be degraded, or something could not be checked
	Problem  State = "problem"  // sync or sign-in cannot work
	Offline  State = "offline"  // no network, or no report yet (unknown)
)

// Rank orders states for "changed for the worse": healthy < warning <
// offline < problem. Checking has no rank of its own.
func (s State) Rank() int {
	switch s {
	case Healthy:
		return 0
	case Warning:
		return 1
	case Offline:
		return 2
	case Problem:
		return 3
	}
	return -1
}

// Fact is what the user interface needs to know about one check (see
// health.Check.Offline and Quiet).
type Fact struct {
	Offline bool // its failure means the computer is offline
	Quiet   bool // its findings never change the state, line or fix
}

// Facts are the facts of a check catalogue, by check ID.
type Facts map[string]Fact

// FactsOf collects the facts the checks declare. Checks that declare none
// are left out: the zero Fact is the default.
func FactsOf(checks []health.Check) Facts {
	f := Facts{}
	for _, c := range checks {
		if c.Offline || c.Quiet {
			f[c.ID] = Fact{Offline: c.Offline, Quiet: c.Quiet}
		}
	}
	return f
}

// Verdict is one report's meaning, rendered in Lang.
type Verdict struct {
	State State
	// Top is the finding behind a state that is not healthy: the most
	// severe one, preferring one with a fix (health.Top). HasTop says
	// whether there is one.
	Top    health.Finding
	HasTop bool
	// Line is the one-line status, e.g. "Sync blocked: the clock is 7
	// minutes off", short enough for a tooltip.
	Line string
	// Fix is the suggested fix (the top finding's first), "" when the
	// state is healthy or nothing can be fixed.
	Fix  string
	Lang string
}

// Of computes the verdict of r in lang; r is nil when no report exists.
func Of(r *health.Report, facts Facts, lang string) Verdict {
	v := Verdict{State: Offline, Lang: lang}
	if r == nil {
		v.Line = i18n.T(lang, "tray.status.unknown", nil)
		return v
	}
	loud := make([]health.Finding, 0, len(r.Findings))
	for _, f := range r.Findings {
		if !facts[f.Check].Quiet {
			loud = append(loud, f)
		}
	}
	v.State = stateOf(*r, loud, facts)
	v.Top, v.HasTop = health.Top(loud)
	if v.HasTop && v.State != Healthy && len(v.Top.Fixes) > 0 {
		v.Fix = v.Top.Fixes[0]
	}
	v.Line = line(lang, v.State, v.Top, v.HasTop)
	return v
}

// Checking is v while a full run is in progress: the checking icon and
// line, with v's finding and fix kept (the menu still offers the fix the
// user last saw).
func (v Verdict) Checking() Verdict {
	v.State = Checking
	v.Line = i18n.T(v.Lang, "tray.status.checking", nil)
	return v
}

// stateOf derives the state from a report's findings (quiet ones left out).
func stateOf(r health.Report, loud []health.Finding, facts Facts) State {
	if r.SchemaVersion == 0 {
		return Offline
	}
	for _, f := range loud {
		if f.Status == health.StatusFail && facts[f.Check].Offline {
			return Offline
		}
	}
	switch health.Overall(loud) {
	case health.StatusFail:
		return Problem
	case health.StatusWarn, health.StatusError:
		return Warning
	}
	return Healthy
}

// maxReason keeps the one-line status short enough for a tooltip.
const maxReason = 90

func line(lang string, st State, top health.Finding, hasTop bool) string {
	reason := ""
	if hasTop {
		reason = top.Text
		if reason == "" {
			reason = i18n.T(lang, top.Message.Key, top.Message.Args)
		}
		reason = shorten(redact.EscapeControls(strings.TrimSpace(reason)), maxReason)
	}
	switch st {
	case Checking:
		return i18n.T(lang, "tray.status.checking", nil)
	case Healthy:
		return i18n.T(lang, "tray.status.healthy", nil)
	case Warning:
		return i18n.T(lang, "tray.status.warning", map[string]any{"reason": reason})
	case Problem:
		return i18n.T(lang, "tray.status.problem", map[string]any{"reason": reason})
	}
	return i18n.T(lang, "tray.status.offline", nil)
}

func shorten(s string, n int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
