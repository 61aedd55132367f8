package app

import (
	"strings"
	"testing"
	"time"
	"wpsdoctor/i18n"

	"wpsdoctor/health"
	"wpsdoctor/settings"
)

// TestWindowEscapesControlCharacters: a file name from the sync folder
// carrying escape sequences and a bidi override is shown escaped in the
// status line, the finding and its details.
func TestWindowEscapesControlCharacters(t *testing.T) {
	evil := "a\x1b]0;OWNED\x07\x1b[2J\u202egpj.exe"
	fs := []health.Finding{{Check: "files.sync", Area: health.AreaFiles, Status: health.StatusWarn, Code: "WSD-FIL-002",
		Message:  health.Msg("local.files_problems", "count", 1, "files", 1, "first", evil+" (invalid_name)"),
		Evidence: map[string]any{"path": "/home/u/WPS云盘", "examples": []any{evil}}}}
	rep := health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Second, fs)
	rep.Localize("en", i18n.T)
	st := &settings.Files{Dir: t.TempDir()}
	if err := st.SaveReport(rep); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, Deps{Store: st}, "en")
	got := texts(w.overview)
	if strings.ContainsAny(got, "\x1b\x07\u202e") {
		t.Errorf("window text carries control characters: %q", got)
	}
	if !strings.Contains(got, `a\x1b]0;OWNED\x07\x1b[2J\u202egpj.exe`) {
		t.Errorf("window does not show the name escaped:\n%s", got)
	}
}
