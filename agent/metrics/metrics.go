// Package metrics writes the agent's state as a Prometheus text-format
// file for the textfile collectors of node_exporter (Linux, macOS) and
// windows_exporter (Windows), so an organisation sees its fleet in the
// Prometheus and Grafana it already runs, with no server of ours.
//
// The metrics (all gauges; docs/fleet/README.md lists them with examples):
//
//	wpsdoctor_up                              1 when the last run produced a report, 0 when it could not run
//	wpsdoctor_health_state{state}             1 for the current state, 0 for the others (healthy, warning, problem, offline, unknown)
//	wpsdoctor_findings{status}                findings of the last run by status (ok, info, warn, fail, error, skipped)
//	wpsdoctor_check_status{check}             per check: 0 ok, 1 warning, 2 failing, 3 unknown
//	wpsdoctor_last_run_timestamp_seconds      when the last run ended (Unix time)
//	wpsdoctor_last_run_duration_seconds       how long it took
//	wpsdoctor_info{version}                   always 1; the agent's version
//
// The file holds check IDs and counts only: no message, path or name.
package metrics

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"wpsdoctor/agent/state"
	"wpsdoctor/health"
)

// Check statuses, the values of wpsdoctor_check_status.
const (
	CheckOK      = 0 // ok, info, or not applicable here
	CheckWarning = 1
	CheckFailing = 2
	CheckUnknown = 3 // the check could not decide, or a failed root cause hid it
)

// Snapshot is what one file says: the last run.
type Snapshot struct {
	// Up is false when the diagnosis could not run (then Counts and
	// Checks are empty and State is Unknown).
	Up       bool
	State    state.State
	Counts   health.Summary
	Checks   map[string]int // check ID → CheckOK … CheckUnknown
	At       time.Time      // when the run ended
	Duration time.Duration
	Version  string
}

// FromReport is the snapshot of a finished run: rep is nil when the
// diagnosis failed.
func FromReport(rep *health.Report, st state.State, at time.Time, took time.Duration, version string) Snapshot {
	s := Snapshot{Up: rep != nil, State: st, At: at, Duration: took, Version: version, Checks: map[string]int{}}
	if rep == nil {
		s.State = state.Unknown
		return s
	}
	s.Counts = rep.Summary
	for _, f := range rep.Findings {
		if f.Check == "" {
			continue
		}
		v := CheckStatus(f)
		if old, ok := s.Checks[f.Check]; !ok || worse(v, old) {
			s.Checks[f.Check] = v
		}
	}
	return s
}

// CheckStatus is the wpsdoctor_check_status value of one finding.
func CheckStatus(f health.Finding) int {
	switch f.Status {
	case health.StatusWarn:
		return CheckWarning
	case health.StatusFail:
		return CheckFailing
	case health.StatusError:
		return CheckUnknown
	case health.StatusSkipped:
		if f.SuppressedBy != "" {
			return CheckUnknown
		}
	}
	return CheckOK
}

// worse orders check values: failing > warning > unknown > ok.
func worse(a, b int) bool {
	rank := map[int]int{CheckOK: 0, CheckUnknown: 1, CheckWarning: 2, CheckFailing: 3}
	return rank[a] > rank[b]
}

// Render is the snapshot in the Prometheus text exposition format (0.0.4),
// which both textfile collectors read.
func Render(s Snapshot) []byte {
	var b strings.Builder
	family(&b, "wpsdoctor_up", "Whether the last scheduled diagnosis ran (1) or could not run (0).")
	sample(&b, "wpsdoctor_up", "", "", boolValue(s.Up))
	family(&b, "wpsdoctor_health_state", "Health state of the last run: 1 for the current state, 0 for the others.")
	for _, st := range state.All {
		sample(&b, "wpsdoctor_health_state", "state", string(st), boolValue(st == s.State))
	}
	family(&b, "wpsdoctor_findings", "Findings of the last run by status.")
	for _, c := range []struct {
		status string
		n      int
	}{{"ok", s.Counts.OK}, {"info", s.Counts.Info}, {"warn", s.Counts.Warn}, {"fail", s.Counts.Fail},
		{"error", s.Counts.Error}, {"skipped", s.Counts.Skipped}} {
		sample(&b, "wpsdoctor_findings", "status", c.status, float64(c.n))
	}
	family(&b, "wpsdoctor_check_status", "Status of each check in the last run: 0 ok, 1 warning, 2 failing, 3 unknown.")
	ids := make([]string, 0, len(s.Checks))
	for id := range s.Checks {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		sample(&b, "wpsdoctor_check_status", "check", id, float64(s.Checks[id]))
	}
	family(&b, "wpsdoctor_last_run_timestamp_seconds", "When the last scheduled diagnosis ended, in Unix seconds.")
	sample(&b, "wpsdoctor_last_run_timestamp_seconds", "", "", float64(s.At.UnixMilli())/1000)
	family(&b, "wpsdoctor_last_run_duration_seconds", "How long the last scheduled diagnosis took, in seconds.")
	sample(&b, "wpsdoctor_last_run_duration_seconds", "", "", s.Duration.Seconds())
	family(&b, "wpsdoctor_info", "The WPS Sync Doctor agent's version (always 1).")
	sample(&b, "wpsdoctor_info", "version", s.Version, 1)
	return []byte(b.String())
}

func family(b *strings.Builder, name, help string) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
}

func sample(b *strings.Builder, name, label, value string, v float64) {
	b.WriteString(name)
	if label != "" {
		fmt.Fprintf(b, "{%s=\"%s\"}", label, escape(value))
	}
	b.WriteByte(' ')
	b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	b.WriteByte('\n')
}

// escape is the text format's label-value escaping: backslash, double
// quote and line feed.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
