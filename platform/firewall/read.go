package firewall

import (
	"context"
	"os/exec"
	"time"
)

// Read returns the firewall state; apps are the WPS programs (or the .app
// bundle on macOS) whose status matters.
func Read(ctx context.Context, apps []string) (State, error) { return read(ctx, apps) }

func output(ctx context.Context, argv ...string) ([]byte, bool) {
	if _, err := exec.LookPath(argv[0]); err != nil {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).Output()
	return out, err == nil
}
