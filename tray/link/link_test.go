package link

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"wpsdoctor/health"
)

func TestSettingsNormalizeAndStore(t *testing.T) {
	s := Settings{IntervalMinutes: 1, Consent: "yolo", Lang: "fr"}.Normalized()
	if s.IntervalMinutes != 60 || s.Consent != ConsentAsk || s.Lang != "" {
		t.Fatalf("normalized %v", s)
	}
	if (Settings{Lang: "zh_CN.UTF-8"}).Normalized().Lang != "zh-CN" {
		t.Error("zh locale not normalized")
	}
	dir := t.TempDir()
	f := &Files{Dir: filepath.Join(dir, "state")}
	got, err := f.LoadSettings()
	if err != nil || got != DefaultSettings() {
		t.Fatalf("missing file: %v %v", got, err)
	}
	want := Settings{Lang: "en", IntervalMinutes: 15, Notifications: false, Consent: ConsentNever, Autostart: true}
	if err := f.SaveSettings(want); err != nil {
		t.Fatal(err)
	}
	if got, err := f.LoadSettings(); err != nil || got != want {
		t.Fatalf("round trip: %v %v", got, err)
	}
	os.WriteFile(filepath.Join(f.Dir, "settings.json"), []byte("{\"interval_minutes\": \"x\""), 0o600)
	if got, err := f.LoadSettings(); err == nil || got != DefaultSettings() || !strings.Contains(err.Error(), "settings.json") {
		t.Fatalf("malformed: %v %v", got, err)
	}
	if _, _, err := f.LastReport(); err != ErrNoReport {
		t.Fatalf("no report: %v", err)
	}
	r := health.NewReport(health.Tool{Name: "x"}, health.Host{}, "en", time.Now(), time.Second, nil)
	if err := f.SaveReport(r); err != nil {
		t.Fatal(err)
	}
	if back, at, err := f.LastReport(); err != nil || back.Overall != health.StatusOK || at.IsZero() {
		t.Fatalf("report round trip: %v %v", back, err)
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

func TestMergeAndText(t *testing.T) {
	full := health.NewReport(health.Tool{Name: "x"}, health.Host{OS: "linux"}, "en", time.Now(), time.Second, []health.Finding{
		{Check: "a", Status: health.StatusFail, Code: "A1", Message: health.Msg("tray.status.healthy"), Evidence: map[string]any{"k": 1}, Fixes: []string{"dns.flush"}},
		{Check: "b", Status: health.StatusOK, Code: "B1"},
	})
	light := health.NewReport(health.Tool{Name: "x"}, health.Host{}, "en", time.Now(), 0, []health.Finding{
		{Check: "a", Status: health.StatusOK, Code: "A0"},
		{Check: "c", Status: health.StatusWarn, Code: "C1"},
	})
	m := Merge(full, light)
	if len(m.Findings) != 3 || m.Findings[0].Code != "A0" || m.Findings[1].Code != "B1" || m.Findings[2].Code != "C1" || m.Overall != health.StatusWarn {
		t.Fatalf("merge: %+v", m)
	}
	Localize(&full, "en")
	txt := Text("en", full)
	for _, want := range []string{"WPS Sync Doctor", "Sync blocked:", "[FAIL] A1 a:", "k = 1", "dns.flush"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "B1") {
		t.Error("ok findings are noise in a copied report")
	}
}

func TestDiagnoserLight(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	mk := func(id string, light bool, deps ...string) health.Check {
		return health.Check{ID: id, Area: health.AreaRunner, Light: light, DependsOn: deps,
			Run: func(context.Context, *health.Env) health.Finding {
				mu.Lock()
				ran = append(ran, id)
				mu.Unlock()
				return health.OK("X", health.Msg("tray.status.healthy"))
			}}
	}
	d := &Diagnoser{Checks: []health.Check{mk("root", false), mk("cheap", true, "root"), mk("heavy", false)}, Version: "v"}
	r, err := d.Run(context.Background(), true, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ran)
	if strings.Join(ran, ",") != "cheap,root" {
		t.Fatalf("light run ran %v (the light check and its dependency only)", ran)
	}
	if r.Lang != "zh-CN" || r.Findings[0].Text != "WPS 同步可以正常工作" || r.Tool.Version != "v" {
		t.Fatalf("report %+v", r)
	}
}
