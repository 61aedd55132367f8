package sysinfo

import (
	"fmt"

	"howett.net/plist"
)

// ParseSystemVersion reads /System/Library/CoreServices/SystemVersion.plist
// (XML or binary).
func ParseSystemVersion(data []byte) (Info, error) {
	var v struct {
		Name    string `plist:"ProductName"`
		Version string `plist:"ProductVersion"`
		Build   string `plist:"ProductBuildVersion"`
	}
	if _, err := plist.Unmarshal(data, &v); err != nil {
		return Info{}, fmt.Errorf("SystemVersion.plist: %w", err)
	}
	if v.Version == "" {
		return Info{}, fmt.Errorf("SystemVersion.plist: no ProductVersion")
	}
	name := v.Name
	if name == "" {
		name = "macOS"
	}
	return Info{OS: "darwin", ID: "macos", Name: name, Version: v.Version}, nil
}
