package netprobe

import (
	"net"

	"golang.org/x/sys/unix"
)

// unsentBytes is what the socket still holds of what was written to it
// (SO_NWRITE).
func unsentBytes(c *net.TCPConn) (int, bool) {
	rc, err := c.SyscallConn()
	if err != nil {
		return 0, false
	}
	n, qerr := -1, error(nil)
	if err := rc.Control(func(fd uintptr) { n, qerr = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_NWRITE) }); err != nil || qerr != nil {
		return 0, false
	}
	return n, n >= 0
}
