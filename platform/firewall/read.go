package firewall

import (
	"context"
	"time"
	"wpsdoctor/platform/command"
)

// Read returns the firewall state; apps are the WPS programs (or the .app
// bundle on macOS) whose status matters.
func Read(ctx context.Context, apps []string) (State, error) { return read(ctx, apps) }

func output(ctx context.Context, argv ...string) ([]byte, bool) {
	out, err := command.Output(ctx, 5*time.Second, argv...)
	return out, err == nil
}
