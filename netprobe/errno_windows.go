package netprobe

import (
	"syscall"

	"golang.org/x/sys/windows"
)

func classifyErrno(e syscall.Errno) TCPOutcome {
	switch e {
	case windows.WSAECONNREFUSED:
		return TCPRefused
	case windows.WSAECONNRESET, windows.WSAECONNABORTED:
		return TCPReset
	case windows.WSAENETUNREACH:
		return TCPNoRoute
	case windows.WSAEHOSTUNREACH:
		return TCPUnreachable
	case windows.WSAETIMEDOUT:
		return TCPTimeout
	case windows.WSAEACCES:
		return TCPBlocked
	}
	return TCPError
}
