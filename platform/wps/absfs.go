package wps

import (
	"io/fs"
	"path"
	"strings"
)

// absOnly refuses relative names. Discovery joins per-user paths onto the
// home folder; when the home folder is unknown those joins come out
// relative ("/.config/..." without a root would be ".config/..."), and must
// not be resolved against the current directory. System-wide installs are
// still found.
type absOnly struct{ FS }

func isAbs(name string) bool {
	return path.IsAbs(name) || drivePath.MatchString(name) || strings.HasPrefix(name, `\\`)
}

func (a absOnly) Stat(name string) (fs.FileInfo, error) {
	if !isAbs(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return a.FS.Stat(name)
}

func (a absOnly) ReadDir(name string) ([]fs.DirEntry, error) {
	if !isAbs(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return a.FS.ReadDir(name)
}

func (a absOnly) ReadFile(name string) ([]byte, error) {
	if !isAbs(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return a.FS.ReadFile(name)
}
