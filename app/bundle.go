package app

import (
	"context"
	"io"
	"net/url"
	"path/filepath"
	"wpsdoctor/atomicfile"
	"wpsdoctor/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/health"
)

// BundleFile is one file of a support bundle, as the preview lists it.
type BundleFile struct {
	Name  string
	About string // what it holds
}

// BundlePreview is a support bundle built and redacted in memory, shown
// before anything is written. The program builds it (report.Build over
// product.BundleInput); the window only shows and saves it.
type BundlePreview struct {
	Files   []BundleFile
	Summary string // the redacted Markdown summary, in the user's language
	Code    string // the support code, read over the phone
	// Write writes the zip to w.
	Write func(w io.Writer) error
}

// SupportContact is whom to ask: the organisation's support from the
// policy file, or WPS's customer-service page of the user's family.
type SupportContact struct {
	Name    string
	Contact string // e-mail or phone, may be empty
	URL     string
}

// RedactMode is how much a support bundle hides (report.Mode in the
// program): default, strict (also host names and private addresses) or
// off (nothing but credentials; only after the user confirms).
type RedactMode string

// The redaction modes the bundle page offers, in its order.
const (
	RedactDefault RedactMode = "default"
	RedactStrict  RedactMode = "strict"
	RedactOff     RedactMode = "off"
)

var redactModes = []RedactMode{RedactDefault, RedactStrict, RedactOff}

// bundleState is the support bundle page's state.
type bundleState struct {
	building bool
	preview  *BundlePreview
	err      string
	saved    string // the path saved to
}

// buildBundle builds the support bundle page (on the UI goroutine).
func (w *Window) buildBundle() {
	w.mu.Lock()
	st := w.bundle
	w.mu.Unlock()
	objs := []fyne.CanvasObject{label(w.t("app.bundle.intro"))}
	mk := widget.NewButtonWithIcon(w.t("app.bundle.make"), theme.DocumentSaveIcon(), w.ShowBundle)
	if st.building || w.deps.Bundle == nil {
		mk.Disable()
	}
	objs = append(objs, container.NewHBox(mk), w.modeChoice(st.building))
	if w.deps.Bundle == nil {
		objs = append(objs, label(w.t("app.bundle.unavailable")))
	}
	if st.building {
		objs = append(objs, label(w.t("app.bundle.building")), widget.NewProgressBarInfinite())
	}
	if st.err != "" {
		objs = append(objs, label(w.t("app.error", "error", st.err)))
	}
	if p := st.preview; p != nil {
		objs = append(objs, widget.NewLabelWithStyle(w.t("app.bundle.files"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, f := range p.Files {
			objs = append(objs, label(f.Name+" — "+f.About))
		}
		objs = append(objs, widget.NewLabelWithStyle(w.t("app.bundle.summary"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		sum := label(p.Summary)
		sum.TextStyle = fyne.TextStyle{Monospace: true}
		objs = append(objs, sum)
		saveAs := widget.NewButtonWithIcon(w.t("app.bundle.save_as"), theme.DocumentSaveIcon(), w.saveBundleAs)
		saveAs.Importance = widget.HighImportance
		saveDocs := widget.NewButton(w.t("app.bundle.save_docs"), func() { w.SaveBundleTo(w.DefaultBundlePath()) })
		if w.deps.Documents == "" {
			saveDocs.Disable()
		}
		objs = append(objs, container.NewHBox(saveAs, saveDocs))
		if st.saved != "" {
			objs = append(objs, label(w.t("app.bundle.saved", "path", st.saved)))
		}
		code := widget.NewLabelWithStyle(w.t("app.bundle.code", "code", p.Code), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		objs = append(objs, code)
	}
	w.bundlePage.Objects = objs
	w.bundlePage.Refresh()
}

// ShowBundle opens the support bundle page and builds a new preview in
// the background (a full check, then the redacted files in memory).
// Nothing is written until the user saves.
func (w *Window) ShowBundle() {
	w.tabs.Select(w.tabs.Items[3])
	w.mu.Lock()
	if w.bundle.building || w.deps.Bundle == nil {
		w.mu.Unlock()
		w.buildBundle()
		return
	}
	w.bundle = bundleState{building: true}
	lang, mode := w.settings.Language(), w.redactMode()
	w.mu.Unlock()
	w.buildBundle()
	w.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*health.Deadline)
		defer cancel()
		p, err := w.deps.Bundle(ctx, lang, mode)
		w.deps.UI(func() {
			w.mu.Lock()
			w.bundle = bundleState{preview: p}
			if err != nil {
				w.bundle = bundleState{err: err.Error()}
			}
			w.mu.Unlock()
			w.buildBundle()
		}, true)
	})
}

// redactMode is the chosen mode (w.mu held).
func (w *Window) redactMode() RedactMode {
	if w.bundleMode == "" {
		return RedactDefault
	}
	return w.bundleMode
}

// modeChoice offers the redaction modes; choosing one builds the preview
// again in that mode, and "off" first asks the user to confirm.
func (w *Window) modeChoice(building bool) fyne.CanvasObject {
	w.mu.Lock()
	cur := w.redactMode()
	w.mu.Unlock()
	var opts []string
	byLabel := map[string]RedactMode{}
	for _, m := range redactModes {
		l := w.t(i18n.MemberKey("app.bundle.mode", string(m)))
		opts = append(opts, l)
		byLabel[l] = m
	}
	var radio *widget.RadioGroup
	radio = widget.NewRadioGroup(opts, func(l string) {
		m, ok := byLabel[l]
		if !ok || m == cur {
			return
		}
		if m != RedactOff {
			w.SetRedactMode(m)
			return
		}
		dialog.ShowConfirm(w.t("app.bundle.off_title"), w.t("app.bundle.off_confirm"), func(ok bool) {
			if ok {
				w.SetRedactMode(RedactOff)
			} else {
				w.buildBundle() // back to the mode in force
			}
		}, w.W)
	})
	radio.Required = true
	radio.SetSelected(w.t(i18n.MemberKey("app.bundle.mode", string(cur))))
	if building || w.deps.Bundle == nil {
		radio.Disable()
	}
	return container.NewVBox(label(w.t("app.bundle.mode_label")), radio)
}

// SetRedactMode sets the bundle's redaction mode (the caller has had "off"
// confirmed) and, once a preview was asked for, builds it again in it.
func (w *Window) SetRedactMode(m RedactMode) {
	w.mu.Lock()
	w.bundleMode = m
	again := w.bundle.preview != nil || w.bundle.err != ""
	w.mu.Unlock()
	if again {
		w.ShowBundle()
		return
	}
	w.buildBundle()
}

// BundlePreview returns the preview shown (nil before one), for tests.
func (w *Window) BundlePreview() *BundlePreview {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bundle.preview
}

// DefaultBundlePath is wpsdoctor-support-CODE.zip in the user's Documents
// folder ("" without a preview or a Documents folder).
func (w *Window) DefaultBundlePath() string {
	p := w.BundlePreview()
	if p == nil || w.deps.Documents == "" {
		return ""
	}
	return filepath.Join(w.deps.Documents, "wpsdoctor-support-"+p.Code+".zip")
}

// SaveBundleTo writes the previewed bundle to path: never over an existing
// file, readable by the user only (the bundle may hold personal data).
func (w *Window) SaveBundleTo(path string) {
	p := w.BundlePreview()
	if p == nil || path == "" {
		return
	}
	err := writeNew(path, p.Write)
	w.bundleSaved(path, err)
}

func (w *Window) bundleSaved(path string, err error) {
	w.mu.Lock()
	if err != nil {
		w.bundle.err, w.bundle.saved = err.Error(), ""
	} else {
		w.bundle.err, w.bundle.saved = "", path
	}
	w.mu.Unlock()
	if err == nil {
		w.logf("support bundle saved: %s (code %s)", path, w.BundlePreview().Code)
	}
	w.buildBundle()
}

// saveBundleAs asks where to save with the toolkit's file-save dialog.
func (w *Window) saveBundleAs() {
	p := w.BundlePreview()
	if p == nil {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			if err != nil {
				w.bundleSaved("", err)
			}
			return
		}
		err = p.Write(wc)
		if cerr := wc.Close(); err == nil {
			err = cerr
		}
		w.bundleSaved(wc.URI().Path(), err)
	}, w.W)
	d.SetFileName(filepath.Base(w.DefaultBundlePath()))
	if w.deps.Documents != "" {
		if u, err := storageDir(w.deps.Documents); err == nil {
			d.SetLocation(u)
		}
	}
	d.Show()
}

// writeNew creates path exclusively (mode 0600) and writes it with write;
// a failed write leaves no file behind.
func writeNew(path string, write func(io.Writer) error) error {
	return atomicfile.WriteNew(path, write)
}

// footer is the support contact under every page.
func (w *Window) buildFooter() {
	var cs []SupportContact
	if w.deps.Support != nil {
		cs = w.deps.Support(w.Lang())
	}
	objs := []fyne.CanvasObject{}
	for _, c := range cs {
		text := c.Name
		if c.Contact != "" {
			text += " · " + c.Contact
		}
		row := []fyne.CanvasObject{widget.NewLabel(w.t("app.support", "contact", text))}
		if u, err := url.Parse(c.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
			row = append(row, widget.NewHyperlink(c.URL, u))
		}
		objs = append(objs, container.NewHBox(row...))
	}
	w.footer.Objects = objs
	w.footer.Refresh()
}

// storageDir is dir as the file dialog's starting folder.
func storageDir(dir string) (fyne.ListableURI, error) {
	return storage.ListerForURI(storage.NewFileURI(dir))
}
