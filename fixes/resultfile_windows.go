package fixes

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/windows"
)

// privDir is the helper's directory on Windows. It is held open without
// FILE_SHARE_DELETE, so it cannot be renamed or replaced while the helper
// works in it, and it must not be a reparse point (symlink, junction).
type privDir struct {
	h    windows.Handle
	path string
}

func openPrivDir(dir string) (*privDir, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, windows.FILE_READ_ATTRIBUTES|windows.SYNCHRONIZE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING,
		windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil {
		windows.CloseHandle(h)
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	switch {
	case info.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0:
		err = errors.New("it is a reparse point (link or junction)")
	case info.FileAttributes&windows.FILE_ATTRIBUTE_DIRECTORY == 0:
		err = errors.New("it is not a directory")
	}
	if err != nil {
		windows.CloseHandle(h)
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return &privDir{h: h, path: dir}, nil
}

func (d *privDir) Close() error { return windows.CloseHandle(d.h) }

// open opens name in the directory without following a reparse point and
// refuses one.
func (d *privDir) open(name string, access, share, disposition uint32) (*os.File, error) {
	full := filepath.Join(d.path, name)
	p, err := windows.UTF16PtrFromString(full)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, access, share, nil, disposition,
		windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, err
	}
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil {
		windows.CloseHandle(h)
		return nil, err
	}
	if info.FileAttributes&(windows.FILE_ATTRIBUTE_REPARSE_POINT|windows.FILE_ATTRIBUTE_DIRECTORY) != 0 {
		windows.CloseHandle(h)
		return nil, fmt.Errorf("%s is a link, junction or directory", name)
	}
	return os.NewFile(uintptr(h), full), nil
}

func (d *privDir) readStep(name string, limit int64) ([]byte, error) {
	if fi, err := os.Lstat(filepath.Join(d.path, name)); err == nil && isReparse(fi) {
		return nil, fmt.Errorf("step file %s is a link or junction", name)
	}
	f, err := d.open(name, windows.GENERIC_READ, windows.FILE_SHARE_READ, windows.OPEN_EXISTING)
	if err != nil {
		return nil, fmt.Errorf("step file %s: %w", name, err)
	}
	defer f.Close()
	return readStepFile(f, name, limit)
}

// createResult creates name fresh (CREATE_NEW fails on any existing name,
// links included).
func (d *privDir) createResult(name string) (*os.File, error) {
	if fi, err := os.Lstat(filepath.Join(d.path, name)); err == nil {
		if isReparse(fi) {
			return nil, fmt.Errorf("%s is a link or junction", name)
		}
		return nil, fmt.Errorf("%s already exists in %s (a result file must be new)", name, d.path)
	}
	f, err := d.open(name, windows.GENERIC_WRITE, 0, windows.CREATE_NEW)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

func isReparse(fi os.FileInfo) bool {
	if a, ok := fi.Sys().(*syscall.Win32FileAttributeData); ok {
		return a.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0
	}
	return fi.Mode()&os.ModeSymlink != 0
}
