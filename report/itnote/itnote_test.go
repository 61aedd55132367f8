package itnote

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
)

type conn struct {
	Host   string `json:"host"`
	Port   int    `json:"port"`
	Result struct {
		Addr    string `json:"addr"`
		Outcome string `json:"outcome"`
	} `json:"result"`
}

func blockedReport(t *testing.T, clock health.Status, viaJSON bool) health.Report {
	t.Helper()
	var cs []conn
	for _, c := range []struct {
		host, out string
		port      int
	}{{"drive.wps.cn", "timeout", 443}, {"account.wps.cn", "reset", 443}, {"drive.wps.cn", "ok", 80}} {
		x := conn{Host: c.host, Port: c.port}
		x.Result.Outcome, x.Result.Addr = c.out, "203.0.113.7:443"
		cs = append(cs, x)
	}
	f := health.Fail("WSD-NET-012", health.Msg("net.tcp.network_filtered")).With("connections", cs).
		With(health.EvidenceBlockedOn, health.BlockedOnNetwork)
	f.Check = "net.tcp"
	r := health.NewReport(health.Tool{}, health.Host{}, "en", time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), time.Second,
		[]health.Finding{f, {Check: clockCheck, Status: clock, Code: "WSD-CLK-002"}})
	if viaJSON {
		b, _ := json.Marshal(r)
		var back health.Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		return back
	}
	return r
}

func TestTextListsHostsPortsAndMeasurements(t *testing.T) {
	for _, viaJSON := range []bool{false, true} {
		r := blockedReport(t, health.StatusOK, viaJSON)
		if !Offered(r) {
			t.Fatalf("viaJSON=%v: got Offered false, want true", viaJSON)
		}
		text := Text(r, catalog.Default(), "zh-CN")
		for _, want := range []string{"*.wps.cn", "*.wpscdn.cn", "*.kdocs.cn", "TCP 443", "TCP 80",
			"drive.wps.cn:443 (203.0.113.7:443): 无响应（被丢弃）", "account.wps.cn:443 (203.0.113.7:443): 连接被重置",
			"drive.wps.cn:443 (203.0.113.7:443): no answer (dropped)", "致 IT 部门", "Request to the IT department", "2026-12-02 08:00 UTC"} {
			if !strings.Contains(text, want) {
				t.Errorf("viaJSON=%v: text lacks %q:\n%s", viaJSON, want, text)
			}
		}
		for _, not := range []string{"*.wps.com", "UDP 123", "drive.wps.cn:80"} {
			if strings.Contains(text, not) {
				t.Errorf("viaJSON=%v: got %q in the text, want it absent (other family, clock fine, port that worked):\n%s", viaJSON, not, text)
			}
		}
	}
}

func TestNTPOnlyWhenTheClockCheckFailed(t *testing.T) {
	for _, c := range []struct {
		clock health.Status
		want  bool
	}{{health.StatusOK, false}, {health.StatusWarn, true}, {health.StatusFail, true}, {health.StatusSkipped, false}} {
		text := Text(blockedReport(t, c.clock, false), catalog.Default(), "en")
		if got := strings.Contains(text, "UDP 123 (NTP, time synchronisation) to: ntp.aliyun.com"); got != c.want {
			t.Errorf("clock %s: got NTP line %v, want %v:\n%s", c.clock, got, c.want, text)
		}
	}
}

func TestNothingBlockedSaysSo(t *testing.T) {
	r := health.NewReport(health.Tool{}, health.Host{}, "en", time.Now(), 0, []health.Finding{health.OK("WSD-NET-010", health.Msg("net.tcp.ok"))})
	if Offered(r) {
		t.Errorf("got Offered true for a healthy report, want false")
	}
	text := Text(r, catalog.Default(), "en")
	if !strings.Contains(text, "nothing to ask") || strings.Contains(text, "*.wps.cn") {
		t.Errorf("got %q, want the nothing-to-ask sentence and no hosts", text)
	}
	if strings.Contains(text, "----") {
		t.Errorf("English request got a second English copy:\n%s", text)
	}
}

// TestSharedReport: the CLI renders from a report rewritten for sharing,
// whose evidence is raw JSON.
func TestSharedReport(t *testing.T) {
	r := blockedReport(t, health.StatusOK, false)
	for i, f := range r.Findings {
		for k, v := range f.Evidence {
			b, _ := json.Marshal(v)
			r.Findings[i].Evidence[k] = json.RawMessage(b)
		}
	}
	if !Offered(r) {
		t.Fatalf("got Offered false on a shared report, want true")
	}
	if text := Text(r, catalog.Default(), "en"); !strings.Contains(text, "drive.wps.cn:443") {
		t.Errorf("shared report: text lacks the measured host:\n%s", text)
	}
}
