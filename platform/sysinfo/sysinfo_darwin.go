package sysinfo

import "os"

func osVersion() (Info, error) {
	data, err := os.ReadFile("/System/Library/CoreServices/SystemVersion.plist")
	if err != nil {
		return Info{OS: "darwin", ID: "macos", Name: "macOS"}, err
	}
	return ParseSystemVersion(data)
}
