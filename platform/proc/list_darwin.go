package proc

import (
	"context"
	"os/exec"
)

// list runs ps with a fixed argv; its output is not localised.
func list(ctx context.Context) ([]Process, error) {
	out, err := exec.CommandContext(ctx, "/bin/ps", "-axo", "pid=,ppid=,comm=").Output()
	if err != nil {
		return nil, err
	}
	return ParsePS(out), nil
}
