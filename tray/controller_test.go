package tray

import (
	"context"
	"io"
	"log"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

var testFacts = verdict.Facts{"net.online": {Offline: true}}

func quietController(t *testing.T, notes chan string) (*controller, *settings.Files) {
	t.Helper()
	st := &settings.Files{Dir: t.TempDir()}
	s := settings.Default()
	s.Lang = "en"
	st.SaveSettings(s)
	c := newController(Options{Store: st, Facts: testFacts, Log: log.New(io.Discard, "", 0),
		Notify: func(ctx context.Context, title, body string) error { notes <- body; return nil }})
	c.alerter.Debounce = time.Nanosecond
	return c, st
}

// One finished run is judged once: the icon, the tooltip, the menu's
// status and the notification all say what that one verdict says, and a
// check the catalogue declares Offline gives the offline state.
func TestFinishedShowsAndNotifiesOneVerdict(t *testing.T) {
	notes := make(chan string, 4)
	c, st := quietController(t, notes)
	off := report(health.Finding{Check: "net.online", Area: health.AreaNetwork, Status: health.StatusFail, Code: "WSD-NET-001", Message: health.Msg("x.y")})
	for i := 0; i < 2; i++ { // the second sight is past the debounce
		if healthy := c.finished(Result{Report: *off, Reason: ReasonNetwork}); healthy {
			t.Fatal("an offline result counted as healthy")
		}
	}
	c.mu.Lock()
	v, view := c.verdict, c.view
	c.mu.Unlock()
	if v.State != verdict.Offline || view.Icon != verdict.Offline {
		t.Fatalf("got verdict %s, icon %s; want offline (net.online declares Offline)", v.State, view.Icon)
	}
	if want := "Offline: this computer cannot reach the internet"; view.Status != want || !strings.HasSuffix(view.Tooltip, "\n"+want) {
		t.Errorf("got status %q tooltip %q, want %q in both", view.Status, view.Tooltip, want)
	}
	if got := <-notes; got != view.Status {
		t.Errorf("notification %q, want the status line %q", got, view.Status)
	}
	if _, _, err := st.LastReport(); err != nil {
		t.Errorf("the tray did not save its report: %v", err)
	}
}

// A light run is merged over the last full report once, and the verdict
// of the merged report decides: a light run that repeats only healthy
// light checks does not clear a problem the full run found.
func TestLightResultIsJudgedMerged(t *testing.T) {
	c, _ := quietController(t, make(chan string, 4))
	clock := health.Finding{Check: "clock.skew", Area: health.AreaClock, Status: health.StatusFail, Code: "WSD-CLK-001",
		Message: health.Msg("net.clock.fail", "minutes", 7, "seconds", 420), Fixes: []string{health.FixClockSync}}
	fine := health.Finding{Check: "wps.installed", Area: health.AreaInstall, Status: health.StatusOK, Code: "WSD-INS-000", Message: health.Msg("tray.status.healthy")}
	c.finished(Result{Report: *report(clock, fine), Reason: ReasonWarmup})
	if healthy := c.finished(Result{Report: *report(fine), Light: true, Reason: ReasonLight}); healthy {
		t.Error("the light result counted as healthy while the clock is still off")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.verdict.State != verdict.Problem || c.view.FixID != health.FixClockSync || len(c.report.Findings) != 2 {
		t.Errorf("got %s, fix %q, %d findings; want problem, %s, both findings kept", c.verdict.State, c.view.FixID, len(c.report.Findings), health.FixClockSync)
	}
}

// A report the window saved is shown as soon as the window says so: no
// poll, no run of the tray's own.
func TestSavedReportIsShownWhenTold(t *testing.T) {
	saved := make(chan struct{}, 1)
	st := &settings.Files{Dir: t.TempDir()}
	c := newController(Options{Store: st, Facts: testFacts, Saved: saved, Log: log.New(io.Discard, "", 0), Notify: func(context.Context, string, string) error { return nil }})
	c.apply(true)
	if c.view.Icon != verdict.Offline {
		t.Fatalf("before any report: icon %s, want offline", c.view.Icon)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.watchStore(ctx)
	clock := health.Finding{Check: "clock.skew", Status: health.StatusFail, Code: "WSD-CLK-001",
		Message: health.Msg("net.clock.fail", "minutes", 7, "seconds", 420), Fixes: []string{health.FixClockSync}}
	if err := st.SaveReport(*report(clock)); err != nil {
		t.Fatal(err)
	}
	saved <- struct{}{}
	deadline := time.Now().Add(time.Minute) // hang protection only
	for {
		c.mu.Lock()
		icon, status := c.view.Icon, c.view.Status
		c.mu.Unlock()
		if icon == verdict.Problem {
			if !strings.HasPrefix(status, "Sync blocked: The clock is off") {
				t.Errorf("status %q, want the clock finding", status)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("icon %s after the window's report, want problem", icon)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
