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
	lang = i18n.Normalize(lang)
	t := func(key string, kv ...any) string {
		m := health.Msg(key, kv...)
		return i18n.T(lang, m.Key, m.Args)
	}
	text := func(f health.Finding) string {
		return i18n.T(lang, f.Message.Key, f.Message.Args)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", md(t("report.md.title")))
	fmt.Fprintf(&b, "**%s**\n\n", md(t("overall."+string(rep.Overall))))
	osText := rep.Host.OS + "/" + rep.Host.Arch
	if rep.Host.OSVersion != "" {
		osText += " (" + rep.Host.OSVersion + ")"
	}
	fmt.Fprintf(&b, "%s\n", md(t("report.md.generated", "time", rep.GeneratedAt.UTC().Format("2006-01-02 15:04:05 UTC"),
		"tool", strings.TrimSpace(rep.Tool.Name+" "+rep.Tool.Version), "os", osText)))

	top, hasTop := health.Top(rep.Findings)
	item := func(f health.Finding) {
		fmt.Fprintf(&b, "- **%s** · `%s`", md(t("status."+string(f.Status))), code(f.Check))
		if f.Code != "" {
			fmt.Fprintf(&b, " · `%s`", code(f.Code))
		}
		fmt.Fprintf(&b, "  \n  %s\n", md(text(f)))
		if len(f.Fixes) > 0 && f.Status.Rank() >= 2 {
			fixes := make([]string, len(f.Fixes))
			for i, x := range f.Fixes {
				fixes[i] = md(fixTitle(lang, x))
			}
			fmt.Fprintf(&b, "  %s %s\n", md(t("report.md.fixes")), strings.Join(fixes, ", "))
		}
	}
	if hasTop {
		fmt.Fprintf(&b, "\n## %s\n\n", md(t("report.md.top")))
		item(top)
	}

	var problems, infos, fine []health.Finding
	for _, f := range rep.Findings {
		if hasTop && f.Check == top.Check {
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
	if len(problems) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", md(t("report.md.other")))
		for _, f := range problems {
			item(f)
		}
	}
	if len(infos) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", md(t("report.md.info")))
		for _, f := range infos {
			item(f)
		}
	}
	if len(fine) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", md(t("report.md.rest")))
		for _, f := range fine {
			line := text(f)
			if f.SuppressedBy != "" {
				line = t("report.md.hidden_by", "check", f.SuppressedBy)
			}
			fmt.Fprintf(&b, "- %s `%s`: %s\n", md(t("status."+string(f.Status))), code(f.Check), md(line))
		}
	}
	if len(rep.Findings) == 0 {
		fmt.Fprintf(&b, "\n%s\n", md(t("report.md.no_findings")))
	}
	s := rep.Summary
	fmt.Fprintf(&b, "\n%s\n", md(t("cli.summary", "ok", s.OK+s.Info, "warn", s.Warn, "fail", s.Fail, "error", s.Error,
		"skipped", s.Skipped, "seconds", fmt.Sprintf("%.1f", float64(rep.DurationMS)/1000))))
	return b.String()
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
