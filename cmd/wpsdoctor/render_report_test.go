package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/product"
	"wpsdoctor/report"
)

// renderCases are reports with every shape the CLI's renderer handles:
// several areas, a suppressed consequence, fixes, evidence, codes, control
// characters in texts and values, and a real diagnosis of this computer.
func renderCases(t *testing.T) map[string]health.Report {
	t.Helper()
	fs := []health.Finding{
		{Check: "wps.installed", Area: "install", Status: health.StatusOK, Code: "WSD-INS-001",
			Message: health.Msg("local.installed", "version", "12.1.0.17900", "edition", i18n.KeyRef+"edition.mainland", "root", "/opt/kingsoft\x1b[2J")},
		{Check: "net.online", Area: "network", Status: health.StatusFail, Code: "WSD-NET-001", Message: health.Msg("net.online.no_route"),
			Evidence: map[string]any{"routes": []string{}, "note": "a\u202eb"}},
		{Check: "net.tcp", Area: "network", Status: health.StatusSkipped, Code: "WSD-RUN-003", SuppressedBy: "net.online",
			Message: health.Msg("runner.suppressed", "root", "net.online")},
		{Check: "dns.resolve", Area: "dns", Status: health.StatusWarn, Code: "WSD-DNS-004", Fixes: []string{"dns.flush", "dns.set"},
			Message:  health.Msg("net.dns.slow", "ms", 812, "hosts", []string{"account.wps.cn", "drive\x07.wps.cn"}),
			Evidence: map[string]any{"slowest_ms": 812, "hosts": map[string]any{"account.wps.cn": "<sync>"}}},
		{Check: "storage.disk", Area: "storage", Status: health.StatusInfo, Code: "WSD-STO-009", Message: health.Msg("local.disk_ok", "free", "1 GiB", "path", "~")},
	}
	out := map[string]health.Report{}
	for _, lang := range []string{i18n.English, i18n.Chinese} {
		r := health.NewReport(health.Tool{Name: "wpsdoctor", Version: "t"}, health.Host{OS: "linux"}, lang, time.Unix(0, 0), 1234*time.Millisecond, slices.Clone(fs))
		r.Localize(lang, i18n.T)
		out["planted "+lang] = r
		empty := health.NewReport(health.Tool{}, health.Host{}, lang, time.Unix(0, 0), 0, nil)
		out["empty "+lang] = empty
	}
	p, err := product.Open(product.Options{Program: "wpsdoctor", Version: version})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.Diagnose(context.Background(), health.Options{Only: []string{"os.supported", "storage.disk", "wps.installed", "wps.version"}, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	rep.Localize("en", i18n.T)
	out["this computer"] = report.Redact(rep, p.Sharing(false))
	return out
}

// TestTextOutputGolden: the text check prints (report.WriteText, shared
// with "Copy report" and the bundle), plain and verbose, in both languages,
// byte for byte as the CLI's own renderer printed it before the two became
// one (testdata/text, made by that renderer).
func TestTextOutputGolden(t *testing.T) {
	for name, rep := range renderCases(t) {
		for _, verbose := range []bool{false, true} {
			a := &app{lang: rep.Lang, verbose: verbose, getenv: func(string) string { return "" }}
			var got bytes.Buffer
			a.render(&got, rep)
			if name == "this computer" {
				if got.Len() == 0 {
					t.Errorf("%s: nothing rendered", name)
				}
				continue
			}
			kind := map[bool]string{false: "plain", true: "verbose"}[verbose]
			base, _, _ := strings.Cut(name, " ")
			file := filepath.Join("testdata", "text", base+"."+kind+"."+rep.Lang+".golden")
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("%s: got\n%s\nwant (%s)\n%s", name, got.String(), file, want)
			}
		}
	}
}
