//go:build windows

package instance

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockOffset is the byte range locked: far past the pid written at the
// start, because Windows locks are mandatory and would keep people from
// reading it.
const lockOffset = 1 << 30

// lockFile takes an exclusive LockFileEx lock on f without waiting; Windows
// releases it when the handle closes or the process ends.
func lockFile(f *os.File) error {
	ol := &windows.Overlapped{Offset: lockOffset}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errLocked
	}
	return err
}

// privateDir creates dir. Its access rules come from the parent: under
// %LocalAppData% (os.UserCacheDir) that is the user, SYSTEM and
// Administrators only, which is what keeps other users off the socket.
func privateDir(dir string) error { return os.MkdirAll(dir, 0o700) }
