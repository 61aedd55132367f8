package notify

import (
	"context"
	"os/exec"
)

func send(ctx context.Context, n Note) error {
	argv := osascriptArgv(n)
	return exec.CommandContext(ctx, argv[0], argv[1:]...).Run()
}
