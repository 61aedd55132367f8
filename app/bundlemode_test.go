package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// radio returns the bundle page's redaction choice.
func radio(t *testing.T, o fyne.CanvasObject) *widget.RadioGroup {
	t.Helper()
	var found *widget.RadioGroup
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.RadioGroup:
			found = x
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatal("no redaction choice on the bundle page")
	}
	return found
}

// overlayButton taps the button labelled text in the dialog on top.
func overlayButton(t *testing.T, w *Window, text string) {
	t.Helper()
	top := w.W.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	var hit *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			hit = b
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
		if r, ok := o.(fyne.Widget); ok && hit == nil {
			if rr := test.WidgetRenderer(r); rr != nil {
				for _, x := range rr.Objects() {
					walk(x)
				}
			}
		}
	}
	walk(top)
	if hit == nil {
		t.Fatalf("dialog has no %q button", text)
	}
	test.Tap(hit)
}

// TestBundleRedactionModes: the page offers default, strict and off; a
// choice rebuilds the preview in it; off asks first, and declining keeps
// the mode in force.
func TestBundleRedactionModes(t *testing.T) {
	fb := &fakeBundle{}
	w := newTestWindow(t, Deps{Bundle: fb.build}, "en")
	w.ShowBundle()
	w.settleUI()
	r := radio(t, w.bundlePage)
	wantOpts := []string{w.t("app.bundle.mode.default"), w.t("app.bundle.mode.strict"), w.t("app.bundle.mode.off")}
	if !slices.Equal(r.Options, wantOpts) || r.Selected != wantOpts[0] {
		t.Fatalf("got options %q selected %q, want %q with the default selected", r.Options, r.Selected, wantOpts)
	}

	r.SetSelected(wantOpts[1]) // strict
	w.settleUI()
	if got := texts(w.bundlePage); !strings.Contains(got, "<USER> (strict)") {
		t.Errorf("the preview was not built again in strict:\n%s", got)
	}

	steps := []struct {
		name, button string
		want         RedactMode
	}{
		{"off declined", "No", RedactStrict},
		{"off confirmed", "Yes", RedactOff},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := len(fb.modes)
			radio(t, w.bundlePage).SetSelected(wantOpts[2])
			w.settleUI()
			if len(fb.modes) != before {
				t.Fatalf("got a bundle built in %v before the confirmation", fb.modes[before:])
			}
			overlayButton(t, w, s.button)
			w.settleUI()
			if got := fb.modes[len(fb.modes)-1]; got != s.want {
				t.Errorf("got last preview in %q, want %q (modes %v)", got, s.want, fb.modes)
			}
			if got, want := radio(t, w.bundlePage).Selected, w.t("app.bundle.mode."+string(s.want)); got != want {
				t.Errorf("got %q selected, want %q", got, want)
			}
		})
	}
	if got := texts(w.bundlePage); !strings.Contains(got, "<USER> (off)") {
		t.Errorf("the preview does not show the off mode:\n%s", got)
	}
}
