package main

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/report"
	"wpsdoctor/report/redact"
)

// TestPreviewOfListsTheZip: the window's preview lists exactly the files
// the saved zip holds, with what each holds, and shows the redacted summary.
func TestPreviewOfListsTheZip(t *testing.T) {
	at := time.Date(2026, 12, 2, 3, 4, 5, 0, time.UTC)
	rep := health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", at, time.Second,
		[]health.Finding{{Check: "clock.skew", Area: health.AreaClock, Status: health.StatusFail, Code: "WSD-CLK-001",
			Evidence: map[string]any{"path": "/home/张伟/Documents/合同.docx"}}})
	b, err := report.Build(report.BundleInput{Report: rep, Lang: "en", Mode: report.ModeDefault, Time: at,
		Roots: redact.Config{Home: "/home/张伟", UserNames: []string{"张伟"}}, StateDir: "/home/张伟/.config/wpsdoctor"})
	if err != nil {
		t.Fatal(err)
	}
	pv := previewOf(b, at)
	if pv.Code != b.Code || pv.Code == "" {
		t.Errorf("code: got %q, want %q", pv.Code, b.Code)
	}
	if pv.Summary == "" || strings.Contains(pv.Summary, "张伟") {
		t.Errorf("summary: got %q, want the redacted summary.md", pv.Summary)
	}
	var buf bytes.Buffer
	if err := pv.Write(&buf); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var inZip, listed []string
	for _, f := range z.File {
		inZip = append(inZip, f.Name)
	}
	for _, f := range pv.Files {
		listed = append(listed, f.Name)
		if f.About == "" {
			t.Errorf("%s: no about", f.Name)
		}
	}
	if strings.Join(inZip, ",") != strings.Join(listed, ",") {
		t.Errorf("preview lists %v, want the zip's %v", listed, inZip)
	}
}
