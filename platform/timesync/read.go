package timesync

import (
	"context"
	"time"
	"wpsdoctor/platform/command"
)

// Read returns the time-sync state of this computer.
func Read(ctx context.Context) (State, error) { return read(ctx) }

func output(ctx context.Context, argv ...string) ([]byte, bool) {
	out, err := command.Output(ctx, 5*time.Second, argv...)
	return out, err == nil
}
