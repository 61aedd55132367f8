//go:build (amd64 || arm64) && !scanportable

package scan

import (
	"context"
	"io/fs"
	"unsafe"

	"golang.org/x/sys/unix"
)

// On Linux the listing reads getdents64 records into a per-worker buffer
// and stats regular files with fstatat on the directory descriptor, using
// the NUL-terminated name in place: no allocation per file and no full
// path resolution. Measured on 100 000 files: about a third faster than
// os.File.ReadDir + Lstat.

const direntBuf = 32 << 10

// dirHandle is the open directory and the current entry's C name.
type dirHandle struct {
	fd    int
	dir   string
	cname *byte // NUL-terminated name of the entry being handled, in t.buf
}

// lstat returns the size and type of the current entry without following
// a symlink. name must be the current entry (it is used for errors only).
func (d *dirHandle) lstat(name string) (int64, fs.FileMode, error) {
	var st unix.Stat_t
	for {
		_, _, e := unix.Syscall6(unix.SYS_NEWFSTATAT, uintptr(d.fd), uintptr(unsafe.Pointer(d.cname)),
			uintptr(unsafe.Pointer(&st)), unix.AT_SYMLINK_NOFOLLOW, 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, 0, &fs.PathError{Op: "lstat", Path: d.dir + "/" + name, Err: e}
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

func (s *scanner) readDir(ctx context.Context, q *queue, j *dirJob, t *tally) error {
	var fd int
	var err error
	for {
		fd, err = unix.Open(j.abs, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: j.abs, Err: err}
	}
	defer unix.Close(fd)
	if t.buf == nil {
		t.buf = make([]byte, direntBuf)
	}
	d := &dirHandle{fd: fd, dir: j.abs}
	for ctx.Err() == nil {
		n, err := unix.Getdents(fd, t.buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "getdents", Path: j.abs, Err: err}
		}
		if n <= 0 {
			return nil
		}
		for off := 0; off < n; {
			// struct linux_dirent64 { u64 ino; s64 off; u16 reclen; u8 type; char name[]; }
			rec := t.buf[off:n]
			if len(rec) < 20 {
				break
			}
			reclen := int(*(*uint16)(unsafe.Pointer(&rec[16])))
			if reclen < 20 || reclen > len(rec) {
				break
			}
			off += reclen
			ino := *(*uint64)(unsafe.Pointer(&rec[0]))
			nameb := rec[19:reclen]
			l := 0
			for l < len(nameb) && nameb[l] != 0 {
				l++
			}
			if ino == 0 || l == len(nameb) || l == 0 {
				continue
			}
			name := unsafe.String(&nameb[0], l)
			if name == "." || name == ".." {
				continue
			}
			d.cname = &nameb[0]
			var typ fs.FileMode
			switch rec[18] {
			case unix.DT_REG:
			case unix.DT_DIR:
				typ = fs.ModeDir
			case unix.DT_LNK:
				typ = fs.ModeSymlink
			case unix.DT_UNKNOWN:
				_, mode, err := d.lstat(name)
				if err != nil {
					continue // gone, or reported when stat fails again below
				}
				typ = mode
			default:
				typ = fs.ModeDevice // fifo, socket, device: skipped by entry
			}
			s.entry(q, j, d, name, typ, t)
		}
	}
	return nil
}
