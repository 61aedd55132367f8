//go:build !linux && !darwin && !windows

package netwatch

import "context"

// Changes is not available on this system: the caller keeps polling.
func Changes(context.Context) (<-chan struct{}, error) { return nil, ErrUnsupported }
