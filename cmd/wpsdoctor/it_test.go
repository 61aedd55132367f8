package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
)

func TestITHintOnlyWhenBlockedOnTheNetwork(t *testing.T) {
	blocked := health.Fail("WSD-NET-012", health.Msg("net.tcp.network_filtered")).With(health.EvidenceBlockedOn, health.BlockedOnNetwork)
	for _, c := range []struct {
		name string
		f    health.Finding
		want bool
	}{{"blocked", blocked, true}, {"clock", health.Fail("WSD-CLK-001", health.Msg("net.clock.fail")), false}} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			a := &app{stdout: &out, lang: "en"}
			a.itHint(health.NewReport(health.Tool{}, health.Host{}, "en", time.Now(), 0, []health.Finding{c.f}))
			if got := strings.Contains(out.String(), "wpsdoctor it"); got != c.want {
				t.Errorf("got hint %v (%q), want %v", got, out.String(), c.want)
			}
		})
	}
}
