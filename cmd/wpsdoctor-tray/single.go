package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"

	"wpsdoctor/health"
	"wpsdoctor/platform/instance"
	"wpsdoctor/platform/netwatch"
	"wpsdoctor/tray"
)

// One tray and one window per user: a second launch (autostart already ran
// and the user clicks the menu entry) hands its request to the running copy
// through platform/instance and exits, instead of adding a second icon.

// parts' names in the instance directory ($WSD_INSTANCE_DIR overrides it).
const (
	partTray   = "tray"
	partWindow = "window"
)

// claim makes this process the running copy of part, or hands req to the
// one already running. done=true means: exit now with code. When the
// mechanism itself fails this copy runs anyway: a second icon is better
// than none.
func claim(dir, part string, req instance.Request, handle func(instance.Request) error, logger *log.Logger) (release func(), code int, done bool) {
	in, err := instance.Acquire(instance.Options{Dir: dir, Name: part, Handle: handle}, req)
	var refused *instance.RefusedError
	switch {
	case err == nil:
		if in.TookOver {
			logger.Printf("a previous %s holds the lock but does not answer; this one takes over", part)
		}
		return func() { in.Close() }, 0, false
	case errors.As(err, &refused):
		logger.Printf("the %s is already running and refused the request: %s", part, refused.Reason)
		return nil, 1, true
	case errors.Is(err, instance.ErrRunning):
		if part == partTray {
			logger.Printf("the tray is already running: asked it to open its window")
		} else {
			logger.Printf("the window is already open: asked it to come to the front")
		}
		return nil, 0, true
	default:
		logger.Printf("cannot tell whether another %s is running (%v); starting anyway", part, err)
		return func() {}, 0, false
	}
}

// openRequest is "open", with the fix to start on when it is a real one.
func openRequest(fix string) instance.Request {
	if knownFix(fix) != nil {
		fix = ""
	}
	return instance.Request{Verb: instance.VerbOpen, Fix: fix}
}

// windowRequest is what this launch asks a running copy: the support
// bundle page (--bundle), else "open" with the fix to start on.
func windowRequest(o options) instance.Request {
	if o.bundle && o.fix == "" {
		return instance.Request{Verb: instance.VerbBundle}
	}
	if o.guide && o.fix == "" {
		return instance.Request{Verb: instance.VerbGuide}
	}
	return openRequest(o.fix)
}

// windowArgs are the window's arguments for a request (the inverse of
// windowRequest).
func windowArgs(r instance.Request) []string {
	switch {
	case r.Verb == instance.VerbBundle:
		return []string{tray.BundleArg}
	case r.Verb == instance.VerbGuide:
		return []string{tray.GuideArg}
	case r.Fix != "":
		return []string{"--fix", r.Fix}
	}
	return nil
}

// raiseRequest is the tray's Raise: the open window gets the request the
// menu item would have started it with.
func raiseRequest(dir string) func(extra ...string) error {
	return func(extra ...string) error {
		o := options{}
		for i := 0; i < len(extra); i++ {
			switch extra[i] {
			case tray.BundleArg:
				o.bundle = true
			case tray.GuideArg:
				o.guide = true
			case "--fix":
				if i+1 < len(extra) {
					o.fix = extra[i+1]
					i++
				}
			}
		}
		return instance.Send(instance.Options{Dir: dir, Name: partWindow}, windowRequest(o))
	}
}

// knownFix accepts "" and the IDs of health.FixIDs only.
func knownFix(id string) error {
	if id != "" && !slices.Contains(health.FixIDs, id) {
		return fmt.Errorf("unknown fix %q", id)
	}
	return nil
}

// trayRequests answers a second launch the way the menu's "Open" (or "Fix")
// item does; when the window is open already, it asks the window to come to
// the front. The window's "report" (it saved one) goes to saved, at most
// one pending: the tray reloads the newest report once either way.
func trayRequests(l *tray.Launcher, saved chan<- struct{}, logger *log.Logger) func(instance.Request) error {
	return func(r instance.Request) error {
		if r.Verb == instance.VerbReport {
			select {
			case saved <- struct{}{}:
			default:
			}
			return nil
		}
		if err := knownFix(r.Fix); err != nil {
			return err
		}
		logger.Printf("second launch: %s %s", r.Verb, r.Fix)
		err := l.Open(windowArgs(r)...)
		if errors.Is(err, tray.ErrAlreadyOpen) {
			if err := instance.Send(instance.Options{Name: partWindow}, r); err != nil {
				logger.Printf("raise the window: %v", err)
			}
			return nil
		}
		return err
	}
}

// tellTray is the window's side: after saving a report it tells the
// running tray (if any) to show it. No tray, or one that does not answer
// within the socket's time limit, is not an error the user needs to see.
func tellTray(dir string, logger *log.Logger) func() {
	return func() {
		err := instance.Send(instance.Options{Dir: dir, Name: partTray}, instance.Request{Verb: instance.VerbReport})
		var refused *instance.RefusedError
		if errors.As(err, &refused) {
			logger.Printf("the tray refused the new report: %s", refused.Reason)
		}
	}
}

// netChanges watches the network for the tray's monitor; nil (the monitor
// then notices changes at its next poll) where the system offers no
// notification.
func netChanges(ctx context.Context, logger *log.Logger) <-chan struct{} {
	ch, err := netwatch.Changes(ctx)
	if err != nil {
		logger.Printf("network changes are noticed at the next poll: %v", err)
		return nil
	}
	return ch
}
