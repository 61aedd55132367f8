package agent

import (
	"fmt"
	"strconv"
)

// Peer is the caller as the OS tells it: the peer credentials of a Unix
// socket, the client process's token of a named pipe. Nothing here comes
// from the message.
type Peer struct {
	// UID and GID are the Unix IDs (-1 on Windows).
	UID, GID int
	// PID is the calling process (0 when the OS does not say).
	PID int
	// Name is the user name (Windows: DOMAIN\user), "" when unknown.
	Name string
	// SID is the Windows user's security identifier.
	SID string
	// Admin: root, or an elevated Windows token (or LocalSystem).
	Admin bool
}

// String names the peer for the journal and messages.
func (p Peer) String() string {
	who := p.Name
	if who == "" {
		who = "uid " + strconv.Itoa(p.UID)
	}
	if p.UID >= 0 {
		who = fmt.Sprintf("%s (uid %d)", who, p.UID)
	}
	if p.SID != "" {
		who += " " + p.SID
	}
	if p.PID > 0 {
		who += fmt.Sprintf(" pid %d", p.PID)
	}
	return who
}

// Names are what a policy's denied_users may say of this peer: its name
// (and the part after DOMAIN\) and its numeric ID or SID.
func (p Peer) Names() []string {
	var out []string
	if p.Name != "" {
		out = append(out, p.Name)
		for i := len(p.Name) - 1; i >= 0; i-- {
			if p.Name[i] == '\\' {
				out = append(out, p.Name[i+1:])
				break
			}
		}
	}
	if p.UID >= 0 {
		out = append(out, strconv.Itoa(p.UID))
	}
	if p.SID != "" {
		out = append(out, p.SID)
	}
	return out
}
