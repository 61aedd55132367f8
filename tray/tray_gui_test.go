//go:build gui

package tray_test

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"wpsdoctor/assets/icons"
	"wpsdoctor/health"
	"wpsdoctor/health/checks"
	"wpsdoctor/platform/instance"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

const limit = 60 * time.Second // hang protection only

// TestTrayE2E: the item registers with the right state and menu, "Check
// now" runs a check, the window opens from the menu in both languages
// (screenshots), and "Quit" ends the process with exit code 0.
func TestTrayE2E(t *testing.T) {
	needDisplay(t)
	h := newHome(t)
	addr := startBus(t)
	w := startWatcher(t, addr)
	tr := start(t, h.env(addr, "en_US.UTF-8"), "--config", h.catalogue, "--warmup", "300ms", "--poll", "100ms")
	sender := w.registered(t, limit)
	it := item{conn: w.conn, sender: sender}

	if title := it.prop(t, "Title").Value(); title != "WPS Sync Doctor" {
		t.Errorf("Title = %v", title)
	}
	store := &settings.Files{Dir: h.state}
	// the first run (after the warm-up) saves a report; the icon and the
	// tooltip must then show the state that report implies
	var rep verdict.State
	facts := verdict.FactsOf(checks.All())
	eventually(t, limit, "first report", func() bool {
		r, _, err := store.LastReport()
		if err != nil {
			return false
		}
		rep = verdict.Of(&r, facts, "en").State
		return strings.Contains(tr.log(), "check done (warmup)")
	})
	r, firstAt, _ := store.LastReport()
	want := verdict.Of(&r, facts, "en").Line
	eventually(t, limit, "tooltip "+want, func() bool { return strings.HasSuffix(it.tooltip(t), want) })
	ww, wh, wantPix := argb(t, icons.Tray(string(rep)))
	gw, gh, gotPix := it.iconPixels(t)
	if gw != ww || gh != wh || !bytes.Equal(gotPix, wantPix) {
		t.Errorf("IconPixmap is not the %s icon (%dx%d vs %dx%d)", rep, gw, gh, ww, wh)
	}
	t.Logf("state after the first run: %s (%q)", rep, want)

	_, entries := it.menu(t)
	for _, l := range []string{want, "Check now", "Open WPS Sync Doctor", "Copy report", "Pause monitoring for 1 hour",
		"Pause monitoring until restart", "切换到中文", "Quit"} {
		e, ok := find(entries, l)
		if !ok || !e.Visible {
			t.Errorf("menu lacks visible %q: %+v", l, entries)
		}
	}
	if e, _ := find(entries, want); e.Enabled {
		t.Error("the status line must not be clickable")
	}
	if e, ok := find(entries, "Resume monitoring"); !ok || e.Visible {
		t.Errorf("Resume must exist and be hidden while not paused: %+v", e)
	}
	top := ""
	if rep != verdict.Healthy {
		for _, e := range entries {
			if strings.HasPrefix(e.Label, "Fix: ") && e.Visible {
				top = e.Label
			}
		}
		t.Logf("top fix item: %q", top)
	}

	// Check now → a new run, a new report
	it.click(t, "Check now")
	tr.waitLog(t, "check started (request", limit)
	eventually(t, limit, "a new report after Check now", func() bool {
		_, at, err := store.LastReport()
		return err == nil && at.After(firstAt) && strings.Contains(tr.log(), "check done (request)")
	})

	// pause / resume flip the menu
	it.click(t, "Pause monitoring for 1 hour")
	eventually(t, limit, "resume item visible", func() bool {
		_, es := it.menu(t)
		e, _ := find(es, "Resume monitoring")
		p, _ := find(es, "Pause monitoring for 1 hour")
		return e.Visible && !p.Visible
	})
	// paused (no run of its own in the way): a report the window saves is
	// shown as soon as the window says so over the instance socket
	told := health.NewReport(health.Tool{Name: "window"}, health.Host{}, "en", time.Now(), 0, []health.Finding{{
		Check: "clock.skew", Area: health.AreaClock, Status: health.StatusFail, Code: "WSD-CLK-001",
		Message: health.Msg("net.clock.fail", "minutes", 7, "seconds", 420), Fixes: []string{health.FixClockSync}}})
	windowStore := settings.Announced{Store: store, Tell: func() {
		if err := instance.Send(instance.Options{Dir: h.instances(), Name: "tray"}, instance.Request{Verb: instance.VerbReport}); err != nil {
			t.Errorf("tell the tray: %v", err)
		}
	}}
	if err := windowStore.SaveReport(told); err != nil {
		t.Fatal(err)
	}
	wantTold := verdict.Of(&told, facts, "en").Line
	eventually(t, limit, "tooltip "+wantTold, func() bool { return strings.HasSuffix(it.tooltip(t), wantTold) })
	tr.waitLog(t, "report saved by the window: problem", limit)
	it.click(t, "Check now") // the tray's own report again, for the screenshots
	eventually(t, limit, "the second requested check", func() bool { return strings.Count(tr.log(), "check done (request)") == 2 })
	it.click(t, "Resume monitoring")
	tr.waitLog(t, "menu: monitoring resumed", limit)

	// the window, in English
	it.click(t, "Open WPS Sync Doctor")
	pid := windowPID(t, "^WPS Sync Doctor$", limit, tr)
	time.Sleep(1500 * time.Millisecond) // let the first frames render (not an assertion)
	screenshot(t, "window-en.png")
	closeWindow(t, pid)

	// switch the language from the tray; menu and window follow
	it.click(t, "切换到中文")
	eventually(t, limit, "Chinese menu", func() bool {
		_, es := it.menu(t)
		_, ok := find(es, "立即检查")
		return ok
	})
	if s, err := store.LoadSettings(); err != nil || s.Lang != "zh-CN" {
		t.Fatalf("language not saved: %+v %v", s, err)
	}
	if it.prop(t, "Title").Value() != "WPS 同步医生" {
		t.Errorf("Title not translated: %v", it.prop(t, "Title").Value())
	}
	it.click(t, "打开 WPS 同步医生")
	pid = windowPID(t, "^WPS 同步医生$", limit, tr)
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, "window-zh-CN.png")
	closeWindow(t, pid)

	it.clickToQuit(t, "退出")
	if code := tr.wait(t, limit); code != 0 {
		t.Fatalf("exit code %d after Quit; output:\n%s", code, tr.log())
	}
	if strings.Contains(tr.log(), "panic") {
		t.Fatalf("panic in output:\n%s", tr.log())
	}
}

func closeWindow(t *testing.T, pid int) {
	t.Helper()
	p, err := os.FindProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("close window %d: %v", pid, err)
	}
	eventually(t, limit, "window process exit", func() bool { return syscall.Kill(pid, 0) != nil })
}

// TestNoSessionBus: without a session bus the app must not start systray
// (fyne#6403 crash on quit); it says why, shows the window, and exits
// cleanly when the window is closed.
func TestNoSessionBus(t *testing.T) {
	needDisplay(t)
	h := newHome(t)
	tr := start(t, h.env("unix:path="+h.dir+"/no-such-bus", "en_US.UTF-8"), "--config", h.catalogue, "--warmup", "300ms")
	tr.waitLog(t, "no session D-Bus", limit)
	if !strings.Contains(tr.log(), "AppIndicator") {
		t.Errorf("no hint about getting a tray:\n%s", tr.log())
	}
	pid := windowPID(t, "^WPS Sync Doctor$", limit, tr)
	time.Sleep(time.Second)
	screenshot(t, "no-bus-window.png")
	closeWindow(t, pid)
	if code := tr.wait(t, limit); code != 0 || strings.Contains(tr.log(), "panic") {
		t.Fatalf("exit %d; output:\n%s", code, tr.log())
	}
}

// TestBusWithoutWatcher: a bus but no tray host (GNOME without the
// extension): the app logs how to get a tray, opens the window, keeps
// running and quits cleanly on SIGTERM.
func TestBusWithoutWatcher(t *testing.T) {
	needDisplay(t)
	h := newHome(t)
	addr := startBus(t)
	tr := start(t, h.env(addr, "en_US.UTF-8"), "--config", h.catalogue, "--warmup", "300ms")
	tr.waitLog(t, "no StatusNotifierWatcher", limit)
	pid := windowPID(t, "^WPS Sync Doctor$", limit, tr)
	closeWindow(t, pid)
	tr.waitLog(t, "tray ready", limit)
	tr.cmd.Process.Signal(syscall.SIGTERM)
	if code := tr.wait(t, limit); code != 0 || strings.Contains(tr.log(), "panic") {
		t.Fatalf("exit %d; output:\n%s", code, tr.log())
	}
	_ = dbus.ErrClosed
}

// TestWindowFixPreview opens the window straight into a fix flow (as the
// tray's "Fix: …" item does) and saves the preview; nothing is applied.
func TestWindowFixPreview(t *testing.T) {
	needDisplay(t)
	h := newHome(t)
	win := start(t, h.env("unix:path="+h.dir+"/no-such-bus", "en_US.UTF-8"), "--window", "--config", h.catalogue, "--fix", "wps.update")
	pid := windowPID(t, "^WPS Sync Doctor$", limit, win)
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, "fix-preview-en.png")
	closeWindow(t, pid)
	if code := win.wait(t, limit); code != 0 || strings.Contains(win.log(), "panic") {
		t.Fatalf("exit %d; output:\n%s", code, win.log())
	}
	if strings.Contains(win.log(), "fixes unavailable") {
		t.Fatalf("fix engine did not start:\n%s", win.log())
	}
}
