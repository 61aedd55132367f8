//go:build gui

package tray_test

import (
	"strings"
	"testing"
	"time"
)

// TestWindowBundlePage opens the window straight onto the support bundle
// page (as the tray's "Save support bundle…" does), lets it check and
// build the redacted preview, and saves a screenshot of the real window
// (bundle-page-en.png); nothing is written until the user saves.
func TestWindowBundlePage(t *testing.T) {
	needDisplay(t)
	h := newHome(t)
	win := start(t, h.env("unix:path="+h.dir+"/no-such-bus", "en_US.UTF-8"), "--window", "--config", h.catalogue, "--bundle")
	pid := windowPID(t, "^WPS Sync Doctor$", limit, win)
	// The preview follows a full check, bounded by the runner's deadline.
	time.Sleep(8 * time.Second)
	screenshot(t, "bundle-page-en.png")
	closeWindow(t, pid)
	if code := win.wait(t, limit); code != 0 || strings.Contains(win.log(), "panic") {
		t.Fatalf("exit %d; output:\n%s", code, win.log())
	}
	if strings.Contains(win.log(), "Error parsing user locale") {
		t.Errorf("Fyne could not parse the locale:\n%s", win.log())
	}
}
