package elevate

import (
	"context"
	"errors"
	"os"
	"os/exec"
)

func isElevated() bool { return os.Geteuid() == 0 }

func runElevated(ctx context.Context, exe string, args []string) error {
	pk, err := exec.LookPath("pkexec")
	if err != nil {
		return ErrUnavailable
	}
	argv := PkexecArgv(pk, exe, args)
	err = exec.CommandContext(ctx, argv[0], argv[1:]...).Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ClassifyPkexec(ee.ExitCode())
	}
	return err
}
