package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report"
	"wpsdoctor/report/redact"
)

// wordsReport is a report as check prints it: redacted for sharing, with
// evidence holding characters JSON escapes for HTML.
func wordsReport(lang string) health.Report {
	fs := []health.Finding{
		{Check: "files.sync", Area: health.AreaFiles, Status: health.StatusWarn, Code: "WSD-FIL-002",
			Message:  health.Msg("local.files_blocked", "count", 1, "files", 3, "classes", []health.Message{}),
			Evidence: map[string]any{"detail": "310 > 260", "rule": "a & b <c>"}},
		{Check: "dns.resolve", Area: health.AreaDNS, Status: health.StatusFail, Code: "WSD-DNS-002",
			Message: health.Msg("net.dns.nxdomain", "hosts", []string{"drive.wps.cn"}), Fixes: []string{health.FixDNSFlush, health.FixDNSSet}},
	}
	rep := health.NewReport(health.Tool{Name: "wpsdoctor"}, health.Host{OS: "linux"}, lang, time.Unix(0, 0), time.Second, fs)
	rep.Localize(lang, i18n.T)
	return report.Redact(rep, redact.Config{})
}

func TestRenderWords(t *testing.T) {
	cases := []struct {
		lang         string
		want, absent []string
	}{
		{i18n.English,
			[]string{`detail: "310 > 260"`, `rule: "a & b <c>"`, "Flush the DNS cache (dns.flush), Use public DNS servers (dns.set)", "each problem says what to do"},
			[]string{`\u003e`, `\u0026`, `\u003c`, "fix: dns.flush", "below"}},
		{i18n.Chinese,
			[]string{"刷新 DNS 缓存", "（dns.flush）", "每个问题都写明了该怎么做"},
			[]string{"下面"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			a := &app{lang: c.lang, verbose: true, getenv: func(string) string { return "" }}
			var b bytes.Buffer
			a.render(&b, wordsReport(c.lang))
			out := b.String()
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range c.absent {
				if strings.Contains(out, w) {
					t.Errorf("output contains %q:\n%s", w, out)
				}
			}
		})
	}
}
