//go:build !linux && !darwin && !windows

package wps

// Discover reports WPS as not found: there is no WPS for this OS.
func Discover() (Install, error) {
	return Install{}, nil
}
