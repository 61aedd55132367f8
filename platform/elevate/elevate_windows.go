package elevate

import (
	"context"
	"errors"
	"os/exec"

	lantern "github.com/getlantern/elevate"
	"golang.org/x/sys/windows"
)

func facts() Facts { return Facts{GOOS: "windows", Elevated: isElevated()} }

func isElevated() bool { return windows.GetCurrentProcessToken().IsElevated() }

// runElevated goes through elevate.exe, which exits 1 both when the user
// cancels UAC and when the start fails; the caller tells the two apart by
// the missing result file, and we report cancelled.
func runElevated(ctx context.Context, l Launch) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fromPanic(r)
		}
	}()
	cmd := lantern.Command(l.Target[0], l.Target[1:]...)
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
