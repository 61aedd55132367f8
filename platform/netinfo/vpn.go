package netinfo

import "strings"

// Windows interface types (IANA ifType) that are tunnels.
const (
	IfTypePPP         = 23
	IfTypePropVirtual = 53
	IfTypeTunnel      = 131
)

// vpnAdapterWords are substrings of the adapter descriptions of common VPN
// clients on Windows.
var vpnAdapterWords = []string{
	"tap-windows", "wintun", "wireguard", "anyconnect", "fortinet", "fortissl", "pangp", "palo alto",
	"juniper", "pulse secure", "sonicwall", "openvpn", "tailscale", "zerotier", "vpn", "l2tp", "pptp", "sstp", "ikev2",
}

// IsVPNAdapter judges a Windows adapter by ifType and description.
// Virtual switches (Hyper-V, VMware, VirtualBox) are propVirtual too but
// are not VPNs, so propVirtual alone needs a VPN word in the description.
func IsVPNAdapter(ifType uint32, description string) bool {
	d := strings.ToLower(description)
	hasWord := false
	for _, w := range vpnAdapterWords {
		if strings.Contains(d, w) {
			hasWord = true
			break
		}
	}
	switch ifType {
	case IfTypePPP, IfTypeTunnel:
		return !strings.Contains(d, "teredo") && !strings.Contains(d, "isatap") && !strings.Contains(d, "6to4") && !strings.Contains(d, "ip-https")
	}
	return hasWord
}

// RouteThroughVPN returns the default routes whose interface is a VPN.
func RouteThroughVPN(routes []Route, ifs []Interface) []Route {
	vpn := map[string]bool{}
	for _, i := range ifs {
		if i.VPN && i.Up {
			vpn[i.Name] = true
		}
	}
	var out []Route
	for _, r := range routes {
		if vpn[r.Iface] {
			out = append(out, r)
		}
	}
	return out
}
