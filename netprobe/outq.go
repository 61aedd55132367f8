//go:build linux || darwin

package netprobe

import "net"

// socketInt asks the socket of c one integer question (query runs on its
// descriptor); ok is false when it cannot be asked or answers below zero.
func socketInt(c *net.TCPConn, query func(fd int) (int, error)) (int, bool) {
	rc, err := c.SyscallConn()
	if err != nil {
		return 0, false
	}
	n, qerr := -1, error(nil)
	if err := rc.Control(func(fd uintptr) { n, qerr = query(int(fd)) }); err != nil || qerr != nil {
		return 0, false
	}
	return n, n >= 0
}
