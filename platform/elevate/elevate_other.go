//go:build !linux && !windows && !darwin

package elevate

import (
	"context"
	"os"
)

func isElevated() bool { return os.Geteuid() == 0 }

func runElevated(context.Context, string, []string) error { return ErrUnavailable }
