package notify

import (
	"context"
	"time"

	"wpsdoctor/platform/command"
)

func send(ctx context.Context, n Note) error {
	_, err := command.Output(ctx, 10*time.Second, osascriptArgv(n)...)
	return err
}
