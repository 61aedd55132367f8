package link

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report"
	"wpsdoctor/report/redact"
)

// Text renders a report as plain text for "Copy report": the verdict, then
// every finding that is not ok with its code, evidence and suggested fixes,
// so a helpdesk reading a chat message has what it needs. A copied report
// is made to be shared: it is redacted (report.Redact with this
// computer's roots: paths relative to ~ and the sync folder, account IDs
// masked, document names reduced to length and extension, no credentials
// or tokens) and free of control characters.
func Text(lang string, r health.Report) string {
	home, _ := os.UserHomeDir()
	return TextWith(lang, r, report.SystemRoots(home, os.Getenv))
}

// TextWith is Text with the redaction roots given.
func TextWith(lang string, r health.Report, roots redact.Config) string {
	r = report.Redact(r, roots)
	var b strings.Builder
	st := StateOf(r)
	fmt.Fprintf(&b, "%s\n", i18n.T(lang, "app.title", nil))
	fmt.Fprintf(&b, "%s\n", StatusLine(lang, st, &r))
	fmt.Fprintf(&b, "%s %s · %s/%s · %s\n", r.Tool.Name, r.Tool.Version, r.Host.OS, r.Host.Arch, r.GeneratedAt.Format("2006-01-02 15:04:05Z07:00"))
	shown := 0
	for _, f := range r.Findings {
		if f.Status == health.StatusOK || f.Status == health.StatusSkipped {
			continue
		}
		shown++
		text := f.Text
		if text == "" {
			text = i18n.T(lang, f.Message.Key, f.Message.Args)
		}
		fmt.Fprintf(&b, "\n[%s] %s %s: %s\n", strings.ToUpper(string(f.Status)), f.Code, f.Check, redact.EscapeText(text))
		keys := make([]string, 0, len(f.Evidence))
		for k := range f.Evidence {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "    %s = %s\n", redact.EscapeControls(k), redact.EscapeControls(evidenceText(f.Evidence[k])))
		}
		if len(f.Fixes) > 0 {
			fmt.Fprintf(&b, "    %s %s\n", i18n.T(lang, "app.fixes_suggested", nil), strings.Join(f.Fixes, ", "))
		}
	}
	if shown == 0 {
		fmt.Fprintf(&b, "\n%s\n", i18n.T(lang, "app.all_ok", map[string]any{"count": len(r.Findings)}))
	}
	return b.String()
}

// evidenceText is an evidence value as text: a string as it is, anything
// else as compact JSON.
func evidenceText(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	out := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	var s string
	if json.Unmarshal(out, &s) == nil {
		return s
	}
	return string(out)
}
