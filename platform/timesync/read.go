package timesync

import (
	"context"
	"os/exec"
	"time"
)

// Read returns the time-sync state of this computer.
func Read(ctx context.Context) (State, error) { return read(ctx) }

func output(ctx context.Context, argv ...string) ([]byte, bool) {
	if _, err := exec.LookPath(argv[0]); err != nil {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).Output()
	return out, err == nil
}
