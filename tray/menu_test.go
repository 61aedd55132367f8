package tray

import (
	"bytes"
	"context"
	"encoding/binary"
	"image/png"
	"io"
	"log"
	"strings"
	"testing"
	"time"

	"wpsdoctor/assets/icons"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

func report(fs ...health.Finding) *health.Report {
	r := health.NewReport(health.Tool{Name: "t"}, health.Host{}, "en", time.Now(), 0, fs)
	r.Localize("en", i18n.T)
	return &r
}

func TestMakeView(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.Local)
	clock := health.Finding{Check: "clock.skew", Status: health.StatusFail, Code: "WSD-CLK-001",
		Message: health.Msg("net.clock.fail", "minutes", 7, "seconds", 420), Fixes: []string{health.FixClockSync}}
	r := report(clock)
	v := MakeView(verdict.Of(r, nil, "en"), Pause{}, now)
	if v.Icon != verdict.Problem || !strings.HasPrefix(v.Status, "Sync blocked: The clock is off by about 7 minutes") {
		t.Fatalf("problem view: %+v", v)
	}
	if v.FixID != health.FixClockSync || !strings.HasPrefix(v.Fix, "Fix: ") || strings.Contains(v.Fix, "fix.clock") {
		t.Errorf("top fix item: %q %q", v.FixID, v.Fix)
	}
	if !strings.HasPrefix(v.Tooltip, "WPS Sync Doctor\n") || v.Lang != "切换到中文" || v.OtherLang != "zh-CN" || v.Paused {
		t.Errorf("view %+v", v)
	}
	if len([]rune(v.Status)) > 120 {
		t.Errorf("status line too long for a tooltip: %d", len([]rune(v.Status)))
	}

	ok := report(health.Finding{Check: "x", Status: health.StatusOK, Code: "A", Message: health.Msg("tray.status.healthy")})
	v = MakeView(verdict.Of(ok, nil, "zh-CN"), Pause{Until: now.Add(time.Hour)}, now)
	if v.Icon != verdict.Healthy || v.FixID != "" || v.CheckNow != "立即检查" || v.Lang != "Switch to English" {
		t.Errorf("healthy zh view: %+v", v)
	}
	if v.Guide != "遇到什么问题？…" {
		t.Errorf("guide item (zh-CN): got %q, want 遇到什么问题？…", v.Guide)
	}
	if got := MakeView(verdict.Of(ok, nil, "en"), Pause{}, now).Guide; got != "What is wrong?…" {
		t.Errorf("guide item (en): got %q, want What is wrong?…", got)
	}
	if v.Bundle != "保存支持包…" {
		t.Errorf("bundle item (zh-CN): got %q, want 保存支持包…", v.Bundle)
	}
	if got := MakeView(verdict.Of(ok, nil, "en"), Pause{}, now).Bundle; got != "Save support bundle…" {
		t.Errorf("bundle item (en): got %q, want Save support bundle…", got)
	}
	if !v.Paused || !strings.Contains(v.Status, "监控暂停至 11:00") {
		t.Errorf("pause not shown: %q", v.Status)
	}
	if v := MakeView(verdict.Of(nil, nil, "en"), Pause{Ever: true}, now); v.Icon != verdict.Offline || !strings.Contains(v.Status, "no check has run yet") || !strings.Contains(v.Status, "paused") {
		t.Errorf("no report: %+v", v)
	}
	if v := MakeView(verdict.Of(nil, nil, "en").Checking(), Pause{}, now); v.Icon != verdict.Checking || v.Status != "Checking WPS sync…" || v.FixID != "" {
		t.Errorf("checking: %+v", v)
	}
	if v := MakeView(verdict.Of(r, nil, "en").Checking(), Pause{}, now); v.Icon != verdict.Checking || v.FixID != health.FixClockSync {
		t.Errorf("checking after a problem: got icon %s fix %q, want checking and the last fix kept", v.Icon, v.FixID)
	}
}

func TestPNGToICO(t *testing.T) {
	p := icons.Tray("warning")
	ico := pngToICO(p)
	var hdr [3]uint16
	binary.Read(bytes.NewReader(ico), binary.LittleEndian, &hdr)
	if hdr != [3]uint16{0, 1, 1} || ico[6] != 64 || ico[7] != 64 {
		t.Fatalf("ICO header % x", ico[:16])
	}
	size := binary.LittleEndian.Uint32(ico[14:])
	off := binary.LittleEndian.Uint32(ico[18:])
	if int(size) != len(p) || off != 22 || !bytes.Equal(ico[off:], p) {
		t.Fatal("PNG payload not embedded as-is")
	}
	if _, err := png.Decode(bytes.NewReader(ico[off:])); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(trayIcon("linux", verdict.Problem), icons.Tray("problem")) || !bytes.HasPrefix(trayIcon("windows", verdict.Problem), []byte{0, 0, 1, 0}) {
		t.Error("trayIcon per OS")
	}
}

func TestIconsDifferPerState(t *testing.T) {
	seen := map[string]string{}
	for _, s := range icons.States {
		for _, b := range [][]byte{icons.Tray(s), icons.Template(s)} {
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			if img.Bounds().Dx() != 64 || img.Bounds().Dy() != 64 {
				t.Errorf("%s: %v", s, img.Bounds())
			}
			// the template's alpha mask is the shape: it must differ per state
		}
		if other, dup := seen[string(icons.Template(s))]; dup {
			t.Errorf("%s and %s have the same shape", s, other)
		}
		seen[string(icons.Template(s))] = s
	}
	if string(icons.Tray("nonsense")) != string(icons.Tray("offline")) {
		t.Error("unknown state must fall back to the offline icon")
	}
}

func TestAutoFixOnlyWithConsentOnceAndSafe(t *testing.T) {
	st := &settings.Files{Dir: t.TempDir()}
	s := settings.Default()
	s.Lang = "en"
	s.Consent = settings.ConsentAuto
	st.SaveSettings(s)
	applied := make(chan string, 4)
	notes := make(chan string, 4)
	c := newController(Options{Store: st, Log: log.New(io.Discard, "", 0),
		AutoFix: func(ctx context.Context, id string) (string, error) { applied <- id; return "fixed", nil },
		Notify:  func(ctx context.Context, title, body string) error { notes <- body; return nil }})
	problem := func(f health.Finding) verdict.Verdict {
		return verdict.Of(report(f), nil, "en")
	}
	restart := health.Finding{Check: "wps.process", Code: "WSD-CLI-002", Status: health.StatusFail, Message: health.Msg("x.y"), Fixes: []string{health.FixCloudRestart}}
	c.maybeAutoFix(problem(restart))
	if id := <-applied; id != health.FixCloudRestart {
		t.Fatalf("applied %s", id)
	}
	if n := <-notes; !strings.Contains(n, "Fixed automatically") || !strings.Contains(n, "Fixed: the problem is gone.") {
		t.Fatalf("notification %q", n)
	}
	c.maybeAutoFix(problem(restart))                                                                                              // same finding: not again
	c.maybeAutoFix(problem(health.Finding{Code: "WSD-CLK-001", Status: health.StatusFail, Fixes: []string{health.FixClockSync}})) // needs admin: never automatic
	c.mu.Lock()
	c.settings.Consent = settings.ConsentAsk
	c.mu.Unlock()
	c.maybeAutoFix(problem(health.Finding{Code: "WSD-CLI-003", Status: health.StatusFail, Fixes: []string{health.FixCloudRestart}})) // ask: never automatic
	select {
	case id := <-applied:
		t.Fatalf("unexpected automatic fix %s", id)
	default:
	}
}
