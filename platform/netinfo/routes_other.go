//go:build !linux && !darwin && !windows

package netinfo

import "context"

func defaultRoutes(context.Context) ([]Route, error) { return nil, ErrUnsupported }
