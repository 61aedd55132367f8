package wps

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// FS is the read-only view of a file system that discovery needs. Names are
// native paths of the OS being described ("C:\Users\u\..." or "/opt/..."),
// so one OS's discovery can run over a fixture tree on any other OS.
type FS interface {
	Stat(name string) (fs.FileInfo, error)
	ReadDir(name string) ([]fs.DirEntry, error)
	ReadFile(name string) ([]byte, error)
}

// OSFS is the real file system of the running computer.
type OSFS struct{}

func (OSFS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
func (OSFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
func (OSFS) ReadFile(name string) ([]byte, error)       { return os.ReadFile(name) }

// FixtureFS maps native paths of any OS onto a directory tree: a Windows
// path "C:\Users\u" is Root/C/Users/u (matched case-insensitively, as
// Windows does), a POSIX path "/opt/x" is Root/opt/x. Modes overrides the
// permission bits reported by Stat for chosen native paths, so a test about
// the executable bit does not depend on what git or the host OS preserved.
type FixtureFS struct {
	Root  string
	Modes map[string]fs.FileMode
}

var drivePath = regexp.MustCompile(`^([A-Za-z]):(?:[\\/]|$)`)

// resolve returns the host path behind a native name.
func (f FixtureFS) resolve(name string) (string, error) {
	if m := drivePath.FindStringSubmatch(name); m != nil {
		rest := strings.ReplaceAll(name[2:], `\`, "/")
		cur := filepath.Join(f.Root, strings.ToUpper(m[1]))
		for _, part := range strings.Split(rest, "/") {
			if part == "" || part == "." {
				continue
			}
			if part == ".." {
				return "", fs.ErrNotExist
			}
			cur = foldLookup(cur, part)
		}
		return cur, nil
	}
	if strings.HasPrefix(name, "/") {
		clean := filepath.Clean("/" + name)
		return filepath.Join(f.Root, filepath.FromSlash(clean)), nil
	}
	return "", &fs.PathError{Op: "open", Path: name, Err: errors.New("not an absolute path")}
}

// foldLookup finds part in dir ignoring case; exact matches win.
func foldLookup(dir, part string) string {
	exact := filepath.Join(dir, part)
	if _, err := os.Lstat(exact); err == nil {
		return exact
	}
	entries, err := os.ReadDir(dir)
	if err == nil {
		for _, e := range entries {
			if strings.EqualFold(e.Name(), part) {
				return filepath.Join(dir, e.Name())
			}
		}
	}
	return exact
}

func (f FixtureFS) Stat(name string) (fs.FileInfo, error) {
	p, err := f.resolve(name)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if mode, ok := f.Modes[name]; ok {
		return modeInfo{fi, mode}, nil
	}
	return fi, nil
}

func (f FixtureFS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := f.resolve(name)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(p)
}

func (f FixtureFS) ReadFile(name string) ([]byte, error) {
	p, err := f.resolve(name)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// modeInfo overrides the permission bits of a FileInfo.
type modeInfo struct {
	fs.FileInfo
	perm fs.FileMode
}

func (m modeInfo) Mode() fs.FileMode { return m.FileInfo.Mode()&^fs.ModePerm | m.perm&fs.ModePerm }

// isDir and isFile answer existence questions; any error means "no".
func isDir(fsys FS, name string) bool {
	fi, err := fsys.Stat(name)
	return err == nil && fi.IsDir()
}

func isFile(fsys FS, name string) bool {
	fi, err := fsys.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// existingDirs keeps the names that are directories, in order, once each.
func existingDirs(fsys FS, names ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if n != "" && !seen[n] && isDir(fsys, n) {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func existingFiles(fsys FS, names ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if n != "" && !seen[n] && isFile(fsys, n) {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// subdirs lists the names of the directories directly inside dir.
func subdirs(fsys FS, dir string) []string {
	entries, err := fsys.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}
