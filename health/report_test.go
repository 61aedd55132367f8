package health

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestReportGolden pins the Report JSON: helpdesk scripts parse it. A change
// here must bump SchemaVersion (or be purely additive) and update the golden
// file with `go test ./health -run Golden -update`.
func TestReportGolden(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 123456789, time.FixedZone("CST", 8*3600))
	fs := []Finding{
		OK("WSD-INS-001", Msg("local.installed", "version", "12.1.0.28505", "edition", "i18n:edition.mainland", "root", `C:\WPS`)).
			With("source", "registry:HKCU"),
		Fail("WSD-CLK-002", Msg("net.clock_skew_fail", "minutes", 7)).With("offset_ms", -420123).Suggest("clock.sync"),
		{Status: StatusSkipped, Code: CodeSuppressed, Message: Msg("runner.suppressed", "root", "net.online"), SuppressedBy: "net.online"},
	}
	fs[0].Check, fs[0].Area, fs[0].DurationMS = "wps.installed", AreaInstall, 3
	fs[1].Check, fs[1].Area, fs[1].DurationMS, fs[1].Text = "clock.skew", AreaClock, 512, "The clock is 7 minutes off."
	fs[2].Check, fs[2].Area = "net.tls", AreaNetwork
	rep := NewReport(Tool{Name: "wpsdoctor", Version: "1.2.3"}, Host{OS: "windows", Arch: "amd64", OSVersion: "Windows 11 10.0.22631"},
		"en", at, 1500*time.Millisecond, fs)
	got, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const golden = "testdata/report.golden.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("Report JSON changed (schema_version %d):\n--- got\n%s\n--- want\n%s", SchemaVersion, got, want)
	}
	// The fields scripts rely on, spelled out.
	var generic map[string]any
	if err := json.Unmarshal(got, &generic); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "overall", "findings", "summary", "generated_at", "host", "tool", "duration_ms"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}
	if rep.Overall != StatusFail || rep.Summary.Fail != 1 || rep.Summary.Skipped != 1 {
		t.Errorf("verdict/summary wrong: %s %+v", rep.Overall, rep.Summary)
	}
}
