package firewall

import (
	"context"
	"time"
	"wpsdoctor/platform/command"
)

// Reader reads the firewall state, as Read does; the composition root may
// hand the checks and planners another (one that asks the service when
// the rules are unreadable to this user).
type Reader func(ctx context.Context, apps []string) (State, error)

// Read returns the firewall state; apps are the WPS programs (or the .app
// bundle on macOS) whose status matters.
func Read(ctx context.Context, apps []string) (State, error) { return read(ctx, apps) }

func output(ctx context.Context, argv ...string) ([]byte, bool) {
	out, err := command.Output(ctx, 5*time.Second, argv...)
	return out, err == nil
}
