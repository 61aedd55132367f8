//go:build !windows

package netprobe

import "syscall"

func classifyErrno(e syscall.Errno) TCPOutcome {
	switch e {
	case syscall.ECONNREFUSED:
		return TCPRefused
	case syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE:
		return TCPReset
	case syscall.ENETUNREACH:
		return TCPNoRoute
	case syscall.EHOSTUNREACH, syscall.EHOSTDOWN:
		return TCPUnreachable
	case syscall.ETIMEDOUT:
		return TCPTimeout
	case syscall.EACCES, syscall.EPERM:
		return TCPBlocked
	}
	return TCPError
}
