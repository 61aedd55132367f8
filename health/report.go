package health

import "time"

// SchemaVersion is the version of the Report JSON. Helpdesk scripts parse it:
// bump it on any incompatible change, and keep the golden test in step.
const SchemaVersion = 1

// Report is the result of one diagnosis run. Its JSON is a public interface.
type Report struct {
	SchemaVersion int       `json:"schema_version"`
	Tool          Tool      `json:"tool"`
	GeneratedAt   time.Time `json:"generated_at"`
	Lang          string    `json:"lang"`
	Host          Host      `json:"host"`
	Overall       Status    `json:"overall"`
	Summary       Summary   `json:"summary"`
	DurationMS    int64     `json:"duration_ms"`
	Findings      []Finding `json:"findings"`
}

// Tool identifies the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Host holds non-identifying facts about the computer. No host name, user
// name or address: reports are meant to be shared.
type Host struct {
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	OSVersion string `json:"os_version,omitempty"`
}

// Summary counts findings per status.
type Summary struct {
	OK      int `json:"ok"`
	Info    int `json:"info"`
	Warn    int `json:"warn"`
	Fail    int `json:"fail"`
	Error   int `json:"error"`
	Skipped int `json:"skipped"`
}

// NewReport assembles a report from findings and computes the verdict.
func NewReport(tool Tool, host Host, lang string, at time.Time, took time.Duration, findings []Finding) Report {
	if findings == nil {
		findings = []Finding{}
	}
	r := Report{
		SchemaVersion: SchemaVersion, Tool: tool, GeneratedAt: at.UTC().Truncate(time.Millisecond),
		Lang: lang, Host: host, DurationMS: ms(took), Findings: findings,
	}
	r.Overall = Overall(findings)
	for _, f := range findings {
		switch f.Status {
		case StatusOK:
			r.Summary.OK++
		case StatusInfo:
			r.Summary.Info++
		case StatusWarn:
			r.Summary.Warn++
		case StatusFail:
			r.Summary.Fail++
		case StatusError:
			r.Summary.Error++
		case StatusSkipped:
			r.Summary.Skipped++
		}
	}
	return r
}

// Overall is the verdict over findings: fail if anything fails, warn if
// anything warns or could not be checked, else ok (info does not count).
func Overall(findings []Finding) Status {
	worst := StatusOK
	for _, f := range findings {
		switch {
		case f.Status == StatusFail:
			return StatusFail
		case f.Status.Rank() == 2:
			worst = StatusWarn
		}
	}
	return worst
}

// Top returns the most severe finding that suggests a fix, or the most
// severe finding overall; the tray shows it as its one-line status.
func Top(findings []Finding) (Finding, bool) {
	best, ok := Finding{}, false
	for _, f := range findings {
		if f.Status.Rank() < 2 {
			continue
		}
		if !ok || f.Status.Rank() > best.Status.Rank() ||
			(f.Status.Rank() == best.Status.Rank() && len(best.Fixes) == 0 && len(f.Fixes) > 0) {
			best, ok = f, true
		}
	}
	return best, ok
}
