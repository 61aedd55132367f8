package dnsconf

import (
	"context"
	"errors"
)

func read(ctx context.Context, _ Paths) (State, error) {
	argv := WindowsReadArgv()
	out := output(ctx, argv...)
	if out == nil {
		return State{}, errors.New("could not read the DNS configuration (PowerShell failed)")
	}
	// Captive portals are detected by the catalogue's own probe (fixes.Env.
	// Captive), never by fetching a third party's connectivity URL.
	return ParseWindows(out)
}
