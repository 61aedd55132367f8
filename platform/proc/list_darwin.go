package proc

import (
	"context"
	"time"
	"wpsdoctor/platform/command"
)

// list runs ps with a fixed argv; its output is not localised.
func list(ctx context.Context) ([]Process, error) {
	out, err := command.Output(ctx, 10*time.Second, "/bin/ps", "-axo", "pid=,ppid=,comm=")
	if err != nil {
		return nil, err
	}
	return ParsePS(out), nil
}
