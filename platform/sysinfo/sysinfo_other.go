//go:build !linux && !darwin && !windows

package sysinfo

import (
	"errors"
	"runtime"
)

func osVersion() (Info, error) {
	return Info{OS: runtime.GOOS, ID: runtime.GOOS, Name: runtime.GOOS}, errors.New("OS version not supported on " + runtime.GOOS)
}
