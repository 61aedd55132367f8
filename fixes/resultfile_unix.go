//go:build !windows

package fixes

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// privDir is the helper's directory, held open: every file in it is
// opened relative to this descriptor, never by path.
type privDir struct {
	fd       int
	path     string
	uid, gid int
}

// openPrivDir opens dir without following a link and checks it on the
// descriptor itself (see checkPrivDir).
func openPrivDir(dir string) (*privDir, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			return nil, fmt.Errorf("%s: it is a symbolic link", dir)
		}
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	inv, err := InvokingUID(os.Getenv, os.Getuid())
	if err == nil {
		err = checkPrivDir(st.Mode&unix.S_IFMT == unix.S_IFDIR, st.Mode&unix.S_IFMT == unix.S_IFLNK,
			uint32(st.Mode), int(st.Uid), inv)
	}
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return &privDir{fd: fd, path: dir, uid: int(st.Uid), gid: int(st.Gid)}, nil
}

func (d *privDir) Close() error { return unix.Close(d.fd) }

// readStep reads name from the directory: a regular file (not a link, not
// a FIFO, not a hard link to someone else's file) of the directory's
// owner, at most limit bytes.
func (d *privDir) readStep(name string, limit int64) ([]byte, error) {
	fd, err := unix.Openat(d.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			return nil, fmt.Errorf("step file %s is a symbolic link", name)
		}
		return nil, fmt.Errorf("step file %s: %w", name, err)
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("step file %s: %w", name, err)
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return nil, fmt.Errorf("step file %s is not a regular file", name)
	case int(st.Uid) != d.uid || st.Nlink != 1:
		return nil, fmt.Errorf("step file %s is not the directory owner's own file", name)
	case st.Size > limit:
		return nil, errors.New("step file too large")
	}
	return readStepFile(f, name, limit)
}

// createResult creates name fresh in the directory (never an existing
// file, never through a link), mode 0600, owned by the directory's owner
// so the caller can read it.
func (d *privDir) createResult(name string) (*os.File, error) {
	fd, err := unix.Openat(d.fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		if errors.Is(err, unix.EEXIST) {
			return nil, fmt.Errorf("%s already exists in %s (a result file must be new)", name, d.path)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f := os.NewFile(uintptr(fd), name)
	if err := unix.Fchmod(fd, 0o600); err != nil {
		f.Close()
		return nil, err
	}
	if os.Geteuid() == 0 && d.uid != 0 {
		if err := unix.Fchown(fd, d.uid, d.gid); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}
