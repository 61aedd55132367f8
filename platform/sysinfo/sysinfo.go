// Package sysinfo tells which operating system and version this computer
// runs, and whether WPS supports it (seed 000: Windows 7+, macOS 10.12+,
// Ubuntu 20.04+; the minimums live in the catalogue's os_minimum table).
// Parsers are pure and tested on every OS; sysinfo_<os>.go read the system.
package sysinfo

import (
	"strconv"
	"strings"
)

// Info describes the running OS.
type Info struct {
	// OS is the GOOS: "windows", "darwin", "linux".
	OS string `json:"os"`
	// Name is for people: "Windows 11", "macOS", "Ubuntu 22.04.4 LTS".
	Name string `json:"name"`
	// Version is dotted and numeric where the OS allows: "10.0.22631",
	// "14.5", "22.04".
	Version string `json:"version"`
	// ID is the distribution id on Linux ("ubuntu", "debian"), else
	// "windows" / "macos".
	ID string `json:"id"`
}

// OSVersion reads the running OS's name and version.
func OSVersion() (Info, error) { return osVersion() }

// Supported compares info with minimums keyed by "windows", "darwin" or a
// Linux distribution id ("ubuntu"). known is false when no minimum applies
// (another distribution) or a version cannot be compared; ok is then true,
// because nothing says the system is unsupported.
func Supported(info Info, minimums map[string]string) (ok bool, known bool) {
	key := info.OS
	if info.OS == "linux" {
		key = info.ID
	}
	min, has := minimums[key]
	if !has || key == "" {
		return true, false
	}
	c, comparable := compareVersions(info.Version, min)
	if !comparable {
		return true, false
	}
	return c >= 0, true
}

// compareVersions compares dotted numeric versions; missing fields are 0.
func compareVersions(a, b string) (int, bool) {
	pa, ok1 := numericFields(a)
	pb, ok2 := numericFields(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	for len(pa) < len(pb) {
		pa = append(pa, 0)
	}
	for len(pb) < len(pa) {
		pb = append(pb, 0)
	}
	for i := range pa {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1, true
			}
			return 1, true
		}
	}
	return 0, true
}

func numericFields(s string) ([]int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	var out []int
	for _, f := range strings.Split(s, ".") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// Display is the name to show people: Name, plus the version when Name does
// not already carry it ("macOS 14.5", but "Ubuntu 22.04.4 LTS" as is).
func (i Info) Display() string {
	if i.Version == "" || strings.Contains(i.Name, i.Version) {
		return i.Name
	}
	return strings.TrimSpace(i.Name + " " + i.Version)
}
