package elevate

import (
	"context"
	"errors"
	"os/exec"

	lantern "github.com/getlantern/elevate"
	"golang.org/x/sys/windows"
)

func isElevated() bool { return windows.GetCurrentProcessToken().IsElevated() }

// runElevated goes through elevate.exe, which exits 1 both when the user
// cancels UAC and when the start fails; the caller tells the two apart by
// the missing result file, and we report cancelled.
func runElevated(ctx context.Context, exe string, args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fromPanic(r)
		}
	}()
	cmd := lantern.Command(exe, args...)
	if cmd == nil {
		return ErrUnavailable
	}
	if err := startWait(ctx, cmd); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ErrCancelled
		}
		return err
	}
	return nil
}

func startWait(ctx context.Context, cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		<-done
		return ctx.Err()
	}
}
