package netinfo

import (
	"net"
	"net/netip"
)

// Egress returns the local address and interface the OS would use to reach
// ip. Connecting a UDP socket sends no packet; it only asks the routing
// table. An error such as "network is unreachable" means no route.
func Egress(ip string, ifs []Interface) (iface, local string, err error) {
	c, err := net.Dial("udp", net.JoinHostPort(ip, "9"))
	if err != nil {
		return "", "", err
	}
	defer c.Close()
	la, _ := netip.ParseAddrPort(c.LocalAddr().String())
	local = la.Addr().Unmap().String()
	return InterfaceOf(local, ifs), local, nil
}

// InterfaceOf names the interface holding the local address ip.
func InterfaceOf(ip string, ifs []Interface) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	for _, i := range ifs {
		for _, s := range i.Addrs {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				if x, err2 := netip.ParseAddr(s); err2 == nil && x == a {
					return i.Name
				}
				continue
			}
			if p.Addr().Unmap() == a.Unmap() {
				return i.Name
			}
		}
	}
	return ""
}
