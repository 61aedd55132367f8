//go:build !windows

package wps

// isSharingViolation: POSIX systems have no mandatory sharing locks.
func isSharingViolation(error) bool { return false }
