package guide

import (
	"fmt"
	"io"
	"strings"

	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
)

// TextOptions say how WriteText renders the steps.
type TextOptions struct {
	Lang string
	// FixHint is how to run a fix here (the CLI: "wpsdoctor fix ID"); nil
	// names the fix only.
	FixHint func(id string) string
	// ReportHint is how to make the report here, under the report step;
	// "" adds nothing.
	ReportHint string
}

// WriteText writes the numbered steps with their links and fixes. Every
// value is escaped for a terminal (a catalogue override's URL included).
func WriteText(w io.Writer, r Resolved, o TextOptions) {
	fmt.Fprintln(w, i18n.T(o.Lang, "guide.steps", nil))
	width := len(fmt.Sprint(len(r.Steps)))
	indent := strings.Repeat(" ", width+4)
	for _, s := range r.Steps {
		fmt.Fprintf(w, "  %*d. %s\n", width, s.N, redact.EscapeText(s.Text))
		for _, l := range s.Links {
			line := redact.EscapeControls(l.URL)
			if len(s.Links) > 1 {
				line = i18n.T(o.Lang, "guide.link_of", map[string]any{"url": line, "family": FamilyName(o.Lang, l.Family)})
			}
			fmt.Fprintf(w, "%s→ %s\n", indent, line)
		}
		if s.Fix != "" {
			fix := FixName(o.Lang, s.Fix)
			if o.FixHint != nil {
				fix = i18n.T(o.Lang, "guide.fix_run", map[string]any{"fix": fix, "command": o.FixHint(s.Fix)})
			}
			fmt.Fprintf(w, "%s→ %s\n", indent, i18n.T(o.Lang, "guide.fix", map[string]any{"fix": fix}))
		}
		if s.Report && o.ReportHint != "" {
			fmt.Fprintf(w, "%s→ %s\n", indent, o.ReportHint)
		}
	}
}

// FamilyName names a family in lang ("mainland (wps.cn)"); a family the
// translations do not know is shown by its catalogue name.
func FamilyName(lang, family string) string {
	key := i18n.MemberKey("account.family", family)
	if s := i18n.T(lang, key, nil); s != key {
		return s
	}
	return redact.EscapeControls(family)
}

// FixName is a fix's title with its ID ("Sign in again (wps.resignin)"),
// or the ID alone when it has no title.
func FixName(lang, id string) string {
	key := i18n.FixTitleKey(id)
	title := i18n.T(lang, key, nil)
	if title == key {
		return redact.EscapeControls(id)
	}
	return title + " (" + redact.EscapeControls(id) + ")"
}

// Table is the README's "Symptom guide" table in lang: every symptom
// with its ID and the checks it runs first. A test holds the README to it.
func Table(lang string) (string, error) {
	all, err := Symptoms()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("| symptom | `wpsdoctor guide …` | checks it runs first |\n|---|---|---|\n")
	for _, s := range all {
		checks := make([]string, len(s.Checks))
		for i, c := range s.Checks {
			checks[i] = "`" + c + "`"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", strings.ReplaceAll(s.Title.In(lang), "|", `\|`), s.ID, strings.Join(checks, ", "))
	}
	return b.String(), nil
}
