package report

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// summaryReport has a problem with fixes (the top finding), a warning, a
// consequence it hides, information, a pass and a skip, and a private path.
func summaryReport() health.Report {
	fs := []health.Finding{
		{Check: "wps.installed", Area: "install", Status: health.StatusOK, Code: "WSD-INS-001",
			Message: health.Msg("local.installed", "version", "12.1.0.17900", "edition", i18n.KeyRef+"edition.mainland", "root", "/home/张伟/.local/share/wps")},
		{Check: "net.vpn", Area: "network", Status: health.StatusInfo, Code: "WSD-NET-041", Message: health.Msg("net.vpn.present", "ifaces", []string{"tun0"})},
		{Check: "clock.skew", Area: "clock", Status: health.StatusWarn, Code: "WSD-CLK-002", Fixes: []string{"clock.sync"},
			Message: health.Msg("net.tls.clock", "endpoints", "account.wps.cn:443")},
		{Check: "dns.resolve", Area: "dns", Status: health.StatusFail, Code: "WSD-DNS-002", Fixes: []string{"dns.flush", "dns.set"},
			Message: health.Msg("net.dns.nxdomain", "hosts", []string{"account.wps.cn", "drive.wps.cn"})},
		{Check: "net.tcp", Area: "network", Status: health.StatusSkipped, Code: "WSD-RUN-003", SuppressedBy: "dns.resolve",
			Message: health.Msg("runner.suppressed", "root", "dns.resolve")},
		{Check: "files.sync", Area: "files", Status: health.StatusSkipped, Code: "WSD-FIL-000", Message: health.Msg("local.files_no_root")},
	}
	r := health.NewReport(health.Tool{Name: "wpsdoctor", Version: "1.2.3"}, health.Host{OS: "linux", Arch: "amd64", OSVersion: "Debian GNU/Linux 12 (bookworm)"},
		"zh-CN", time.Date(2026, 12, 2, 3, 4, 5, 0, time.UTC), 2500*time.Millisecond, fs)
	return Redact(r, redact.Config{Home: "/home/张伟", UserNames: []string{"张伟"}})
}

// TestMarkdownGolden: the summary in each language, against testdata
// (go test ./report -run Golden -update rewrites them after a reviewed change).
func TestMarkdownGolden(t *testing.T) {
	rep := summaryReport()
	for _, lang := range []string{i18n.English, i18n.Chinese} {
		t.Run(lang, func(t *testing.T) {
			got := Markdown(rep, lang)
			path := filepath.Join("testdata", "summary."+lang+".md")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("Markdown(%s) differs from %s\ngot:\n%s\nwant:\n%s", lang, path, got, want)
			}
		})
	}
}

// TestMarkdownOrderAndEscaping: the top finding comes first, and text that
// Markdown would format or hide is escaped.
func TestMarkdownOrderAndEscaping(t *testing.T) {
	out := Markdown(summaryReport(), "en")
	top := strings.Index(out, "`dns.resolve`")
	for _, later := range []string{"`clock.skew`", "`net.vpn`", "`wps.installed`"} {
		if i := strings.Index(out, later); i < top || top < 0 {
			t.Errorf("%s at %d, top finding at %d: want the top finding first\n%s", later, i, top, out)
		}
	}
	if !strings.Contains(out, `~/.local/share/wps`) || strings.Contains(out, "张伟") {
		t.Errorf("the summary does not show the redacted path:\n%s", out)
	}
	f := health.Finding{Check: "x", Status: health.StatusWarn, Message: health.Msg("local.files_missing", "path", "<sync>/*a*|[b](c)\x1b[2J")}
	r := health.NewReport(health.Tool{}, health.Host{}, "en", time.Unix(0, 0), 0, []health.Finding{f})
	got := Markdown(r, "en")
	if !strings.Contains(got, `\<sync\>/\*a\*\|\[b\](c)\\x1b\[2J`) {
		t.Errorf("not escaped for Markdown and the terminal:\n%s", got)
	}
}
