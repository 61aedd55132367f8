package dnsconf

import (
	"context"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// ipAdapterIPv6Enabled is IP_ADAPTER_IPV6_ENABLED of IpAdapterAddresses.Flags.
const ipAdapterIPv6Enabled = 0x100

// read collects WinDNSFacts through the OS API and the registry, which
// Windows 7 through 11 all have (PowerShell's DNS cmdlets and
// ConvertTo-Json do not exist in Windows 7's PowerShell 2.0), and leaves
// the interpretation to WindowsState. Captive portals are detected by the
// catalogue's own probe (fixes.Env.Captive), never by fetching a third
// party's connectivity URL.
func read(_ context.Context, _ Paths) (State, error) {
	ads, err := adapters()
	if err != nil {
		return State{}, fmt.Errorf("could not read the DNS settings (GetAdaptersAddresses: %w)", err)
	}
	f := WinDNSFacts{Adapters: ads}
	for i := range f.Adapters {
		a := &f.Adapters[i]
		a.V4Static = regString(WinTcpipInterfaces+a.GUID, "NameServer") != ""
		a.V6Static = regString(WinTcpip6Interfaces+a.GUID, "NameServer") != ""
	}
	f.PolicyNameServer = regString(WinDNSPolicyKey, "NameServer")
	f.NRPTRules = regSubkeys(WinNRPTPolicyKey) + regSubkeys(WinNRPTLocalKey)
	return WindowsState(f), nil
}

// adapters walks GetAdaptersAddresses' list into WinAdapters.
func adapters() ([]WinAdapter, error) {
	size := uint32(15000)
	var buf []byte
	var err error
	for range 3 {
		buf = make([]byte, size)
		err = windows.GetAdaptersAddresses(windows.AF_UNSPEC,
			windows.GAA_FLAG_INCLUDE_GATEWAYS|windows.GAA_FLAG_SKIP_ANYCAST|windows.GAA_FLAG_SKIP_MULTICAST, 0,
			(*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])), &size)
		if err != windows.ERROR_BUFFER_OVERFLOW {
			break
		}
	}
	if err == windows.ERROR_NO_DATA {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []WinAdapter
	for a := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])); a != nil; a = a.Next {
		w := WinAdapter{
			Index:      int(a.IfIndex),
			GUID:       windows.BytePtrToString(a.AdapterName),
			Alias:      windows.UTF16PtrToString(a.FriendlyName),
			IfType:     int(a.IfType),
			OperStatus: int(a.OperStatus),
			IPv6:       a.Flags&ipAdapterIPv6Enabled != 0,
		}
		if w.Index == 0 {
			w.Index = int(a.Ipv6IfIndex)
		}
		for d := a.FirstDnsServerAddress; d != nil; d = d.Next {
			if ip := d.Address.IP(); ip != nil {
				w.DNS = append(w.DNS, ip.String())
			}
		}
		for g := a.FirstGatewayAddress; g != nil; g = g.Next {
			if ip := g.Address.IP(); ip != nil {
				w.Gateways = append(w.Gateways, ip.String())
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// regString reads a REG_SZ or REG_MULTI_SZ value under HKLM ("" when absent).
func regString(key, name string) string {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.QUERY_VALUE)
	if err != nil {
		return ""
	}
	defer k.Close()
	if s, _, err := k.GetStringValue(name); err == nil {
		return s
	}
	if ss, _, err := k.GetStringsValue(name); err == nil && len(ss) > 0 {
		return ss[0]
	}
	return ""
}

// regSubkeys counts the subkeys of an HKLM key (0 when absent).
func regSubkeys(key string) int {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.ENUMERATE_SUB_KEYS|registry.QUERY_VALUE)
	if err != nil {
		return 0
	}
	defer k.Close()
	info, err := k.Stat()
	if err != nil {
		return 0
	}
	return int(info.SubKeyCount)
}
