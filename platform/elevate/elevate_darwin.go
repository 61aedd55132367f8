package elevate

import (
	"context"
	"errors"
	"os"
	"os/exec"

	lantern "github.com/getlantern/elevate"
)

func facts() Facts { return Facts{GOOS: "darwin", Elevated: isElevated()} }

func isElevated() bool { return os.Geteuid() == 0 }

// runElevated goes through cocoasudo, which fails when the user cancels
// the authorization dialog; the caller's missing result file confirms it.
func runElevated(ctx context.Context, l Launch) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fromPanic(r)
		}
	}()
	cmd := lantern.WithPrompt(macPrompt).Command(l.Target[0], l.Target[1:]...)
	if cmd == nil {
		return ErrUnavailable
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ErrCancelled
		}
		return err
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		<-done
		return ctx.Err()
	}
}
