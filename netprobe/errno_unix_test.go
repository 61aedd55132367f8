//go:build !windows

package netprobe

import "syscall"

var (
	errRefused     = syscall.ECONNREFUSED
	errReset       = syscall.ECONNRESET
	errNetUnreach  = syscall.ENETUNREACH
	errHostUnreach = syscall.EHOSTUNREACH
	errAccess      = syscall.EPERM
)
