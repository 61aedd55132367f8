package metrics

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"wpsdoctor/agent/state"
	"wpsdoctor/health"
)

var at = time.Date(2026, 12, 2, 8, 0, 0, 500e6, time.UTC)

func report() *health.Report {
	fs := []health.Finding{
		{Check: "net.tcp", Code: "WSD-NET-010", Status: health.StatusOK},
		{Check: "net.dns", Code: "WSD-DNS-001", Status: health.StatusFail},
		{Check: "local.clock", Code: "WSD-CLK-001", Status: health.StatusWarn},
		{Check: "net.tls", Code: "WSD-TLS-009", Status: health.StatusError},
		{Check: "net.proxy", Code: "WSD-PRX-000", Status: health.StatusSkipped},
		{Check: "net.https", Code: "WSD-NET-020", Status: health.StatusSkipped, SuppressedBy: "net.dns"},
		{Check: "wps.cloud", Code: "WSD-W-1", Status: health.StatusInfo},
		{Check: "wps.cloud", Code: "WSD-W-2", Status: health.StatusWarn},
		{Check: `odd"check\name` + "\n", Code: "X", Status: health.StatusOK},
	}
	r := health.NewReport(health.Tool{}, health.Host{}, "en", at, time.Second, fs)
	return &r
}

func parse(t *testing.T, data []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the textfile does not parse: %v\n%s", err, data)
	}
	return fams
}

// value is the gauge of family name whose label (if any) has value lv.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name, lv string) float64 {
	t.Helper()
	f, ok := fams[name]
	if !ok {
		t.Fatalf("no family %s", name)
	}
	if f.GetType() != dto.MetricType_GAUGE || f.GetHelp() == "" {
		t.Errorf("%s: got type %v help %q, want a gauge with help", name, f.GetType(), f.GetHelp())
	}
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) == 0 && lv == "" || len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == lv {
			return m.GetGauge().GetValue()
		}
	}
	t.Fatalf("%s: no sample with label value %q", name, lv)
	return 0
}

func TestRenderParses(t *testing.T) {
	s := FromReport(report(), state.Problem, at, 1500*time.Millisecond, "1.2.3")
	fams := parse(t, Render(s))
	for _, tt := range []struct {
		name, label string
		want        float64
	}{
		{"wpsdoctor_up", "", 1},
		{"wpsdoctor_health_state", "problem", 1}, {"wpsdoctor_health_state", "healthy", 0},
		{"wpsdoctor_health_state", "warning", 0}, {"wpsdoctor_health_state", "offline", 0}, {"wpsdoctor_health_state", "unknown", 0},
		{"wpsdoctor_findings", "ok", 2}, {"wpsdoctor_findings", "fail", 1}, {"wpsdoctor_findings", "warn", 2},
		{"wpsdoctor_findings", "error", 1}, {"wpsdoctor_findings", "skipped", 2}, {"wpsdoctor_findings", "info", 1},
		{"wpsdoctor_check_status", "net.tcp", CheckOK}, {"wpsdoctor_check_status", "net.dns", CheckFailing},
		{"wpsdoctor_check_status", "local.clock", CheckWarning}, {"wpsdoctor_check_status", "net.tls", CheckUnknown},
		{"wpsdoctor_check_status", "net.proxy", CheckOK}, {"wpsdoctor_check_status", "net.https", CheckUnknown},
		{"wpsdoctor_check_status", "wps.cloud", CheckWarning}, {"wpsdoctor_check_status", `odd"check\name` + "\n", CheckOK},
		{"wpsdoctor_last_run_timestamp_seconds", "", float64(at.Unix()) + 0.5},
		{"wpsdoctor_last_run_duration_seconds", "", 1.5},
		{"wpsdoctor_info", "1.2.3", 1},
	} {
		t.Run(tt.name+"/"+tt.label, func(t *testing.T) {
			if got := value(t, fams, tt.name, tt.label); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if n := len(fams["wpsdoctor_health_state"].GetMetric()); n != len(state.All) {
		t.Errorf("health_state: got %d samples, want one per state (%d)", n, len(state.All))
	}
}

func TestRenderNoReport(t *testing.T) {
	fams := parse(t, Render(FromReport(nil, state.Healthy, at, time.Second, "dev")))
	if got := value(t, fams, "wpsdoctor_up", ""); got != 0 {
		t.Errorf("up: got %v, want 0", got)
	}
	if got := value(t, fams, "wpsdoctor_health_state", "unknown"); got != 1 {
		t.Errorf("health_state unknown: got %v, want 1 (no report is never healthy)", got)
	}
	if got := value(t, fams, "wpsdoctor_findings", "fail"); got != 0 {
		t.Errorf("findings fail: got %v, want 0", got)
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wpsdoctor.prom")
	s := FromReport(report(), state.Problem, at, time.Second, "1")
	for range 2 { // the second write replaces the first
		if err := Write(path, s); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	parse(t, data)
	if st, _ := os.Stat(path); runtime.GOOS != "windows" && st.Mode().Perm() != 0o644 {
		t.Errorf("mode: got %o, want 644 (the exporter's user reads it)", st.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 1 {
		t.Errorf("got files %v, want only wpsdoctor.prom (no temporary file left)", left)
	}
	missing := filepath.Join(dir, "no-exporter", "wpsdoctor.prom")
	if err := Write(missing, s); !errors.Is(err, ErrNoCollector) {
		t.Errorf("missing folder: got %v, want ErrNoCollector", err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got the exporter's folder created (%v), want it left alone", err)
	}
}
