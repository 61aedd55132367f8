//go:build unix

package fixes

import (
	"io/fs"
	"syscall"
)

// deviceOf returns the file system a file lies on.
func deviceOf(fi fs.FileInfo) (uint64, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Dev), true //nolint:unconvert // int32 on darwin
}
