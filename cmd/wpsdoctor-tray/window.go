package main

import (
	"context"
	"errors"
	"fmt"
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
	"wpsdoctor/product"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

// runWindow is the window process: a Fyne app that lives while the window
// is open.
func runWindow(ctx context.Context, o options, p *product.Product, store settings.Store, logger *log.Logger) (code int) {
	prefs, _ := store.LoadSettings()
	lang := prefs.Language()
	var shown atomic.Pointer[app.Window]
	release, code, done := claim(p.Locations.Instance, partWindow, openRequest(o.fix), raiseWindow(&shown, logger), logger)
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

	// The tray shows each report the window saves as soon as it is told.
	store = settings.Announced{Store: store, Tell: tellTray(p.Locations.Instance, logger)}
	deps := app.Deps{Store: store, Diagnose: p.Run, ShareText: shareText(p), Facts: verdict.FactsOf(p.Checks()),
		Autostart: loginStart{}, Log: logger.Printf}
	if eng, err := p.Engine(); err != nil {
		logger.Printf("fixes unavailable: %v", err)
	} else {
		deps.Fixer = eng
	}
	w := app.New(a, deps)
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
	a.Lifecycle().SetOnStarted(func() {
		if w.Report() == nil {
			w.CheckNow() // opened before the tray ever checked: check now
		}
		if o.fix != "" {
			w.StartFix(o.fix)
		}
	})
	w.W.ShowAndRun()
	logger.Printf("window closed")
	return 0
}

// raiseWindow answers a second --window: bring this window to the front,
// and start the fix it asked for unless a fix flow is open already.
func raiseWindow(shown *atomic.Pointer[app.Window], logger *log.Logger) func(instance.Request) error {
	return func(r instance.Request) error {
		if r.Verb != instance.VerbOpen {
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
