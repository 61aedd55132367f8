package wps

import (
	"errors"

	"golang.org/x/sys/windows"
)

// isSharingViolation reports a file another process opened without
// sharing, which is how Windows shows a database WPS holds.
func isSharingViolation(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
