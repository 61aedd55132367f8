package netprobe

import "golang.org/x/sys/windows"

var (
	errRefused     = windows.WSAECONNREFUSED
	errReset       = windows.WSAECONNRESET
	errNetUnreach  = windows.WSAENETUNREACH
	errHostUnreach = windows.WSAEHOSTUNREACH
	errAccess      = windows.WSAEACCES
)
