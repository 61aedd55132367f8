package agent

import (
	"errors"
	"net"

	"golang.org/x/sys/windows"
)

// peerOf reads the pipe client's process token: its user, whether it is
// elevated (or LocalSystem).
func peerOf(c net.Conn) (Peer, error) {
	pc, ok := c.(*pipeConn)
	if !ok {
		return Peer{}, errors.New("not a local named-pipe connection")
	}
	var pid uint32
	if err := windows.GetNamedPipeClientProcessId(pc.h, &pid); err != nil {
		return Peer{}, err
	}
	p := Peer{UID: -1, GID: -1, PID: int(pid)}
	ph, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return Peer{}, err
	}
	defer windows.CloseHandle(ph)
	var tok windows.Token
	if err := windows.OpenProcessToken(ph, windows.TOKEN_QUERY, &tok); err != nil {
		return Peer{}, err
	}
	defer tok.Close()
	tu, err := tok.GetTokenUser()
	if err != nil {
		return Peer{}, err
	}
	p.SID = tu.User.Sid.String()
	if acct, dom, _, err := tu.User.Sid.LookupAccount(""); err == nil {
		p.Name = dom + `\` + acct
	}
	p.Admin = tok.IsElevated() || tu.User.Sid.IsWellKnown(windows.WinLocalSystemSid)
	return p, nil
}

// userName: Windows peers carry their name from the token.
func userName(int) string { return "" }
