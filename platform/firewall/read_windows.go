package firewall

import (
	"context"
	"errors"
)

func read(ctx context.Context, _ []string) (State, error) {
	out, ok := output(ctx, WindowsReadArgv()...)
	if !ok {
		return State{}, errors.New("could not read the firewall rules (PowerShell failed)")
	}
	rules, err := ParseWindowsRules(out)
	return State{OS: "windows", Backend: BackendWindows, Rules: rules}, err
}
