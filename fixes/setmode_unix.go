//go:build unix

package fixes

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// setMode sets a file's permission bits through a descriptor opened
// without following a link, so a link planted in the file's place is
// refused rather than followed.
func setMode(a Action) (string, error) {
	if a.Mode&^0o777 != 0 {
		return "", fmt.Errorf("mode %#o is not plain permission bits", a.Mode)
	}
	f, err := os.OpenFile(a.Path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ELOOP) {
		return "", fmt.Errorf("%s is a symbolic link; left alone", a.Path)
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file; left alone", a.Path)
	}
	if err := f.Chmod(fs.FileMode(a.Mode)); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %04o -> %04o", a.Path, uint32(fi.Mode().Perm()), a.Mode), nil
}

// ownedByOther reports whether fi belongs to another user than this
// process's (known only for files of this computer).
func ownedByOther(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) != os.Getuid()
}
