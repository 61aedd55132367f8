// Package health holds the diagnosis model (checks, findings, reports) and
// the runner that executes checks concurrently. It never changes the system
// and never imports a GUI toolkit, so the CLI, the tray and the agent share it.
package health

import (
	"encoding/json"
	"fmt"
	"time"
)

// Status is the outcome of one check. The order of the constants is the
// order of severity used for the overall status.
type Status string

const (
	StatusOK      Status = "ok"      // nothing wrong
	StatusInfo    Status = "info"    // worth knowing, not a problem
	StatusSkipped Status = "skipped" // not run: not applicable, or hidden by a failed root cause
	StatusWarn    Status = "warn"    // sync may be degraded
	StatusError   Status = "error"   // the check itself could not decide (timeout, panic, unreadable input)
	StatusFail    Status = "fail"    // sync or sign-in cannot work
)

// Rank orders statuses by severity for the overall verdict. An error ranks
// with warn: we could not verify something, which is worth attention but is
// not proof that sync is broken.
func (s Status) Rank() int {
	switch s {
	case StatusOK, StatusSkipped:
		return 0
	case StatusInfo:
		return 1
	case StatusWarn, StatusError:
		return 2
	case StatusFail:
		return 3
	}
	return 2
}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusOK, StatusInfo, StatusSkipped, StatusWarn, StatusError, StatusFail:
		return true
	}
	return false
}

// Message is a translatable text: a key into the translation tables and the
// named arguments its template uses. Findings carry keys, not prose, so one
// report renders in either language at the edge.
type Message struct {
	Key  string         `json:"key"`
	Args map[string]any `json:"args,omitempty"`
}

// Msg builds a Message from a key and alternating name/value pairs.
func Msg(key string, kv ...any) Message {
	m := Message{Key: key}
	if len(kv) > 0 {
		m.Args = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m.Args[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return m
}

// I18nMessage lets a Message be an argument of another: i18n renders it,
// or a list of them, in the same language (one sentence per part).
func (m Message) I18nMessage() (string, map[string]any) { return m.Key, m.Args }

// Finding is what one check observed.
type Finding struct {
	Check   string  `json:"check"`
	Area    Area    `json:"area"`
	Status  Status  `json:"status"`
	Code    string  `json:"code"`
	Message Message `json:"message"`
	// Text is Message rendered in the report's language; filled by the edge
	// that renders the report (CLI, tray), empty in the raw model.
	Text string `json:"text,omitempty"`
	// Evidence holds the measured values behind the verdict (offsets,
	// answers, paths, sizes) so a helpdesk can check the reasoning.
	Evidence map[string]any `json:"evidence,omitempty"`
	// Fixes are IDs of fixes from the fix catalogue that address this finding.
	Fixes []string `json:"fixes,omitempty"`
	// SuppressedBy names the failed check that hides this one.
	SuppressedBy string `json:"suppressed_by,omitempty"`
	// DurationMS is how long the check ran.
	DurationMS int64 `json:"duration_ms"`
	// More are further findings of the same check, one per class of
	// problem it tells apart (files.sync: programs, files over the limit,
	// invalid names… each with its own code, examples and remedy). The
	// runner lists them after this one as findings of their own, so a
	// report never holds a finding with More.
	More []Finding `json:"-"`
}

// Convenience constructors keep check code short and uniform.

// OK returns a passing finding.
func OK(code string, m Message) Finding { return Finding{Status: StatusOK, Code: code, Message: m} }

// Info returns an informational finding.
func Info(code string, m Message) Finding { return Finding{Status: StatusInfo, Code: code, Message: m} }

// Warn returns a warning finding.
func Warn(code string, m Message) Finding { return Finding{Status: StatusWarn, Code: code, Message: m} }

// Fail returns a failing finding.
func Fail(code string, m Message) Finding { return Finding{Status: StatusFail, Code: code, Message: m} }

// Skip returns a finding for a check that does not apply here.
func Skip(code string, m Message) Finding {
	return Finding{Status: StatusSkipped, Code: code, Message: m}
}

// Errorf returns a finding for a check that could not decide.
func Errorf(code string, m Message) Finding {
	return Finding{Status: StatusError, Code: code, Message: m}
}

// With adds evidence and returns the finding, for chaining.
func (f Finding) With(key string, value any) Finding {
	if f.Evidence == nil {
		f.Evidence = map[string]any{}
	}
	f.Evidence[key] = value
	return f
}

// And adds further findings of the same check (see More) and returns
// the finding, for chaining.
func (f Finding) And(more ...Finding) Finding {
	f.More = append(f.More, more...)
	return f
}

// Paths returns the full paths of the files a finding is about (its
// "paths" evidence: files.sync's examples), for "Show in folder" and the
// CLI's --reveal; the evidence may be as the check made it ([]string), as
// JSON decoded it ([]any) or as redaction left it (json.RawMessage).
func (f Finding) Paths() []string {
	v, ok := f.Evidence["paths"]
	if !ok {
		return nil
	}
	if ps, ok := v.([]string); ok {
		return ps
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var ps []string
	if json.Unmarshal(data, &ps) != nil {
		return nil
	}
	return ps
}

// Suggest adds fix IDs and returns the finding, for chaining.
func (f Finding) Suggest(fixIDs ...string) Finding {
	f.Fixes = append(f.Fixes, fixIDs...)
	return f
}

// ms converts a duration to whole milliseconds for JSON.
func ms(d time.Duration) int64 { return d.Milliseconds() }
