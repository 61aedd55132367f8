package wps

import (
	"fmt"

	"howett.net/plist"
)

// BundleInfo is what discovery reads from a macOS app's Info.plist.
type BundleInfo struct {
	ID           string `plist:"CFBundleIdentifier"`
	ShortVersion string `plist:"CFBundleShortVersionString"`
	Version      string `plist:"CFBundleVersion"`
	Executable   string `plist:"CFBundleExecutable"`
}

// ParseInfoPlist reads an Info.plist in any of its encodings (XML, binary,
// OpenStep).
func ParseInfoPlist(data []byte) (BundleInfo, error) {
	var b BundleInfo
	if _, err := plist.Unmarshal(data, &b); err != nil {
		return BundleInfo{}, fmt.Errorf("Info.plist: %w", err)
	}
	if b.ID == "" {
		return BundleInfo{}, fmt.Errorf("Info.plist: no CFBundleIdentifier")
	}
	return b, nil
}
