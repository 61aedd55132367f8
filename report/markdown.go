package report

import (
	"fmt"
	"sort"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
)

// Markdown renders a report as a human summary in lang: the verdict, the
// top finding (the one the tray shows) first with its suggested fixes, then
// the other problems by severity, what is worth knowing, and what passed or
// was not checked. The texts are rendered from the findings' messages, so
// one (redacted) report reads in either language. Every value is escaped
// for Markdown and for a terminal.
func Markdown(rep health.Report, lang string) string {
	m := &mdWriter{lang: i18n.Normalize(lang)}
	m.header(rep)
	top, hasTop := health.Top(rep.Findings)
	if hasTop {
		fmt.Fprintf(&m.b, "\n## %s\n\n", md(m.t("report.md.top")))
		m.item(top)
	}
	var problems, infos, fine []health.Finding
	for _, f := range rep.Findings {
		if hasTop && f.Check == top.Check && f.Code == top.Code {
			continue
		}
		switch {
		case f.SuppressedBy != "" || f.Status == health.StatusOK || f.Status == health.StatusSkipped:
			fine = append(fine, f)
		case f.Status.Rank() >= 2:
			problems = append(problems, f)
		default:
			infos = append(infos, f)
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Status.Rank() > problems[j].Status.Rank() })
	m.section("report.md.other", problems)
	m.section("report.md.info", infos)
	m.rest(fine)
	if len(rep.Findings) == 0 {
		fmt.Fprintf(&m.b, "\n%s\n", md(m.t("report.md.no_findings")))
	}
	s := rep.Summary
	fmt.Fprintf(&m.b, "\n%s\n", md(m.t("cli.summary", "ok", s.OK+s.Info, "warn", s.Warn, "fail", s.Fail, "error", s.Error,
		"skipped", s.Skipped, "seconds", fmt.Sprintf("%.1f", float64(rep.DurationMS)/1000))))
	return m.b.String()
}

// mdWriter writes one Markdown summary in one language.
type mdWriter struct {
	lang string
	b    strings.Builder
}

func (m *mdWriter) t(key string, kv ...any) string {
	msg := health.Msg(key, kv...)
	return i18n.T(m.lang, msg.Key, msg.Args)
}

func (m *mdWriter) text(f health.Finding) string {
	return i18n.T(m.lang, f.Message.Key, f.Message.Args)
}

// header: the title, the verdict and when, by what, on what it was checked.
func (m *mdWriter) header(rep health.Report) {
	fmt.Fprintf(&m.b, "# %s\n\n", md(m.t("report.md.title")))
	fmt.Fprintf(&m.b, "**%s**\n\n", md(m.t(i18n.OverallKey(string(rep.Overall)))))
	osText := rep.Host.OS + "/" + rep.Host.Arch
	if rep.Host.OSVersion != "" {
		osText += " (" + rep.Host.OSVersion + ")"
	}
	fmt.Fprintf(&m.b, "%s\n", md(m.t("report.md.generated", "time", rep.GeneratedAt.UTC().Format("2006-01-02 15:04:05 UTC"),
		"tool", strings.TrimSpace(rep.Tool.Name+" "+rep.Tool.Version), "os", osText)))
}

// item is one finding with its status, check, code, text and fixes.
func (m *mdWriter) item(f health.Finding) {
	fmt.Fprintf(&m.b, "- **%s** · `%s`", md(m.t(i18n.StatusKey(string(f.Status)))), code(f.Check))
	if f.Code != "" {
		fmt.Fprintf(&m.b, " · `%s`", code(f.Code))
	}
	fmt.Fprintf(&m.b, "  \n  %s\n", md(m.text(f)))
	if len(f.Fixes) > 0 && f.Status.Rank() >= 2 {
		fixes := make([]string, len(f.Fixes))
		for i, x := range f.Fixes {
			fixes[i] = md(fixTitle(m.lang, x))
		}
		fmt.Fprintf(&m.b, "  %s %s\n", md(m.t("report.md.fixes")), strings.Join(fixes, ", "))
	}
}

// section is a heading and its findings, or nothing when there are none.
func (m *mdWriter) section(heading string, fs []health.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(&m.b, "\n## %s\n\n", md(m.t(heading)))
	for _, f := range fs {
		m.item(f)
	}
}

// rest lists what is fine, skipped, or hidden behind a root cause, one
// line each.
func (m *mdWriter) rest(fs []health.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(&m.b, "\n## %s\n\n", md(m.t("report.md.rest")))
	for _, f := range fs {
		line := m.text(f)
		if f.SuppressedBy != "" {
			line = m.t("report.md.hidden_by", "check", f.SuppressedBy)
		}
		fmt.Fprintf(&m.b, "- %s `%s`: %s\n", md(m.t(i18n.StatusKey(string(f.Status)))), code(f.Check), md(line))
	}
}

// mdSpecial are the characters that would format, link or hide text in
// Markdown (a "<sync>" read as an HTML tag would vanish).
var mdSpecial = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `#`, `\#`, "\n", " ", "\t", " ",
)

// md escapes free text for one Markdown line.
func md(s string) string { return mdSpecial.Replace(redact.EscapeText(s)) }

// code makes s fit inside a `code span`.
func code(s string) string { return strings.ReplaceAll(redact.EscapeControls(s), "`", "'") }
