// Package history keeps the agent's health history: one JSON line per
// scheduled diagnosis (time, state, counts, the codes of what failed or
// warned, duration) in the system state directory, readable by every user.
//
// It never holds personal data: a record carries finding codes
// ("WSD-NET-001"), counts and times, never messages, evidence, paths, host
// or user names; codes are filtered to their own alphabet on the way in.
//
// The history is bounded: the live file history.jsonl is rotated when the
// next line would take it past MaxBytes, keeping Keep older files
// (history.jsonl.1 the newest of them). The history never takes more than
// (Keep+1) × MaxBytes on disk: 1 MiB with the defaults.
package history

import (
	"slices"
	"strings"
	"time"

	"wpsdoctor/health"
)

// FileName is the live history file; rotated files add .1, .2, ….
const FileName = "history.jsonl"

// Defaults of the bound.
const (
	DefaultMaxBytes = 256 << 10 // one file
	DefaultKeep     = 3         // rotated files kept besides the live one
)

// Bound is the most the history takes on disk with maxBytes and keep.
func Bound(maxBytes int64, keep int) int64 { return int64(keep+1) * maxBytes }

// Limits on what one record carries, so a line stays far below MaxBytes.
const (
	maxCodes   = 32
	maxCodeLen = 40
)

// Record is one run.
type Record struct {
	Time time.Time `json:"time"`
	// State is the verdict: healthy, warning, problem, offline, or unknown
	// when the diagnosis could not run.
	State string `json:"state"`
	// Overall is the report's overall status (ok, warn, fail); empty when
	// the diagnosis could not run.
	Overall string         `json:"overall,omitempty"`
	Counts  health.Summary `json:"counts"`
	// Failing and Warning are the codes of the findings that failed, and
	// that warned or could not decide, sorted.
	Failing    []string `json:"failing,omitempty"`
	Warning    []string `json:"warning,omitempty"`
	DurationMS int64    `json:"duration_ms"`
	// Error says the diagnosis itself failed (no report); its text is not
	// kept, as it may name a path.
	Error bool `json:"error,omitempty"`
}

// Codes returns the codes of r's findings with status fail, and with
// warn or error, each sorted, deduplicated and filtered (see SafeCode).
func Codes(r health.Report) (failing, warning []string) {
	fail, warn := map[string]bool{}, map[string]bool{}
	for _, f := range r.Findings {
		c, ok := SafeCode(f.Code)
		if !ok {
			continue
		}
		switch f.Status {
		case health.StatusFail:
			fail[c] = true
		case health.StatusWarn, health.StatusError:
			warn[c] = true
		}
	}
	return sortedKeys(fail), sortedKeys(warn)
}

// SafeCode returns code when it is a finding code (letters, digits, '.',
// '-', '_', at most 40 characters), so nothing else reaches the history.
func SafeCode(code string) (string, bool) {
	if code == "" || len(code) > maxCodeLen {
		return "", false
	}
	for _, r := range code {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_", r)
		if !ok {
			return "", false
		}
	}
	return code, true
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	if len(out) > maxCodes {
		out = out[:maxCodes]
	}
	return out
}

// sanitize keeps only safe codes in r, at most maxCodes of each.
func sanitize(r Record) Record {
	clean := func(in []string) []string {
		var out []string
		for _, c := range in {
			if s, ok := SafeCode(c); ok && len(out) < maxCodes {
				out = append(out, s)
			}
		}
		return out
	}
	r.Failing, r.Warning = clean(r.Failing), clean(r.Warning)
	if _, ok := SafeCode(r.State); !ok {
		r.State = "unknown"
	}
	if _, ok := SafeCode(r.Overall); !ok {
		r.Overall = ""
	}
	r.Time = r.Time.UTC().Truncate(time.Millisecond)
	return r
}
