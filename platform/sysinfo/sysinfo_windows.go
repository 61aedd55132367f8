package sysinfo

import "golang.org/x/sys/windows"

// osVersion uses RtlGetVersion, which, unlike GetVersionEx, is not
// subject to manifest-based version lies.
func osVersion() (Info, error) {
	v := windows.RtlGetVersion()
	return WindowsInfo(v.MajorVersion, v.MinorVersion, v.BuildNumber, v.ProductType != 1 /* VER_NT_WORKSTATION */), nil
}
