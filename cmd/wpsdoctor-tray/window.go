package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"wpsdoctor/app"
	"wpsdoctor/assets/icons"
	"wpsdoctor/catalog"
	"wpsdoctor/fixes"
	"wpsdoctor/health"
	"wpsdoctor/health/checks"
	"wpsdoctor/tray/link"
)

// runWindow is the window process: a Fyne app that lives while the window
// is open.
func runWindow(ctx context.Context, o options, cat *catalog.Catalog, dir string, store link.Store, diag *link.Diagnoser, logger *log.Logger) int {
	if msg := noDisplay(runtime.GOOS, os.Getenv); msg != "" {
		logger.Print(msg)
		return 1
	}
	fyneapp.SetMetadata(fyne.AppMetadata{ID: AppID, Name: "WPS Sync Doctor", Version: version,
		Icon: fyne.NewStaticResource("app.png", icons.App())})
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("app.png", icons.App()))

	deps := app.Deps{Store: store, Diagnose: diag.Run, Autostart: loginStart{}}
	if eng, err := engine(cat, o.endpoints, dir); err != nil {
		logger.Printf("fixes unavailable: %v", err)
	} else {
		deps.Fixer = eng
	}
	w := app.New(a, deps)
	w.W.SetMaster()
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

// noDisplay explains why no window can open on Linux/BSD without an X11 or
// Wayland display (GLFW would panic), or returns "".
func noDisplay(goos string, getenv func(string) string) string {
	if goos == "windows" || goos == "darwin" {
		return ""
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	return "no graphical display (DISPLAY and WAYLAND_DISPLAY are unset): the window cannot open here; use the console: wpsdoctor check"
}

// engine wires the fix engine over the state directory, with the closed-loop
// verifier.
func engine(cat *catalog.Catalog, endpoints, dir string) (*fixes.Engine, error) {
	henv, _ := checks.NewEnv(cat)
	eng, err := fixes.NewEngine(dir, fixes.SystemEnv(henv))
	if err != nil {
		return nil, err
	}
	// Verify in a fresh process of this binary (--only prints a report):
	// a fix changes OS state this process may have cached.
	exe, exeErr := os.Executable()
	if testing.Testing() {
		exeErr = errors.New("running as a test")
	}
	var args []string
	if endpoints != "" {
		args = append(args, "--endpoints", endpoints)
	}
	eng.Verify = func(ctx context.Context, ids []string) []health.Finding {
		if exeErr != nil {
			return health.Verify(ctx, checks.All(), henv, ids)
		}
		return checks.VerifyFresh(ctx, exe, args, henv, ids)
	}
	return eng, nil
}

// autoFixer applies a fix without a prompt for the tray's "run
// automatically, then notify" level, but only a plan that needs no
// administrator rights and carries no refusal; anything else is left to
// the window and the user's consent.
func autoFixer(cat *catalog.Catalog, endpoints, dir string) func(ctx context.Context, id string) (string, error) {
	return func(ctx context.Context, id string) (string, error) {
		eng, err := engine(cat, endpoints, dir)
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
