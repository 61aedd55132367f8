package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/term"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// symbols mark a status without colour, so the output reads on any
// terminal and in a pasted ticket.
var symbols = map[health.Status]string{
	health.StatusOK: "✓", health.StatusInfo: "i", health.StatusWarn: "!",
	health.StatusFail: "✗", health.StatusError: "?", health.StatusSkipped: "-",
}

var colours = map[health.Status]string{
	health.StatusOK: "\033[32m", health.StatusInfo: "\033[36m", health.StatusWarn: "\033[33m",
	health.StatusFail: "\033[31m", health.StatusError: "\033[35m", health.StatusSkipped: "\033[90m",
}

// useColour: only on a terminal, and never when NO_COLOR is set.
func (a *app) useColour(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb"
}

// render prints one line per finding, grouped by area, then the verdict.
func (a *app) render(w io.Writer, rep health.Report) {
	colour := a.useColour(w)
	paint := func(s health.Status, text string) string {
		if !colour {
			return text
		}
		return colours[s] + text + "\033[0m"
	}
	// A finding hidden by a failed root cause is not repeated line by line
	// (one problem, one finding): the root lists what it explains. -v
	// shows everything.
	explains := map[string][]string{}
	var shown []health.Finding
	for _, f := range rep.Findings {
		if f.SuppressedBy != "" && !a.verbose {
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
			fmt.Fprintf(w, "\n%s\n", a.t("area."+string(area)))
		}
		fmt.Fprintf(w, "  %s %-*s  %s", paint(f.Status, symbols[f.Status]), width, safe(f.Check), safeText(f.Text))
		if f.Code != "" && f.Status.Rank() >= 2 {
			fmt.Fprintf(w, "  [%s]", safe(f.Code))
		}
		fmt.Fprintln(w)
		indent := fmt.Sprintf("  %*s  ", width+1, "")
		if a.verbose {
			for _, k := range sortedKeys(f.Evidence) {
				fmt.Fprintf(w, "%s  %s: %s\n", indent, safe(k), safe(evidenceJSON(f.Evidence[k])))
			}
		}
		if len(f.Fixes) > 0 && f.Status.Rank() >= 2 {
			fmt.Fprintf(w, "%s→ %s\n", indent, a.t("cli.suggested_fix", "fixes", a.fixTitles(f.Fixes)))
		}
		if deps := explains[f.Check]; len(deps) > 0 {
			fmt.Fprintf(w, "%s→ %s\n", indent, a.t("cli.explains", "checks", safe(strings.Join(deps, ", "))))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, paint(rep.Overall, a.t("overall."+string(rep.Overall))))
	s := rep.Summary
	fmt.Fprintln(w, a.t("cli.summary", "ok", s.OK+s.Info, "warn", s.Warn, "fail", s.Fail, "error", s.Error,
		"skipped", s.Skipped, "seconds", fmt.Sprintf("%.1f", float64(rep.DurationMS)/1000)))
}

// fixTitles names each fix the way a person reads it, with its ID beside
// the title for helpdesk use ("Flush the DNS cache (dns.flush)"); a fix
// without a title (from a newer catalogue) is shown by its ID.
func (a *app) fixTitles(ids []string) string {
	table, _ := i18n.Table(a.lang)
	parts := make([]string, len(ids))
	for i, id := range ids {
		key := "fix." + id + ".title"
		if _, ok := table[key]; !ok {
			parts[i] = safe(id)
			continue
		}
		parts[i] = a.t("cli.fix_item", "title", i18n.KeyRef+key, "id", id)
	}
	return strings.Join(parts, ", ")
}

// evidenceJSON is one evidence value as compact JSON, without HTML
// escaping (so "<sync>" reads as written).
func evidenceJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("%q", err.Error())
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// sortedKeys is used for stable evidence printing.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
