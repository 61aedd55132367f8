package report

import (
	"strings"
	"testing"
	"time"
	"wpsdoctor/i18n"

	"wpsdoctor/health"
	"wpsdoctor/report/redact"
)

// TestShareTextRedactsAndEscapes: "Copy report" text is made to be pasted in a
// ticket: no home path, user name, document name or token, and no control
// characters from file names.
func TestShareTextRedactsAndEscapes(t *testing.T) {
	fs := []health.Finding{
		{Check: "files.sync", Status: health.StatusWarn, Code: "WSD-FIL-002",
			Message:  health.Msg("local.files_problems", "count", 1, "files", 2, "first", "a\x1b]0;OWNED\x07.exe (unsupported_type)"),
			Evidence: map[string]any{"path": "/home/张伟/WPS云盘", "proxy": "socks5://alice:Pa55w0rd@127.0.0.1:1080"}},
		{Check: "wps.syncdb", Status: health.StatusWarn, Code: "WSD-CLI-011", Message: health.Msg("local.syncdb_errors", "count", 1),
			Evidence: map[string]any{"errors": []map[string]string{{"file_name": "年度报告.docx", "error_msg": "年度报告.docx: sid=V02Sabc123"}}}},
	}
	r := health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", time.Unix(0, 0), time.Second, fs)
	r.Localize("en", i18n.T)
	txt := ShareText(r, "en", redact.Config{Home: "/home/张伟", UserNames: []string{"张伟"}})
	for _, bad := range []string{"张伟", "年度报告", "V02Sabc123", "alice", "Pa55w0rd", "OWNED", "\x1b", "\x07"} {
		if strings.Contains(txt, bad) {
			t.Errorf("report text shows %q:\n%s", bad, txt)
		}
	}
	for _, want := range []string{"WPS Sync Doctor · t ", "linux/", "<sync>/<name:", `path: "<sync>"`, `"file_name":"<name:4>.docx"`, "sid=<redacted>", "socks5://127.0.0.1:1080"} {
		if !strings.Contains(txt, want) {
			t.Errorf("report text lacks %q:\n%s", want, txt)
		}
	}
}
