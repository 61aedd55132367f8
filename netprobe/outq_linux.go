package netprobe

import (
	"net"

	"golang.org/x/sys/unix"
)

// unsentBytes is what the socket still holds of what was written to it
// (SIOCOUTQ: not yet sent, or sent and not yet acknowledged).
func unsentBytes(c *net.TCPConn) (int, bool) {
	return socketInt(c, func(fd int) (int, error) { return unix.IoctlGetInt(fd, unix.SIOCOUTQ) })
}
