package network

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/health/wording"
	"wpsdoctor/i18n"
	"wpsdoctor/netprobe"
	"wpsdoctor/platform/netinfo"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// representative builds the network findings issue 17 read in both
// languages, each from the check's own verdict function.
func representative() []health.Finding {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	mainland := familyReach{Family: "mainland", Name: "WPS mainland (wps.cn)", Host: "account.wps.cn", Resolved: true}
	intl := familyReach{Family: "international", Name: "WPS international (wps.com)", Host: "account.wps.com", Resolved: true}
	mainlandDown, intlUp := mainland, intl
	mainlandDown.TCP, intlUp.TCP, intlUp.MS = netprobe.TCPTimeout, netprobe.TCPOK, 40
	mainlandSlow := mainland
	mainlandSlow.TCP, mainlandSlow.MS = netprobe.TCPOK, 310

	zero := 0.0
	expired := func(offset *float64) []*tlsResult {
		return []*tlsResult{{Host: "drive.wps.cn", Port: 443, ClockOffsetMS: offset, Result: netprobe.TLSResult{
			Outcome: netprobe.TLSExpired, NotBefore: now.AddDate(-1, 0, 0), NotAfter: now.AddDate(0, -1, 0)}}}
	}
	s := &session{o: Options{PlainHTTPPorts: []int{80}}}
	dropped := []tcpResult{
		{Host: "account.wps.cn", Port: 443, Result: netprobe.TCPResult{Outcome: netprobe.TCPTimeout}},
		{Host: "drive.wps.cn", Port: 443, Result: netprobe.TCPResult{Outcome: netprobe.TCPTimeout}},
		{Host: "account.wps.cn", Port: 80, Result: netprobe.TCPResult{Outcome: netprobe.TCPOK, MS: 30}},
	}
	deadProxy := []*proxyUse{{Config: netinfo.Proxy{Source: "env", Mode: netinfo.ModeManual}, Via: "http://10.0.0.1:3128",
		Probe: &netprobe.ProxyCheck{TCP: netprobe.TCPRefused}}}
	return []health.Finding{
		regionFinding("mainland", []familyReach{mainlandDown, intlUp}, 100),
		regionFinding("mainland", []familyReach{mainlandSlow, intlUp}, 100),
		tlsFinding(expired(&zero), now),
		tlsFinding(expired(nil), now),
		tcpFinding(s, dropped, nil),
		proxyFinding(deadProxy, nil),
	}
}

func TestFindingsFollowTheRule(t *testing.T) {
	for _, f := range representative() {
		t.Run(f.Code+"/"+f.Message.Key, func(t *testing.T) {
			if f.Status == health.StatusOK {
				t.Fatalf("%s is ok: the fixture no longer makes the problem", f.Code)
			}
			for _, p := range wording.Problems(f) {
				t.Error(p)
			}
		})
	}
}

// TestFindingTextsGolden: the rendered texts, read by a person
// (testdata/findings.golden; go test -update rewrites it).
func TestFindingTextsGolden(t *testing.T) {
	var b strings.Builder
	for _, f := range representative() {
		fixes := strings.Join(f.Fixes, ", ")
		if fixes == "" {
			fixes = "-"
		}
		fmt.Fprintf(&b, "== %s %s (%s) fixes: %s\n", f.Code, f.Message.Key, f.Status, fixes)
		for _, lang := range []string{i18n.English, i18n.Chinese} {
			fmt.Fprintf(&b, "[%s] %s\n", lang, i18n.T(lang, f.Message.Key, f.Message.Args))
		}
		b.WriteString("\n")
	}
	path := filepath.Join("testdata", "findings.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("rendered texts differ from %s (go test -update rewrites it after review)\ngot:\n%s\nwant:\n%s", path, b.String(), want)
	}
}

// TestExpiredCertificateClockWording: when the server's own time was read
// and the certificate is expired by it too, the clock is not the cause and
// the message does not hedge on it; only when that time is unknown does
// it point at the clock check.
func TestExpiredCertificateClockWording(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	zero := 0.0
	for _, c := range []struct {
		name       string
		offset     *float64
		key        string
		mentionsCk bool
	}{
		{"server time read", &zero, "net.tls.expired", false},
		{"server time unknown", nil, "net.tls.expired_unverified", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := tlsFinding([]*tlsResult{{Host: "drive.wps.cn", Port: 443, ClockOffsetMS: c.offset, Result: netprobe.TLSResult{
				Outcome: netprobe.TLSExpired, NotBefore: now.AddDate(-1, 0, 0), NotAfter: now.AddDate(0, -1, 0)}}}, now)
			if f.Code != CodeTLSExpired || f.Message.Key != c.key {
				t.Fatalf("got %s %s, want %s %s", f.Code, f.Message.Key, CodeTLSExpired, c.key)
			}
			text := i18n.T(i18n.English, f.Message.Key, f.Message.Args)
			if got := strings.Contains(text, "computer's clock"); got != c.mentionsCk {
				t.Errorf("mentions this computer's clock = %v, want %v: %q", got, c.mentionsCk, text)
			}
		})
	}
}
