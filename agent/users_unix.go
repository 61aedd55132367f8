//go:build !windows

package agent

import (
	"os/user"
	"strconv"
)

// userName is the name of uid, "" when unknown.
func userName(uid int) string {
	u, err := user.LookupId(strconv.Itoa(uid))
	if err != nil {
		return ""
	}
	return u.Username
}

// groupNames are the names of the groups uid belongs to.
func groupNames(p Peer) []string {
	u, err := user.LookupId(strconv.Itoa(p.UID))
	if err != nil {
		return nil
	}
	ids, err := u.GroupIds()
	if err != nil {
		return nil
	}
	var out []string
	for _, id := range ids {
		if g, err := user.LookupGroupId(id); err == nil {
			out = append(out, g.Name)
		}
	}
	return out
}
