package link

import (
	"fmt"
	"sort"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// Text renders a report as plain text for "Copy report": the verdict, then
// every finding that is not ok with its code, evidence and suggested fixes,
// so a helpdesk reading a chat message has what it needs.
func Text(lang string, r health.Report) string {
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
		fmt.Fprintf(&b, "\n[%s] %s %s: %s\n", strings.ToUpper(string(f.Status)), f.Code, f.Check, text)
		keys := make([]string, 0, len(f.Evidence))
		for k := range f.Evidence {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "    %s = %v\n", k, f.Evidence[k])
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
