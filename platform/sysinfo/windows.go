package sysinfo

import "fmt"

// WindowsInfo names a Windows release from RtlGetVersion's numbers. server
// is true when the product type is not a workstation. Windows 11 still
// reports 10.0; build 22000 is its first release.
func WindowsInfo(major, minor, build uint32, server bool) Info {
	name := "Windows"
	switch {
	case server:
		name = "Windows Server"
	case major == 10 && build >= 22000:
		name = "Windows 11"
	case major == 10:
		name = "Windows 10"
	case major == 6 && minor == 3:
		name = "Windows 8.1"
	case major == 6 && minor == 2:
		name = "Windows 8"
	case major == 6 && minor == 1:
		name = "Windows 7"
	case major == 6 && minor == 0:
		name = "Windows Vista"
	}
	return Info{OS: "windows", ID: "windows", Name: name, Version: fmt.Sprintf("%d.%d.%d", major, minor, build)}
}
