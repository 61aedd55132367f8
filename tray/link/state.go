package link

import (
	"slices"
	"strings"
	"time"
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

// OfflineChecks are the checks whose failure means "this computer is
// offline": the tray then shows the offline icon rather than a problem,
// because nothing WPS-specific can be judged.
var OfflineChecks = []string{"net.online"}

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

// StateOf derives the tray state from a report.
func StateOf(r health.Report) State {
	if r.SchemaVersion == 0 {
		return Offline
	}
	for _, f := range r.Findings {
		if f.Status == health.StatusFail && slices.Contains(OfflineChecks, f.Check) {
			return Offline
		}
	}
	switch r.Overall {
	case health.StatusFail:
		return Problem
	case health.StatusWarn, health.StatusError:
		return Warning
	case health.StatusOK, health.StatusInfo:
		return Healthy
	}
	return Offline
}

// maxReason keeps the one-line status short enough for a tooltip.
const maxReason = 90

// StatusLine is the tray's one-line status, e.g. "Sync blocked: the clock
// is 7 minutes off". r may be nil when no report exists yet.
func StatusLine(lang string, st State, r *health.Report) string {
	reason := ""
	if r != nil {
		if top, ok := health.Top(r.Findings); ok {
			reason = top.Text
			if reason == "" {
				reason = i18n.T(lang, top.Message.Key, top.Message.Args)
			}
			reason = shorten(redact.EscapeControls(strings.TrimSpace(reason)), maxReason)
		}
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
	if r == nil {
		return i18n.T(lang, "tray.status.unknown", nil)
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

// Merge lays a light run's findings over the last full report: checks the
// light run repeated take their new finding, the rest stay, and the verdict
// is recomputed. The result carries the light run's time.
func Merge(full, light health.Report) health.Report {
	idx := map[string]int{}
	for i, f := range light.Findings {
		idx[f.Check] = i
	}
	out := make([]health.Finding, 0, len(full.Findings))
	for _, f := range full.Findings {
		if i, ok := idx[f.Check]; ok {
			out = append(out, light.Findings[i])
			delete(idx, f.Check)
			continue
		}
		out = append(out, f)
	}
	for _, f := range light.Findings {
		if _, ok := idx[f.Check]; ok {
			out = append(out, f)
		}
	}
	at := light.GeneratedAt
	r := health.NewReport(full.Tool, full.Host, light.Lang, at, time.Duration(full.DurationMS)*time.Millisecond, out)
	return r
}
