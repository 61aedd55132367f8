package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wpsdoctor/health"
	"wpsdoctor/settings"
)

func blockedReport() health.Report {
	f := health.Fail("WSD-NET-012", health.Msg("net.tcp.network_filtered", "endpoints", []string{"drive.wps.cn:443"}, "failed", 1, "total", 2)).
		With(health.EvidenceBlockedOn, health.BlockedOnNetwork)
	f.Check, f.Area = "net.tcp", health.AreaNetwork
	return health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Second, []health.Finding{f})
}

func TestCopyForITOnABlockedFinding(t *testing.T) {
	for _, c := range []struct{ lang, button string }{{"en", "Copy for IT"}, {"zh-CN", "复制给 IT"}} {
		t.Run(c.lang, func(t *testing.T) {
			st := &settings.Files{Dir: t.TempDir()}
			if err := st.SaveReport(blockedReport()); err != nil {
				t.Fatal(err)
			}
			var copied, gotLang string
			w := newTestWindow(t, Deps{Store: st, Copy: func(s string) { copied = s },
				ITNote: func(lang string, r health.Report) string { gotLang = lang; return "IT NOTE " + r.Findings[0].Code }}, c.lang)
			b := buttonNamed(w.overview, c.button)
			if b == nil {
				t.Fatalf("no %q button:\n%s", c.button, texts(w.overview))
			}
			if strings.Contains(texts(w.overview), "["+w.fixTitle(health.FixFirewall)+"]") {
				t.Errorf("a finding blocked on the network offers the firewall fix:\n%s", texts(w.overview))
			}
			test.Tap(b)
			if copied != "IT NOTE WSD-NET-012" || gotLang != c.lang {
				t.Errorf("got clipboard %q in %q, want the IT note in %q", copied, gotLang, c.lang)
			}
		})
	}
	// Without a renderer, or on another finding, there is no button.
	st := &settings.Files{Dir: t.TempDir()}
	if err := st.SaveReport(blockedReport()); err != nil {
		t.Fatal(err)
	}
	if w := newTestWindow(t, Deps{Store: st}, "en"); buttonNamed(w.overview, "Copy for IT") != nil {
		t.Errorf("got a Copy for IT button without Deps.ITNote, want none")
	}
	if err := st.SaveReport(clockReport()); err != nil {
		t.Fatal(err)
	}
	if w := newTestWindow(t, Deps{Store: st, ITNote: func(string, health.Report) string { return "x" }}, "en"); buttonNamed(w.overview, "Copy for IT") != nil {
		t.Errorf("got a Copy for IT button on a clock finding, want none")
	}
}
