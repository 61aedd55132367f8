package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
)

func TestNormalized(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Settings
		want Settings
	}{
		{"out of range", Settings{IntervalMinutes: 1, Consent: "yolo", Lang: "fr"}, Settings{IntervalMinutes: 60, Consent: ConsentAsk}},
		{"locale", Settings{Lang: "zh_CN.UTF-8", IntervalMinutes: 15, Consent: ConsentNever}, Settings{Lang: "zh-CN", IntervalMinutes: 15, Consent: ConsentNever}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.Normalized(); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFilesRoundTrip(t *testing.T) {
	f := &Files{Dir: filepath.Join(t.TempDir(), "state")}
	got, err := f.LoadSettings()
	if err != nil || got != Default() {
		t.Fatalf("missing file: got %v %v, want the defaults", got, err)
	}
	want := Settings{Lang: "en", IntervalMinutes: 15, Notifications: false, Consent: ConsentNever, Autostart: true}
	if err := f.SaveSettings(want); err != nil {
		t.Fatal(err)
	}
	if got, err := f.LoadSettings(); err != nil || got != want {
		t.Fatalf("round trip: got %v %v, want %v", got, err, want)
	}
	os.WriteFile(filepath.Join(f.Dir, "settings.json"), []byte("{\"interval_minutes\": \"x\""), 0o600)
	if got, err := f.LoadSettings(); err == nil || got != Default() || !strings.Contains(err.Error(), "settings.json") {
		t.Fatalf("malformed: got %v %v, want the defaults and an error naming the file", got, err)
	}
	if _, _, err := f.LastReport(); err != ErrNoReport {
		t.Fatalf("no report: got %v, want ErrNoReport", err)
	}
	r := health.NewReport(health.Tool{Name: "x"}, health.Host{}, "en", time.Now(), time.Second, nil)
	if err := f.SaveReport(r); err != nil {
		t.Fatal(err)
	}
	if back, at, err := f.LastReport(); err != nil || back.Overall != health.StatusOK || at.IsZero() {
		t.Fatalf("report round trip: got %v %v", back, err)
	}
	os.WriteFile(filepath.Join(f.Dir, "last-report.json"), []byte(`{"schema_version": 99}`), 0o600)
	if _, _, err := f.LastReport(); err == nil {
		t.Fatal("future schema accepted")
	}
	entries, _ := os.ReadDir(f.Dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temp file left: %s", e.Name())
		}
	}
}

func TestAnnouncedTellsAfterSaving(t *testing.T) {
	dir := t.TempDir()
	told := 0
	saved := false
	a := Announced{Store: &Files{Dir: dir}, Tell: func() {
		_, err := os.Stat(filepath.Join(dir, "last-report.json"))
		saved = err == nil
		told++
	}}
	if err := a.SaveReport(health.NewReport(health.Tool{}, health.Host{}, "en", time.Now(), 0, nil)); err != nil {
		t.Fatal(err)
	}
	if told != 1 || !saved {
		t.Errorf("told %d times, report on disk when told: %v; want once, after saving", told, saved)
	}
	bad := Announced{Store: &Files{Dir: filepath.Join(dir, "last-report.json", "x")}, Tell: func() { told++ }}
	if err := bad.SaveReport(health.Report{}); err == nil || told != 1 {
		t.Errorf("a failed save: got err %v and %d tells, want an error and no tell", err, told-1)
	}
}
