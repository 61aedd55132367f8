// Package elevate runs our own binary with administrator rights: through
// getlantern/elevate on Windows and macOS, pkexec on Linux, and directly
// when already elevated. Neither elevate nor a UAC prompt reports the
// child's output, so the elevated side always writes a result file; this
// package only starts it and classifies how the start ended.
package elevate

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

var (
	// ErrCancelled means the user dismissed the prompt.
	ErrCancelled = errors.New("elevation cancelled by the user")
	// ErrNotAuthorized means the user may not elevate (or no polkit agent).
	ErrNotAuthorized = errors.New("not authorized to run as administrator")
	// ErrUnavailable means there is no elevation mechanism here.
	ErrUnavailable = errors.New("no way to elevate on this system")
)

// IsElevated reports whether this process already has administrator
// rights.
func IsElevated() bool { return isElevated() }

// Run starts exe with args elevated and waits for it. A nil error means the
// program ran (its own exit status is in its result file, which the caller
// must read); ErrCancelled/ErrNotAuthorized/ErrUnavailable say why not.
func Run(ctx context.Context, exe string, args []string) error {
	if isElevated() {
		return runDirect(ctx, exe, args)
	}
	return runElevated(ctx, exe, args)
}

func runDirect(ctx context.Context, exe string, args []string) error {
	cmd := exec.CommandContext(ctx, exe, args...)
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil // the program ran; its result file says how it went
		}
		return err
	}
	return nil
}

// PkexecArgv is the pkexec command line. pkexec clears the environment and
// runs as root, so everything the child needs is in args.
func PkexecArgv(pkexec, exe string, args []string) []string {
	return append([]string{pkexec, exe}, args...)
}

// ClassifyPkexec maps pkexec's exit status: 126 the user dismissed the
// dialog, 127 not authorized or no agent; anything else is the program's
// own status.
func ClassifyPkexec(code int) error {
	switch code {
	case 126:
		return ErrCancelled
	case 127:
		return ErrNotAuthorized
	}
	return nil
}

// fromPanic turns a panic in getlantern/elevate (it panics when it cannot
// drop its helper) into an error.
func fromPanic(r any) error {
	return fmt.Errorf("%w: %v", ErrUnavailable, r)
}
