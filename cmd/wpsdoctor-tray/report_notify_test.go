package main

import (
	"path/filepath"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/instance"
	"wpsdoctor/settings"
	"wpsdoctor/tray"
)

// TestWindowTellsTheTrayOfItsReport: the window's store, as runWindow
// wires it, tells the running tray (its real claim and request handler)
// each time it saves a report; the tray's channel holds one pending
// notice however many arrive; a window without a tray saves all the same.
func TestWindowTellsTheTrayOfItsReport(t *testing.T) {
	u := newUser(t)
	store := settings.Announced{Store: &settings.Files{Dir: filepath.Join(u.home, "state")}, Tell: tellTray(u.instances, testLogger(t))}
	rep := health.NewReport(health.Tool{Name: "t"}, health.Host{}, "en", time.Now(), 0, nil)
	if err := store.SaveReport(rep); err != nil {
		t.Fatalf("without a tray: %v, want the report saved", err)
	}

	saved := make(chan struct{}, 1)
	release, _, done := claim(u.instances, partTray, openRequest(""), trayRequests(&tray.Launcher{}, saved, testLogger(t)), testLogger(t))
	if done {
		t.Fatal("the tray did not become the running copy")
	}
	defer release()
	for i := 0; i < 3; i++ {
		if err := store.SaveReport(rep); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(saved); got != 1 {
		t.Fatalf("got %d pending notices, want 1", got)
	}
	// the window's own socket takes no report notices
	if err := raiseWindow(nil, testLogger(t))(instance.Request{Verb: instance.VerbReport}); err == nil {
		t.Error("the window accepted a report notice, want a refusal")
	}
}
