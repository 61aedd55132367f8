package dnsconf

import (
	"fmt"
	"strings"
)

// WinAdapter is one network adapter as GetAdaptersAddresses (iphlpapi,
// Windows XP and later, so Windows 7 too) reports it, reduced to what the
// DNS reader needs, plus the registry facts of its GUID. read_windows.go
// fills it; WindowsState turns it into State, tested on every OS with
// fixtures of Windows 7 and Windows 10 machines.
type WinAdapter struct {
	Index      int      `json:"if_index"`      // IfIndex (IPv4), else Ipv6IfIndex
	GUID       string   `json:"adapter_name"`  // AdapterName: "{6A1C8E2B-...}"
	Alias      string   `json:"friendly_name"` // FriendlyName: "以太网", "本地连接"
	IfType     int      `json:"if_type"`       // IANA ifType: 6 Ethernet, 71 Wi-Fi, 24 loopback, 131 tunnel
	OperStatus int      `json:"oper_status"`   // 1 = up
	IPv6       bool     `json:"ipv6"`          // Flags & IP_ADAPTER_IPV6_ENABLED
	DNS        []string `json:"dns"`           // FirstDnsServerAddress list, both families, in order
	Gateways   []string `json:"gateways"`      // FirstGatewayAddress list (GAA_FLAG_INCLUDE_GATEWAYS)
	// V4Static/V6Static: Tcpip(6)\Parameters\Interfaces\{GUID} has a
	// non-empty NameServer value (servers set by hand, not by DHCP).
	V4Static bool `json:"v4_static"`
	V6Static bool `json:"v6_static"`
}

// WinDNSFacts is everything the Windows reader collects.
type WinDNSFacts struct {
	Adapters []WinAdapter `json:"adapters"`
	// PolicyNameServer is HKLM\SOFTWARE\Policies\Microsoft\Windows NT\
	// DNSClient\NameServer: DNS servers forced by group policy.
	PolicyNameServer string `json:"policy_name_server"`
	// NRPTRules counts the subkeys of the two DnsPolicyConfig keys (group
	// policy and local/DirectAccess/VPN name resolution policy rules).
	NRPTRules int `json:"nrpt_rules"`
}

// Interface types and the oper status GetAdaptersAddresses reports.
const (
	ifTypeLoopback = 24  // IF_TYPE_SOFTWARE_LOOPBACK
	ifTypeTunnel   = 131 // IF_TYPE_TUNNEL: isatap, Teredo, 6to4 pseudo-interfaces
	ifOperUp       = 1   // IfOperStatusUp
)

// WindowsRegistryKeys are the registry keys the Windows reader opens
// (under HKLM); the {GUID} is the adapter's AdapterName.
const (
	WinTcpipInterfaces  = `SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\Interfaces\`
	WinTcpip6Interfaces = `SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters\Interfaces\`
	WinDNSPolicyKey     = `SOFTWARE\Policies\Microsoft\Windows NT\DNSClient`
	WinNRPTPolicyKey    = WinDNSPolicyKey + `\DnsPolicyConfig`
	WinNRPTLocalKey     = `SYSTEM\CurrentControlSet\Services\Dnscache\Parameters\DnsPolicyConfig`
)

// WindowsState turns what the OS API reported into the resolver state:
// up adapters that are not loopback or tunnel pseudo-interfaces (the ones
// Get-NetAdapter lists), their servers per family without the fec0::
// placeholders Windows lists when IPv6 has no DNS, the default route by
// the adapter's gateway, and a group policy or NRPT rules as "managed".
func WindowsState(f WinDNSFacts) State {
	st := State{OS: "windows", Mode: ModeWindows}
	for _, a := range f.Adapters {
		if a.Index <= 0 || a.OperStatus != ifOperUp || a.IfType == ifTypeLoopback || a.IfType == ifTypeTunnel {
			continue
		}
		i := Interface{Name: a.Alias, Index: a.Index, GUID: a.GUID,
			V4Static: a.V4Static, V6Static: a.V6Static, HasV6: a.IPv6}
		v4, v6 := SplitFamilies(a.DNS)
		i.V4 = v4
		for _, s := range v6 {
			if !strings.HasPrefix(s, "fec0:0:0:ffff::") {
				i.V6 = append(i.V6, s)
			}
		}
		for _, g := range a.Gateways {
			if gv4, gv6 := SplitFamilies([]string{g}); len(gv4) > 0 && gv4[0] != "0.0.0.0" || len(gv6) > 0 && gv6[0] != "::" {
				i.Default = true
			}
		}
		st.Interfaces = append(st.Interfaces, i)
	}
	switch {
	case strings.TrimSpace(f.PolicyNameServer) != "":
		st.Managed, st.ManagedDetail = "policy", strings.TrimSpace(f.PolicyNameServer)
	case f.NRPTRules > 0:
		st.Managed, st.ManagedDetail = "nrpt", fmt.Sprintf("%d NRPT rule(s)", f.NRPTRules)
	}
	return st
}
