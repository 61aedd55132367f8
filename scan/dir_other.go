//go:build !darwin && (!(linux && (amd64 || arm64)) || scanportable)

package scan

import (
	"io/fs"
	"os"
)

// dirHandle takes sizes from the directory entry: on Windows the listing
// (FindNextFile-style) already carries them, so Info costs no system call;
// elsewhere Info falls back to lstat by full path.
type dirHandle struct {
	dir string
	cur fs.DirEntry
}

func openDir(_ *os.File, dir string) *dirHandle { return &dirHandle{dir: dir} }

// lstat returns the size and type of the current entry without following a
// symlink.
func (d *dirHandle) lstat(string) (int64, fs.FileMode, error) {
	fi, err := d.cur.Info()
	if err != nil {
		return 0, 0, err
	}
	return fi.Size(), fi.Mode().Type(), nil
}
