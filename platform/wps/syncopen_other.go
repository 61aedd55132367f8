//go:build !windows

package wps

import (
	"os"
	"syscall"
)

// openFlags opens a sync database without blocking: a FIFO swapped in
// after the type check would otherwise hang the open.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
