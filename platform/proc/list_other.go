//go:build !linux && !darwin && !windows

package proc

import (
	"context"
	"errors"
)

func list(context.Context) ([]Process, error) {
	return nil, errors.New("process listing is not supported on this OS")
}
