package link

import (
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

func TestText(t *testing.T) {
	full := health.NewReport(health.Tool{Name: "x"}, health.Host{OS: "linux"}, "en", time.Now(), time.Second, []health.Finding{
		{Check: "a", Status: health.StatusFail, Code: "A1", Message: health.Msg("tray.status.healthy"), Evidence: map[string]any{"k": 1}, Fixes: []string{"dns.flush"}},
		{Check: "b", Status: health.StatusOK, Code: "B1"},
	})
	full.Localize("en", i18n.T)
	txt := Text("en", full)
	for _, want := range []string{"WPS Sync Doctor", "Sync blocked:", "[FAIL] A1 a:", "k = 1", "dns.flush"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "B1") {
		t.Error("ok findings are noise in a copied report")
	}
	off := health.NewReport(health.Tool{Name: "x"}, health.Host{}, "en", time.Now(), 0, []health.Finding{
		{Check: "net.online", Status: health.StatusFail, Code: "N1", Message: health.Msg("x.y")},
	})
	if got, want := Text("en", off), "Offline: this computer cannot reach the internet"; !strings.Contains(got, want) {
		t.Errorf("offline report: got\n%s\nwant a line %q (net.online declares itself Offline)", got, want)
	}
}
