package wps

import (
	"bufio"
	"io"
	"path"
	"strings"
)

// Package is one installed OS package.
type Package struct {
	Name    string
	Version string
	Manager string // "dpkg", "rpm", "pacman"
}

// PackageDB answers whether an OS package is installed.
type PackageDB interface {
	Installed(name string) (Package, bool)
}

// Packages is a PackageDB held in memory, keyed by package name.
type Packages map[string]Package

func (p Packages) Installed(name string) (Package, bool) {
	pkg, ok := p[name]
	return pkg, ok
}

// PackageDBs asks each database in turn.
type PackageDBs []PackageDB

func (dbs PackageDBs) Installed(name string) (Package, bool) {
	for _, db := range dbs {
		if db == nil {
			continue
		}
		if p, ok := db.Installed(name); ok {
			return p, true
		}
	}
	return Package{}, false
}

// ParseDpkgStatus reads /var/lib/dpkg/status (RFC 822-style paragraphs)
// and keeps the packages whose Status is "install ok installed". Reading
// the file avoids running dpkg-query.
func ParseDpkgStatus(r io.Reader) (Packages, error) {
	out := Packages{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	var name, version, status string
	flush := func() {
		if name != "" && strings.HasSuffix(strings.TrimSpace(status), " installed") && strings.HasPrefix(strings.TrimSpace(status), "install ") {
			out[name] = Package{Name: name, Version: version, Manager: "dpkg"}
		}
		name, version, status = "", "", ""
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // continuation of a multi-line field
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(k) {
		case "package":
			name = v
		case "version":
			version = v
		case "status":
			status = v
		}
	}
	flush()
	return out, sc.Err()
}

// ReadPacmanLocal lists the packages in pacman's local database directory
// (/var/lib/pacman/local/<name>-<pkgver>-<pkgrel>/).
func ReadPacmanLocal(fsys FS, dir string) Packages {
	out := Packages{}
	for _, entry := range subdirs(fsys, dir) {
		name, version, ok := splitPacmanEntry(entry)
		if ok && isFile(fsys, path.Join(dir, entry, "desc")) {
			out[name] = Package{Name: name, Version: version, Manager: "pacman"}
		}
	}
	return out
}

// splitPacmanEntry splits "wps-office-cn-12.1.0.17900-1" into the name and
// "12.1.0.17900-1"; the version is the last two dash-separated fields.
func splitPacmanEntry(s string) (name, version string, ok bool) {
	i := strings.LastIndexByte(s, '-')
	if i <= 0 {
		return "", "", false
	}
	j := strings.LastIndexByte(s[:i], '-')
	if j <= 0 {
		return "", "", false
	}
	return s[:j], s[j+1:], true
}

// packageVersion strips what package managers add around the upstream
// version: a "N:" epoch and a "-release" tail.
func packageVersion(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ':'); i >= 0 && i < 4 {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	return s
}
