package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"wpsdoctor/app"
	"wpsdoctor/assets/icons"
	"wpsdoctor/fixes"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/instance"
	"wpsdoctor/platform/reveal"
	"wpsdoctor/product"
	"wpsdoctor/report"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

// runWindow is the window process: a Fyne app that lives while the window
// is open.
func runWindow(ctx context.Context, o options, p *product.Product, store settings.Store, logger *log.Logger) (code int) {
	prefs, _ := store.LoadSettings()
	lang := prefs.Language()
	var shown atomic.Pointer[app.Window]
	release, code, done := claim(p.Locations.Instance, partWindow, windowRequest(o), raiseWindow(&shown, logger), logger)
	if done {
		return code
	}
	defer release()
	reach := func(eps []endpoint) bool { return reachable(eps, time.Second) }
	if msg := displayProblem(runtime.GOOS, os.Getenv, lang, reach); msg != "" {
		logger.Print(msg)
		return 2
	}
	// Last resort: a display that answered the probe but that GLFW still
	// cannot use (wrong auth, Wayland-only session with an X11 build, no
	// OpenGL) panics inside Fyne on this goroutine; say it in words.
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if !toolkitPanic(debug.Stack()) {
			panic(p) // a bug of ours: keep its stack trace
		}
		logger.Printf("the window toolkit failed: %s", strings.Join(strings.Fields(fmt.Sprint(p)), " "))
		if displayNames(os.Getenv) != "" {
			logger.Print(i18n.T(lang, "app.display.unreachable", map[string]any{"display": displayNames(os.Getenv)}))
		} else {
			logger.Print(i18n.T(lang, "app.display.failed", nil))
		}
		code = 2
	}()
	fyneapp.SetMetadata(fyne.AppMetadata{ID: AppID, Name: "WPS Sync Doctor", Version: version,
		Icon: fyne.NewStaticResource("app.png", icons.App())})
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("app.png", icons.App()))

	w := app.New(a, windowDeps(p, store, logger))
	w.W.SetMaster()
	shown.Store(w)
	go func() {
		<-ctx.Done()
		// SIGTERM/Ctrl-C: settings are saved as they change and the fix
		// journal is written before each step, so nothing needs the GUI to
		// close. Exiting directly also avoids a Fyne 2.7.1 crash when a
		// pointer event arrives while a window closes (processMouseMoved ->
		// nil view().SetInputMode), seen under Xvfb.
		w.Shutdown(30 * time.Second)
		logger.Printf("window closed (signal)")
		os.Exit(0)
	}()
	a.Lifecycle().SetOnStarted(func() { openAt(w, o) })
	w.W.ShowAndRun()
	logger.Printf("window closed")
	return 0
}

// windowDeps is what the window is given: the product's diagnosis, fixes,
// guide, bundle and IT note, and the desktop actions (autostart, show in
// folder). The tray shows each report the window saves as soon as it is
// told.
func windowDeps(p *product.Product, store settings.Store, logger *log.Logger) app.Deps {
	store = settings.Announced{Store: store, Tell: tellTray(p.Locations.Instance, logger)}
	deps := app.Deps{Store: store, Diagnose: p.Run, ShareText: shareText(p), Facts: verdict.FactsOf(p.Checks()),
		Autostart: loginStart{}, Log: logger.Printf,
		Bundle: bundlePreview(p), Documents: product.Documents(nil), Support: supportContacts(p, logger),
		ShowFile: reveal.Show}
	deps.Guide = app.GuideDeps{Run: p.RunChecks, Pages: p.GuidePages()}
	deps.ITNote = itNote(p)
	if eng, err := p.Engine(); err != nil {
		logger.Printf("fixes unavailable: %v", err)
	} else {
		deps.Fixer = eng
	}
	return deps
}

// openAt shows what the window was opened for: a check when there is no
// report yet, then the fix flow, the support bundle or the symptom guide.
func openAt(w *app.Window, o options) {
	if w.Report() == nil {
		w.CheckNow() // opened before the tray ever checked: check now
	}
	switch {
	case o.fix != "":
		w.StartFix(o.fix)
	case o.bundle:
		w.ShowBundle()
	case o.guide:
		w.ShowGuide()
	}
}

// raiseWindow answers a second --window: bring this window to the front,
// and start the fix it asked for unless a fix flow is open already.
func raiseWindow(shown *atomic.Pointer[app.Window], logger *log.Logger) func(instance.Request) error {
	return func(r instance.Request) error {
		if r.Verb != instance.VerbOpen && r.Verb != instance.VerbBundle && r.Verb != instance.VerbGuide {
			return fmt.Errorf("the window takes no %q request", r.Verb)
		}
		if err := knownFix(r.Fix); err != nil {
			return err
		}
		logger.Printf("second launch: to the front %s", r.Fix)
		w := shown.Load()
		if w == nil {
			return nil // still starting: it is about to show anyway
		}
		fyne.Do(func() {
			w.W.Show()
			w.W.RequestFocus()
			if f := w.Flow(); r.Fix != "" && (f == nil || f.Phase == "closed") {
				w.StartFix(r.Fix)
			}
			if r.Verb == instance.VerbBundle {
				w.ShowBundle()
			}
			if r.Verb == instance.VerbGuide {
				w.ShowGuide()
			}
		})
		return nil
	}
}

// autoFixer applies a fix without a prompt for the tray's "run
// automatically, then notify" level, but only a plan that needs no
// administrator rights and carries no refusal; anything else is left to
// the window and the user's consent.
func autoFixer(p *product.Product) func(ctx context.Context, id string) (string, error) {
	return func(ctx context.Context, id string) (string, error) {
		eng, err := p.Engine()
		if err != nil {
			return "", err
		}
		p, err := eng.Plan(ctx, id)
		if err != nil {
			return "", err
		}
		if p.Refusal != nil {
			return "", fmt.Errorf("%w", fixes.ErrRefused)
		}
		if p.NeedsElevation() {
			return "", errors.New("needs administrator rights")
		}
		res, err := eng.Apply(ctx, p, nil)
		return string(res.Outcome), err
	}
}

// bundlePreview builds the support bundle the window previews: the same
// gathering and files as wpsdoctor report, redacted with the default mode
// (the window never saves an unredacted bundle), held in memory until the
// user saves.
func bundlePreview(p *product.Product) func(ctx context.Context, lang string, mode app.RedactMode) (*app.BundlePreview, error) {
	return func(ctx context.Context, lang string, mode app.RedactMode) (*app.BundlePreview, error) {
		now := time.Now()
		m, err := report.ParseMode(string(mode))
		if err != nil {
			return nil, err
		}
		in, err := p.BundleInput(ctx, product.BundleOptions{Lang: lang, Mode: m, Time: now,
			PolicyPath: report.PolicyPath(runtime.GOOS, os.Getenv)})
		if err != nil {
			return nil, err
		}
		b, err := report.Build(in)
		if err != nil {
			return nil, err
		}
		return previewOf(b, now), nil
	}
}

// previewOf turns a built bundle into the window's plain preview: every
// file with what it holds, the summary as it goes into the zip.
func previewOf(b *report.Bundle, at time.Time) *app.BundlePreview {
	pv := &app.BundlePreview{Code: b.Code, Write: func(w io.Writer) error { return b.WriteZip(w, at) }}
	for _, f := range b.Files {
		pv.Files = append(pv.Files, app.BundleFile{Name: f.Name, About: f.About})
		if f.Name == report.SummaryName {
			pv.Summary = string(f.Data)
		}
	}
	return pv
}

// supportContacts is the footer's contact: the organisation's policy
// file, or WPS's customer-service page of the installed family (both
// families when WPS is not found). Read once, when the window opens.
func supportContacts(p *product.Product, logger *log.Logger) func(lang string) []app.SupportContact {
	pol, found, err := report.LoadPolicy(report.PolicyPath(runtime.GOOS, os.Getenv))
	if err != nil {
		logger.Printf("support policy: %v", err)
		found = false
	}
	family := ""
	if inst, err := p.Install(); err == nil && inst.Found {
		family = string(inst.ServiceFamily())
	}
	cs := report.SupportContacts(pol, found, p.Catalog, family)
	return func(lang string) []app.SupportContact {
		out := make([]app.SupportContact, 0, len(cs))
		for _, c := range cs {
			out = append(out, app.SupportContact{Name: report.ContactName(c, lang), Contact: c.Contact, URL: c.URL})
		}
		return out
	}
}
