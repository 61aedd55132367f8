//go:build !linux && !windows && !darwin

package dnsconf

import (
	"context"
	"errors"
)

func read(context.Context, Paths) (State, error) {
	return State{}, errors.New("DNS configuration is not supported on this OS")
}
