//go:build !linux && !windows && !darwin

package firewall

import "context"

func read(context.Context, []string) (State, error) {
	return State{Backend: BackendNone}, nil
}
