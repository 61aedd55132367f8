package app

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/health"
	"wpsdoctor/settings"
)

// filesReport: a refused program and a conflict copy, each a finding of
// files.sync naming its files in full (as saved: JSON decodes []any).
func filesReport() health.Report {
	fs := []health.Finding{
		{Check: "files.sync", Area: health.AreaFiles, Status: health.StatusWarn, Code: "WSD-FIL-010",
			Message:  health.Msg("files.class.unsupported_type", "count", 2, "examples", []string{"…/项目/setup.exe", "tool.msi"}),
			Evidence: map[string]any{"paths": []string{"/home/li/WPS云盘/a/项目/setup.exe", "/home/li/WPS云盘/tool.msi"}}},
		{Check: "files.sync", Area: health.AreaFiles, Status: health.StatusInfo, Code: "WSD-FIL-016",
			Message:  health.Msg("files.class.conflict_copy", "count", 1, "examples", []string{"合同-副本.docx"}),
			Evidence: map[string]any{"paths": []string{"/home/li/WPS云盘/合同-副本.docx"}}},
	}
	return health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Second, fs)
}

// buttons returns the buttons under o whose text starts with prefix.
func buttons(o fyne.CanvasObject, prefix string) []*widget.Button {
	var out []*widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if strings.HasPrefix(x.Text, prefix) {
				out = append(out, x)
			}
		case *widget.Card:
			if x.Content != nil {
				walk(x.Content)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestShowInFolder(t *testing.T) {
	st := &settings.Files{Dir: t.TempDir()}
	if err := st.SaveReport(filesReport()); err != nil { // saved and loaded: paths as []any
		t.Fatal(err)
	}
	var opened []string
	var fail error
	w := newTestWindow(t, Deps{Store: st, ShowFile: func(p string) error { opened = append(opened, p); return fail }}, "en")
	bs := buttons(w.overview, "Show in folder")
	var labels []string
	for _, b := range bs {
		labels = append(labels, b.Text)
	}
	want := []string{"Show in folder: setup.exe", "Show in folder: tool.msi", "Show in folder: 合同-副本.docx"}
	if !slices.Equal(labels, want) {
		t.Fatalf("got buttons %q, want %q", labels, want)
	}
	test.Tap(bs[1])
	if want := []string{"/home/li/WPS云盘/tool.msi"}; !slices.Equal(opened, want) {
		t.Errorf("got opened %q, want %q", opened, want)
	}
	fail = errors.New("xdg-open: program not found")
	test.Tap(bs[0])
	if len(opened) != 2 || opened[1] != "/home/li/WPS云盘/a/项目/setup.exe" {
		t.Errorf("got opened %q, want setup.exe's path second", opened)
	}

	zh := newTestWindow(t, Deps{Store: st, ShowFile: func(string) error { return nil }}, "zh-CN")
	if got := len(buttons(zh.overview, "在文件夹中显示：")); got != 3 {
		t.Errorf("got %d zh-CN buttons, want 3", got)
	}
	none := newTestWindow(t, Deps{Store: st}, "en")
	if got := len(buttons(none.overview, "Show in folder")); got != 0 {
		t.Errorf("got %d buttons without ShowFile, want 0", got)
	}
}
