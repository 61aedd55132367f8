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

func plantedReport() health.Report {
	fs := []health.Finding{
		{Check: "files.sync", Status: health.StatusWarn, Code: "WSD-FIL-002",
			Message: health.Msg("local.files_problems", "count", 1, "files", 3, "first", "项目/工资表.exe (unsupported_type)"),
			Evidence: map[string]any{"path": "/home/张伟/WPS云盘", "files": 3,
				"examples": map[string]any{"unsupported_type": []map[string]any{{"kind": "unsupported_type", "path": "项目/工资表.exe"}}}}},
		{Check: "wps.syncdb", Status: health.StatusWarn, Code: "WSD-CLI-011", Message: health.Msg("local.syncdb_errors", "count", 1),
			Evidence: map[string]any{
				"databases": []string{"/home/张伟/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.212320004/syncassistant.db"},
				"errors": []map[string]string{{"file_name": "年度报告.docx", "cloud_path": "/我的云文档/年度报告.docx",
					"error_msg": "上传 年度报告.docx 失败 sid=abcdef123456"}},
			}},
	}
	r := health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", time.Unix(0, 0), time.Second, fs)
	r.Localize("en", i18n.T)
	return r
}

func TestRedact(t *testing.T) {
	in := plantedReport()
	before, _ := json.Marshal(in)
	cfg := redact.Config{Home: "/home/张伟", UserNames: []string{"张伟"}}
	for _, tc := range []struct {
		name         string
		reveal       bool
		want, absent []string
	}{
		{"default", false,
			[]string{`"path":"<sync>"`, `<sync>/<name:2>/<name:3>.exe (unsupported_type)`, `"path":"<name:2>/<name:3>.exe"`,
				`.***004`, `"file_name":"<name:4>.docx"`, `"/<name:5>/<name:4>.docx"`, `上传 <name:4>.docx 失败 sid=<redacted>`},
			[]string{"张伟", "212320004", "年度报告", "工资表", "项目", "abcdef123456", "我的云文档"}},
		{"reveal", true,
			[]string{"/home/张伟/WPS云盘", "项目/工资表.exe (unsupported_type)", "212320004", "年度报告.docx", "sid=<redacted>"},
			[]string{"abcdef123456"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			c.Reveal = tc.reveal
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(Redact(in, c)); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("redacted report lacks %q:\n%s", w, out)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(out, a) {
					t.Errorf("redacted report shows %q:\n%s", a, out)
				}
			}
		})
	}
	after, _ := json.Marshal(in)
	if string(before) != string(after) {
		t.Errorf("Redact changed its input:\n%s\n%s", before, after)
	}
}

// TestSyncRootFromStorage: a light report (the tray's quick run) has no
// files.sync; storage.disk names the sync folder it measured.
func TestSyncRootFromStorage(t *testing.T) {
	fs := []health.Finding{{Check: "storage.disk", Status: health.StatusOK, Message: health.Msg("local.disk_ok", "free", "1 GiB", "path", "/home/u/Sync盘"),
		Evidence: map[string]any{"path": "/home/u/Sync盘", "measured_on": "sync_root"}}}
	r := health.NewReport(health.Tool{}, health.Host{}, "en", time.Unix(0, 0), 0, fs)
	r.Localize("en", i18n.T)
	out := Redact(r, redact.Config{})
	if got := out.Findings[0].Text; !strings.Contains(got, "<sync>") || strings.Contains(got, "Sync盘") {
		t.Errorf("text = %q, want the sync folder as <sync>", got)
	}
}
