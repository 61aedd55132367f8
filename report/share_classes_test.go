package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
)

// TestRedactNestedMessages: files.sync names its examples inside one
// message per kind of problem; those names are redacted like any argument,
// the translation keys beside them are kept, and --reveal shows them.
func TestRedactNestedMessages(t *testing.T) {
	f := health.Finding{Check: "files.sync", Status: health.StatusWarn, Code: "WSD-FIL-002",
		Message: health.Msg("local.files_blocked", "count", 2, "files", 9, "classes", []health.Message{
			health.Msg("local.files.unsupported_type", "count", 4, "examples", []string{"…/项目/工资表.exe", "部署.msi", "…"}),
			health.Msg("local.files.invalid_name", "count", 1, "examples", []string{"合同:终稿.docx"},
				"chars", []string{"“:”", i18n.KeyRef + "local.files.name_trailing_dot"}),
		}),
		Evidence: map[string]any{"path": "/home/张伟/WPS云盘"}}
	rep := health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "zh-CN", time.Unix(0, 0), time.Second, []health.Finding{f})
	rep.Localize("zh-CN", i18n.T)
	cfg := redact.Config{Home: "/home/张伟", UserNames: []string{"张伟"}}
	for _, c := range []struct {
		name         string
		reveal       bool
		want, absent []string
	}{
		{"default", false,
			[]string{"<sync>/…/<name:2>/<name:3>.exe", "<sync>/<name:2>.msi", "…）", "<sync>/<name:5>.docx", "结尾的点"},
			[]string{"工资表", "项目", "部署", "合同", "终稿", "i18n:"}},
		{"reveal", true, []string{"…/项目/工资表.exe", "部署.msi", "合同:终稿.docx", "结尾的点"}, []string{"<name:", "i18n:"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cc := cfg
			cc.Reveal = c.reveal
			got := Redact(rep, cc).Findings[0].Text
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("text lacks %q: %s", w, got)
				}
			}
			for _, w := range c.absent {
				if strings.Contains(got, w) {
					t.Errorf("text shows %q: %s", w, got)
				}
			}
		})
	}
}

// TestRedactEvidenceFoldersOfShortenedExamples: the message names an
// example by its last components ("…/2024/setup.exe"); the folders above
// them, seen only in the evidence, are masked there too.
func TestRedactEvidenceFoldersOfShortenedExamples(t *testing.T) {
	f := health.Finding{Check: "files.sync", Status: health.StatusWarn, Code: "WSD-FIL-002",
		Message: health.Msg("local.files_blocked", "count", 1, "files", 2, "classes", []health.Message{
			health.Msg("local.files.unsupported_type", "count", 1, "examples", []string{"…/2024/setup.exe"})}),
		Evidence: map[string]any{"path": "/home/u/WPS云盘", "examples": map[string]any{
			"unsupported_type": []map[string]any{{"kind": "unsupported_type", "path": "机密项目/2024/setup.exe"}}}}}
	rep := health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", time.Unix(0, 0), time.Second, []health.Finding{f})
	rep.Localize("en", i18n.T)
	out := Redact(rep, redact.Config{Home: "/home/u"})
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "机密项目") {
		t.Errorf("the folder above a shortened example is shown: %s", b)
	}
}
