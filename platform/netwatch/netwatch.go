// Package netwatch tells when this computer's network configuration
// changes (a link goes up or down, an address or a route comes or goes),
// so the tray re-checks at once instead of at its next poll. It says only
// "something changed"; the caller reads what it needs (the tray compares
// its interface fingerprint).
//
// Linux: an rtnetlink socket subscribed to the link, address and route
// groups. macOS: a PF_ROUTE socket, keeping interface and address messages
// (its route messages include every ARP entry, which is noise here).
// Windows: NotifyIpInterfaceChange and NotifyUnicastIpAddressChange.
// Elsewhere Changes returns ErrUnsupported and the caller keeps polling.
// None of them needs privileges.
package netwatch

import "errors"

// ErrUnsupported means this system offers no change notification here.
var ErrUnsupported = errors.New("network change notifications are not available on this system")

// signal puts one value in out unless one is pending already: a burst of
// messages is one change to the reader.
func signal(out chan<- struct{}) {
	select {
	case out <- struct{}{}:
	default:
	}
}

// Route-socket message types of macOS (net/route.h) that tell of an
// interface or address change.
const (
	darwinNewAddr = 0xc // RTM_NEWADDR
	darwinDelAddr = 0xd // RTM_DELADDR
	darwinIfInfo  = 0xe // RTM_IFINFO
)

// darwinRelevant reads the type of a macOS route-socket message (the
// fourth byte of every header: msglen u16, version u8, type u8) and keeps
// interface and address changes.
func darwinRelevant(msg []byte) bool {
	if len(msg) < 4 {
		return false
	}
	switch msg[3] {
	case darwinNewAddr, darwinDelAddr, darwinIfInfo:
		return true
	}
	return false
}
