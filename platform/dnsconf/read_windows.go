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
	st, err := ParseWindows(out)
	if err != nil {
		return st, err
	}
	st.Captive = captive(ctx, "http://www.msftconnecttest.com/connecttest.txt", "Microsoft Connect Test")
	return st, nil
}
