package agent

import (
	"errors"
	"net"

	"golang.org/x/sys/unix"
)

// peerOf reads LOCAL_PEERCRED (and LOCAL_PEERPID) of a Unix socket
// connection.
func peerOf(c net.Conn) (Peer, error) {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return Peer{}, errors.New("not a local (Unix socket) connection")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return Peer{}, err
	}
	var cred *unix.Xucred
	var pid int
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = unix.GetsockoptXucred(int(fd), unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
		if cerr == nil {
			pid, _ = unix.GetsockoptInt(int(fd), unix.SOL_LOCAL, unix.LOCAL_PEERPID)
		}
	}); err != nil {
		return Peer{}, err
	}
	if cerr != nil {
		return Peer{}, cerr
	}
	p := Peer{UID: int(cred.Uid), GID: -1, PID: pid}
	if cred.Ngroups > 0 {
		p.GID = int(cred.Groups[0])
	}
	p.Admin = p.UID == 0
	p.Name = userName(p.UID)
	return p, nil
}
