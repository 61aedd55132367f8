package netprobe

import "net/netip"

// AddrClass says what kind of address a resolver returned. A public WPS
// host answered with anything but "public" means a hosts-file entry, an ad
// blocker, a hijacking resolver or a proxy tool in fake-IP mode.
type AddrClass string

const (
	AddrPublic      AddrClass = "public"
	AddrUnspecified AddrClass = "unspecified" // 0.0.0.0, :: — the blocker's answer
	AddrLoopback    AddrClass = "loopback"
	AddrPrivate     AddrClass = "private" // RFC 1918, ULA fc00::/7
	AddrLinkLocal   AddrClass = "link_local"
	AddrCGNAT       AddrClass = "cgnat"   // 100.64.0.0/10
	AddrFakeIP      AddrClass = "fake_ip" // 198.18.0.0/15: Clash/Surge fake-IP mode
	AddrReserved    AddrClass = "reserved"
)

var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	fakeIP    = netip.MustParsePrefix("198.18.0.0/15")
	reserved4 = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),
		netip.MustParsePrefix("192.0.0.0/24"),
		netip.MustParsePrefix("240.0.0.0/4"),
	}
)

// Classify returns the class of a.
func Classify(a netip.Addr) AddrClass {
	a = a.Unmap()
	switch {
	case !a.IsValid(), a.IsUnspecified():
		return AddrUnspecified
	case a.IsLoopback():
		return AddrLoopback
	case a.IsPrivate():
		return AddrPrivate
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return AddrLinkLocal
	case cgnat.Contains(a):
		return AddrCGNAT
	case fakeIP.Contains(a):
		return AddrFakeIP
	case a.IsMulticast():
		return AddrReserved
	}
	for _, p := range reserved4 {
		if p.Contains(a) {
			return AddrReserved
		}
	}
	return AddrPublic
}

// ClassifyString classifies a textual address; text that is not an
// address counts as unspecified.
func ClassifyString(s string) AddrClass {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return AddrUnspecified
	}
	return Classify(a)
}
