// Package app is the WPS Sync Doctor window: the overview of findings by
// area with their fixes, the fix flow (preview, consent, progress, result
// with the re-check, undo), the history of the fix journal and the
// settings. It is built on Fyne widgets but never imports Fyne's app or
// driver packages, so its tests run with fyne.io/fyne/v2/test, without X
// or GL. All long work runs off the UI goroutine and comes back via fyne.Do (Deps.UI).
package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/fixes/plan"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

// Fixer is what the window needs from the fix engine; *plan.Engine
// implements it, widget tests use a fake.
type Fixer interface {
	Plan(ctx context.Context, id string) (plan.Plan, error)
	Apply(ctx context.Context, p plan.Plan, progress func(plan.Progress)) (plan.Result, error)
	Undo(ctx context.Context, entryID string, progress func(plan.Progress)) (plan.Result, error)
	History() ([]plan.Entry, error)
}

// Autostart is the login-start switch (platform/autostart in the program).
type Autostart interface {
	Enabled() (bool, error)
	SetEnabled(on bool) error
}

// Deps are the window's collaborators.
type Deps struct {
	Store    settings.Store
	Diagnose func(ctx context.Context, light bool, lang string) (health.Report, error)
	// Facts are the checks' facts the verdict needs (verdict.FactsOf the
	// catalogue Diagnose runs).
	Facts verdict.Facts
	// Fixer may be nil: fix buttons then explain that fixes are unavailable.
	Fixer     Fixer
	Autostart Autostart
	// Copy puts text on the clipboard; nil uses the window's clipboard.
	Copy func(string)
	// UI hands work from background goroutines to the UI goroutine: wait
	// says whether to block until it ran. nil means fyne.Do / fyne.DoAndWait;
	// tests pass a queue they run on their own goroutine.
	UI func(fn func(), wait bool)
	// ShareText renders a report for "Copy report": redacted for sharing
	// (the composition root knows this computer's roots); nil disables copying.
	ShareText func(lang string, r health.Report) string
	// Log records what the window did (fix flows and their outcomes) in the
	// program's log, for the helpdesk; nil logs nothing.
	Log func(format string, args ...any)
	// Bundle builds a support bundle in memory, redacted, for the preview
	// (a full check first) in the chosen redaction mode; nil disables the
	// support bundle page's button.
	Bundle func(ctx context.Context, lang string, mode RedactMode) (*BundlePreview, error)
	// Documents is the user's Documents folder, the bundle's default
	// place; "" offers only the file-save dialog.
	Documents string
	// Support is whom to ask, in lang, for the footer; nil shows none.
	Support func(lang string) []SupportContact
	// Guide runs the "What is wrong?" page's symptom checks (guide.go).
	Guide GuideDeps
	// ShowFile shows a file in the desktop's file manager (platform/reveal
	// in the program): the "Show in folder" buttons of findings that name
	// files; nil shows no such button.
	ShowFile func(path string) error
	// ITNote renders the request for the IT department ("Copy for IT" on
	// a finding blocked on the network); nil offers no such button.
	ITNote func(lang string, r health.Report) string
}

// Window is the main window and its state.
type Window struct {
	W    fyne.Window
	deps Deps

	mu       sync.Mutex
	settings settings.Settings
	report   *health.Report
	checking bool
	errText  string

	tabs     *container.AppTabs
	overview *fyne.Container
	history  *fyne.Container
	prefs    *fyne.Container
	// bundlePage is the support bundle page, footer the support contact.
	bundlePage *fyne.Container
	footer     *fyne.Container
	bundle     bundleState
	// bundleMode is the redaction mode chosen on the bundle page ("" is
	// the default); kept while the window is open.
	bundleMode RedactMode

	// jobs counts background work, so tests can wait for it.
	form *SettingsForm

	jobs sync.WaitGroup
	// settleUI is set by tests to run queued UI work.
	settleUI func()
	// flow is the open fix flow, if any (for tests).
	flow *FixFlow
	// guide is the "What is wrong?" page (guide.go).
	guide guideState
}

// New builds the window over a (the real app or fyne's test app).
func New(a fyne.App, d Deps) *Window {
	if d.UI == nil {
		d.UI = func(fn func(), wait bool) {
			if wait {
				fyne.DoAndWait(fn)
			} else {
				fyne.Do(fn)
			}
		}
	}
	w := &Window{W: a.NewWindow("WPS Sync Doctor"), deps: d, settings: settings.Default()}
	if d.Store != nil {
		s, err := d.Store.LoadSettings()
		w.settings = s
		if err != nil {
			w.errText = err.Error()
		}
		if r, _, err := d.Store.LastReport(); err == nil {
			r.Localize(w.settings.Language(), i18n.T)
			w.report = &r
		} else if !errors.Is(err, settings.ErrNoReport) {
			w.errText = err.Error()
		}
	}
	w.overview = container.NewVBox()
	w.history = container.NewVBox()
	w.prefs = container.NewVBox()
	w.bundlePage = container.NewVBox()
	w.footer = container.NewVBox()
	w.tabs = container.NewAppTabs(
		container.NewTabItem("", container.NewVScroll(w.overview)),
		container.NewTabItem("", container.NewVScroll(w.history)),
		container.NewTabItem("", container.NewVScroll(w.prefs)),
		container.NewTabItem("", container.NewVScroll(w.bundlePage)),
	)
	w.addGuideTab()
	w.tabs.OnSelected = func(ti *container.TabItem) {
		if ti == w.tabs.Items[1] {
			w.refreshHistory()
		}
	}
	w.W.SetContent(container.NewBorder(nil, w.footer, nil, nil, w.tabs))
	w.W.Resize(fyne.NewSize(760, 620))
	w.rebuild()
	return w
}

// Lang is the language the window shows.
func (w *Window) Lang() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.settings.Language()
}

// t translates key with name/value pairs in the window's language.
func (w *Window) t(key string, kv ...any) string {
	var args map[string]any
	if len(kv) > 0 {
		args = health.Msg(key, kv...).Args
	}
	return redact.EscapeText(i18n.T(w.Lang(), key, args))
}

func (w *Window) msg(m health.Message) string {
	return redact.EscapeText(i18n.T(w.Lang(), m.Key, m.Args))
}

// rebuild redraws every page (after a language change or a new report).
// Call it on the UI goroutine.
func (w *Window) rebuild() {
	w.W.SetTitle(w.t("app.title"))
	w.tabs.Items[0].Text = w.t("app.tab.overview")
	w.tabs.Items[1].Text = w.t("app.tab.history")
	w.tabs.Items[2].Text = w.t("app.tab.settings")
	w.tabs.Items[3].Text = w.t("app.tab.bundle")
	w.tabs.Refresh()
	w.buildOverview()
	w.refreshHistory()
	w.buildSettings()
	w.buildBundle()
	w.buildFooter()
	w.buildGuide()
}

// go runs fn in the background, counted for Wait.
func (w *Window) background(fn func()) {
	w.jobs.Add(1)
	go func() {
		defer w.jobs.Done()
		fn()
	}()
}

// Wait blocks until background work has finished (tests).
func (w *Window) Wait() { w.jobs.Wait() }

// CheckNow runs the full set of checks in the background and shows the
// result; the window stays responsive meanwhile.
func (w *Window) CheckNow() {
	w.mu.Lock()
	if w.checking || w.deps.Diagnose == nil {
		w.mu.Unlock()
		return
	}
	w.checking = true
	lang := w.settings.Language()
	w.mu.Unlock()
	w.buildOverview()
	w.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*health.Deadline)
		defer cancel()
		rep, err := w.deps.Diagnose(ctx, false, lang)
		if err == nil && w.deps.Store != nil {
			if serr := w.deps.Store.SaveReport(rep); serr != nil {
				err = serr
			}
		}
		w.deps.UI(func() {
			w.mu.Lock()
			w.checking = false
			if rep.SchemaVersion != 0 {
				w.report = &rep
			}
			w.errText = ""
			if err != nil {
				w.errText = err.Error()
			}
			w.mu.Unlock()
			w.buildOverview()
		}, true)
	})
}

// Report returns the report shown (nil before any), for tests.
func (w *Window) Report() *health.Report {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.report
}

func (w *Window) copyText(s string) {
	if w.deps.Copy != nil {
		w.deps.Copy(s)
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(s)
}

// label is a wrapping label. Its text may come from the user's files (a
// file name in a finding): control characters and bidi overrides are
// shown escaped, never acted on.
func label(s string) *widget.Label {
	l := widget.NewLabel(redact.EscapeText(s))
	l.Wrapping = fyne.TextWrapWord
	return l
}

func when(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }

func errLine(err error) string { return fmt.Sprint(err) }

// Shutdown cancels a running fix (the engine rolls back what it did) and
// waits up to limit for background work, so the process can end without
// going through the toolkit's window-closing path.
func (w *Window) Shutdown(limit time.Duration) {
	w.mu.Lock()
	f := w.flow
	w.mu.Unlock()
	if f != nil && f.cancel != nil {
		f.cancel()
	}
	done := make(chan struct{})
	go func() { w.jobs.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
	}
}
