package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
)

// Symbols mark a status without colour, so a text report reads on any
// terminal and in a pasted ticket.
var Symbols = map[health.Status]string{
	health.StatusOK: "✓", health.StatusInfo: "i", health.StatusWarn: "!",
	health.StatusFail: "✗", health.StatusError: "?", health.StatusSkipped: "-",
}

// colours are the ANSI colours of the statuses on a terminal.
var colours = map[health.Status]string{
	health.StatusOK: "\033[32m", health.StatusInfo: "\033[36m", health.StatusWarn: "\033[33m",
	health.StatusFail: "\033[31m", health.StatusError: "\033[35m", health.StatusSkipped: "\033[90m",
}

// TextOptions say how WriteText renders a report.
type TextOptions struct {
	// Lang is the language of the headings and the verdict; the findings'
	// texts are the report's own (Report.Localize).
	Lang string
	// Verbose shows the evidence under each finding, and the findings a
	// failed root cause hides.
	Verbose bool
	// Colour paints the status symbols and the verdict (a terminal).
	Colour bool
	// Paths lists under a finding the full paths it names (its "paths"
	// evidence: the files behind its examples), one per line; the CLI's
	// --reveal, for the user's own screen. Verbose shows them anyway.
	Paths bool
}

// WriteText writes the report as the console tool prints it: one line per
// finding, grouped by area, then the verdict and the counts. Every value is
// escaped for a terminal (no control characters, no bidi overrides).
func WriteText(w io.Writer, rep health.Report, o TextOptions) {
	t := func(key string, kv ...any) string {
		m := health.Msg(key, kv...)
		return i18n.T(o.Lang, m.Key, SafeArgs(m.Args))
	}
	paint := func(s health.Status, text string) string {
		if !o.Colour {
			return text
		}
		return colours[s] + text + "\033[0m"
	}
	// A finding hidden by a failed root cause is not repeated line by line
	// (one problem, one finding): the root lists what it explains.
	explains := map[string][]string{}
	var shown []health.Finding
	for _, f := range rep.Findings {
		if f.SuppressedBy != "" && !o.Verbose {
			explains[f.SuppressedBy] = append(explains[f.SuppressedBy], f.Check)
			continue
		}
		shown = append(shown, f)
	}
	width := 0
	for _, f := range shown {
		width = max(width, len(f.Check))
	}
	var area health.Area
	for _, f := range shown {
		if f.Area != area {
			area = f.Area
			fmt.Fprintf(w, "\n%s\n", t(i18n.AreaKey(string(area))))
		}
		fmt.Fprintf(w, "  %s %-*s  %s", paint(f.Status, Symbols[f.Status]), width, safe(f.Check), safeText(f.Text))
		if f.Code != "" && f.Status.Rank() >= 2 {
			fmt.Fprintf(w, "  [%s]", safe(f.Code))
		}
		fmt.Fprintln(w)
		indent := fmt.Sprintf("  %*s  ", width+1, "")
		if o.Verbose {
			for _, k := range sortedKeys(f.Evidence) {
				fmt.Fprintf(w, "%s  %s: %s\n", indent, safe(k), safe(EvidenceJSON(f.Evidence[k])))
			}
		} else if o.Paths {
			for _, p := range f.Paths() {
				fmt.Fprintf(w, "%s  %s\n", indent, safe(p))
			}
		}
		if len(f.Fixes) > 0 && f.Status.Rank() >= 2 {
			fmt.Fprintf(w, "%s→ %s\n", indent, t("cli.suggested_fix", "fixes", fixTitles(o.Lang, f.Fixes)))
		}
		if deps := explains[f.Check]; len(deps) > 0 {
			fmt.Fprintf(w, "%s→ %s\n", indent, t("cli.explains", "checks", safe(strings.Join(deps, ", "))))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, paint(rep.Overall, t(i18n.OverallKey(string(rep.Overall)))))
	s := rep.Summary
	fmt.Fprintln(w, t("cli.summary", "ok", s.OK+s.Info, "warn", s.Warn, "fail", s.Fail, "error", s.Error,
		"skipped", s.Skipped, "seconds", fmt.Sprintf("%.1f", float64(rep.DurationMS)/1000)))
}

// Text is WriteText into a string.
func Text(rep health.Report, o TextOptions) string {
	var b strings.Builder
	WriteText(&b, rep, o)
	return b.String()
}

// fixTitles names each fix the way a person reads it, with its ID beside
// the title for helpdesk use ("Flush the DNS cache (dns.flush)"); a fix
// without a title (from a newer catalogue) is shown by its ID.
func fixTitles(lang string, ids []string) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fixTitle(lang, id)
	}
	return strings.Join(parts, ", ")
}

// fixTitle is one fix's title with its ID, or the ID alone.
func fixTitle(lang, id string) string {
	table, _ := i18n.Table(lang)
	key := i18n.FixTitleKey(id)
	if _, ok := table[key]; !ok {
		return safe(id)
	}
	return i18n.T(lang, "cli.fix_item", map[string]any{"title": i18n.KeyRef + key, "id": safe(id)})
}

// ShareText is a report as it is copied to a helpdesk ("Copy report"):
// redacted with cfg (this computer's roots; see product.Sharing) and with
// the evidence under each finding.
func ShareText(rep health.Report, lang string, cfg redact.Config) string {
	rep = Redact(rep, cfg)
	var b strings.Builder
	host := strings.TrimSpace(rep.Host.OS + "/" + rep.Host.Arch + " " + rep.Host.OSVersion)
	fmt.Fprintf(&b, "%s · %s %s · %s · %s\n", i18n.T(lang, "app.title", nil), safe(rep.Tool.Name), safe(rep.Tool.Version),
		safe(host), rep.GeneratedAt.Format("2006-01-02 15:04:05Z07:00"))
	WriteText(&b, rep, TextOptions{Lang: lang, Verbose: true})
	return b.String()
}

// EvidenceJSON is one evidence value as compact JSON, without HTML
// escaping (so "<sync>" reads as written).
func EvidenceJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("%q", err.Error())
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// safe makes one value safe to print on a terminal line.
func safe(s string) string { return redact.EscapeControls(s) }

// safeText is safe for multi-line text (newlines and tabs kept).
func safeText(s string) string { return redact.EscapeText(s) }

// SafeArgs returns message arguments with their text made safe to print
// on a terminal or in a text view.
func SafeArgs(args map[string]any) map[string]any {
	if args == nil {
		return nil
	}
	out := make(map[string]any, len(args))
	for k, v := range args {
		switch x := v.(type) {
		case string:
			out[k] = safe(x)
		case []string:
			y := make([]string, len(x))
			for i, s := range x {
				y[i] = safe(s)
			}
			out[k] = y
		default:
			out[k] = v
		}
	}
	return out
}
