package netprobe

import (
	"net"

	"golang.org/x/sys/unix"
)

// unsentBytes is what the socket still holds of what was written to it
// (SIOCOUTQ: not yet sent, or sent and not yet acknowledged).
func unsentBytes(c *net.TCPConn) (int, bool) {
	rc, err := c.SyscallConn()
	if err != nil {
		return 0, false
	}
	n, qerr := -1, error(nil)
	if err := rc.Control(func(fd uintptr) { n, qerr = unix.IoctlGetInt(int(fd), unix.SIOCOUTQ) }); err != nil || qerr != nil {
		return 0, false
	}
	return n, n >= 0
}
