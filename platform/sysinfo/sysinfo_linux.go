package sysinfo

import (
	"errors"
	"os"
)

func osVersion() (Info, error) {
	for _, p := range []string{"/etc/os-release", "/usr/lib/os-release"} {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		info, err := ParseOSRelease(f)
		f.Close()
		return info, err
	}
	return Info{OS: "linux", ID: "linux", Name: "Linux"}, errors.New("no os-release file")
}
