package report

import (
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

func TestTextColourAndEscapes(t *testing.T) {
	fs := []health.Finding{{Check: "net.online", Area: "network", Status: health.StatusFail, Code: "WSD-NET-001",
		Message: health.Msg("net.online.link_down", "iface", "eth0\x1b]0;x\x07")}}
	r := health.NewReport(health.Tool{}, health.Host{}, "en", time.Unix(0, 0), 0, fs)
	r.Localize("en", i18n.T)
	for _, tc := range []struct {
		name       string
		colour     bool
		wantColour bool
	}{{"plain", false, false}, {"colour", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			out := Text(r, TextOptions{Lang: "en", Colour: tc.colour})
			if got := strings.Contains(out, "\033[31m✗\033[0m"); got != tc.wantColour {
				t.Errorf("painted fail symbol: got %v, want %v\n%q", got, tc.wantColour, out)
			}
			if strings.Contains(out, "\x07") || !strings.Contains(out, `eth0\x1b]0;x\x07`) {
				t.Errorf("control characters not escaped: %q", out)
			}
		})
	}
}
