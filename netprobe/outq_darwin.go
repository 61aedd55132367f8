package netprobe

import (
	"net"

	"golang.org/x/sys/unix"
)

// unsentBytes is what the socket still holds of what was written to it
// (SO_NWRITE).
func unsentBytes(c *net.TCPConn) (int, bool) {
	return socketInt(c, func(fd int) (int, error) { return unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NWRITE) })
}
