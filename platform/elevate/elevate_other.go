//go:build !linux && !windows && !darwin

package elevate

import (
	"context"
	"os"
)

func isElevated() bool { return os.Geteuid() == 0 }

func facts() Facts { return Facts{GOOS: "other", Elevated: isElevated()} }

func runElevated(context.Context, Launch) error { return ErrUnavailable }
