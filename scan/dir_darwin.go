package scan

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// dirHandle stats entries relative to the open directory: fstatat on the
// descriptor avoids resolving the full path for every file.
type dirHandle struct {
	fd  int
	dir string
	cur fs.DirEntry // unused here; set by the portable listing
}

func openDir(f *os.File, dir string) *dirHandle { return &dirHandle{fd: int(f.Fd()), dir: dir} }

// lstat returns the size and type of name without following a symlink.
func (d *dirHandle) lstat(name string) (int64, fs.FileMode, error) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, 0, &fs.PathError{Op: "lstat", Path: d.dir + "/" + name, Err: err}
		}
		break
	}
	var mode fs.FileMode
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
	case unix.S_IFDIR:
		mode = fs.ModeDir
	case unix.S_IFLNK:
		mode = fs.ModeSymlink
	default:
		mode = fs.ModeIrregular
	}
	return st.Size, mode, nil
}
