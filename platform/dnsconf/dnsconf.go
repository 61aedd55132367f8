// Package dnsconf knows how each OS stores its resolver settings and how to
// change and restore them: argv builders and output parsers are pure
// functions tested on every OS; read_<os>.go only runs the commands.
package dnsconf

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Mode says which mechanism owns DNS on this computer.
type Mode string

const (
	ModeWindows        Mode = "windows"          // per-adapter settings (netsh)
	ModeMacOS          Mode = "macos"            // per network service (networksetup)
	ModeResolved       Mode = "systemd-resolved" // per-link settings (resolvectl)
	ModeNetworkManager Mode = "networkmanager"   // per-device runtime settings (nmcli)
	ModeDirect         Mode = "resolv.conf"      // a plain /etc/resolv.conf
)

// Interface is one network interface's resolver configuration.
type Interface struct {
	// Name is the Linux device, the macOS network service or the Windows
	// alias (display only on Windows: identify by Index).
	Name   string   `json:"name"`
	Index  int      `json:"index,omitempty"`  // Windows ifIndex
	GUID   string   `json:"guid,omitempty"`   // Windows interface GUID
	Device string   `json:"device,omitempty"` // macOS BSD device (en0)
	V4     []string `json:"v4,omitempty"`
	V6     []string `json:"v6,omitempty"`
	// V4Static/V6Static: the servers were set by hand (Windows NameServer
	// value, macOS manual servers) rather than learned from DHCP/RA. Undo
	// needs this to restore "DHCP" rather than a frozen copy of its answer.
	V4Static bool `json:"v4_static,omitempty"`
	V6Static bool `json:"v6_static,omitempty"`
	// HasV6 (Windows): IPv6 is bound to the interface (it lists IPv6 DNS
	// servers, placeholders included), so IPv6 DNS can be set on it.
	HasV6 bool `json:"has_v6,omitempty"`
	// Default is set when the interface carries the default route.
	Default bool `json:"default,omitempty"`
}

// State is the resolver configuration as read from the system.
type State struct {
	OS         string      `json:"os"`
	Mode       Mode        `json:"mode"`
	Interfaces []Interface `json:"interfaces,omitempty"`
	// ResolvConf is the resolv.conf path and ResolvData its bytes, in
	// direct mode.
	ResolvConf string `json:"resolv_conf,omitempty"`
	ResolvData []byte `json:"resolv_data,omitempty"`
	// ResolvLink is the symlink target when resolv.conf is a link: some
	// manager owns the file, and writing through the link would fight it.
	ResolvLink string `json:"resolv_link,omitempty"`
	// Managed is non-empty when something else owns DNS and a fix must back
	// off: "policy", "nrpt", "vpn", "mdm". ManagedDetail says what was seen.
	Managed       string `json:"managed,omitempty"`
	ManagedDetail string `json:"managed_detail,omitempty"`
	// Captive is set when the OS itself reports a captive portal (Linux:
	// NetworkManager's connectivity state). Windows and macOS leave it false:
	// their probes would contact Microsoft or Apple, so the fix asks the
	// catalogue's net.captive check instead.
	Captive bool `json:"captive,omitempty"`
	// Cache names the local DNS cache, if any ("resolved", "nscd").
	Cache string `json:"cache,omitempty"`
}

// Active returns the interfaces a DNS change should touch: those with the
// default route, or all when none is marked.
func (s State) Active() []Interface {
	var out []Interface
	for _, i := range s.Interfaces {
		if i.Default {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return s.Interfaces
	}
	return out
}

// SplitFamilies splits addresses into IPv4 and IPv6, dropping anything that
// is not an IP literal (so a malformed catalogue can never reach an argv).
func SplitFamilies(addrs []string) (v4, v6 []string) {
	for _, a := range addrs {
		ip := net.ParseIP(strings.TrimSpace(a))
		switch {
		case ip == nil:
		case ip.To4() != nil:
			v4 = append(v4, ip.String())
		default:
			v6 = append(v6, ip.String())
		}
	}
	return v4, v6
}

// ValidIPs reports whether every entry is an IP literal.
func ValidIPs(addrs []string) error {
	for _, a := range addrs {
		if net.ParseIP(a) == nil {
			return fmt.Errorf("not an IP address: %q", a)
		}
	}
	return nil
}

// --- Windows ---------------------------------------------------------------

func famWord(family int) string {
	if family == 6 {
		return "ipv6"
	}
	return "ipv4"
}

// WindowsSetArgv returns the netsh commands that set servers (in order) as
// the static DNS servers of one interface and family. Interfaces are named
// by index, never by their (localised, renamable) alias.
func WindowsSetArgv(ifIndex, family int, servers []string) [][]string {
	if len(servers) == 0 {
		return nil
	}
	name := "name=" + strconv.Itoa(ifIndex)
	out := [][]string{{"netsh", "interface", famWord(family), "set", "dnsservers", name,
		"source=static", "address=" + servers[0], "register=primary", "validate=no"}}
	for i, s := range servers[1:] {
		out = append(out, []string{"netsh", "interface", famWord(family), "add", "dnsservers", name,
			"address=" + s, "index=" + strconv.Itoa(i+2), "validate=no"})
	}
	return out
}

// WindowsRestoreArgv returns the commands that put one interface and family
// back: DHCP when the servers were not static, else the saved list in order
// (an empty static list is cleared with address=none).
func WindowsRestoreArgv(ifIndex, family int, static bool, servers []string) [][]string {
	name := "name=" + strconv.Itoa(ifIndex)
	if !static {
		return [][]string{{"netsh", "interface", famWord(family), "set", "dnsservers", name, "source=dhcp"}}
	}
	if len(servers) == 0 {
		return [][]string{{"netsh", "interface", famWord(family), "set", "dnsservers", name,
			"source=static", "address=none", "validate=no"}}
	}
	return WindowsSetArgv(ifIndex, family, servers)
}

// --- macOS -----------------------------------------------------------------

// MacSetArgv sets a network service's manual DNS servers (both families in
// one list, as networksetup takes them).
func MacSetArgv(service string, servers []string) []string {
	return append([]string{"networksetup", "-setdnsservers", service}, servers...)
}

// MacRestoreArgv restores a service: "Empty" when it had no manual servers
// (DNS came from DHCP), else the saved list.
func MacRestoreArgv(service string, static bool, servers []string) []string {
	if !static || len(servers) == 0 {
		return []string{"networksetup", "-setdnsservers", service, "Empty"}
	}
	return MacSetArgv(service, servers)
}

// --- Linux -----------------------------------------------------------------

// ResolvedSetArgv points one link at servers and makes it the default route
// for all names.
func ResolvedSetArgv(link string, servers []string) [][]string {
	return [][]string{
		append([]string{"resolvectl", "dns", link}, servers...),
		{"resolvectl", "domain", link, "~."},
	}
}

// ResolvedRevertArgv undoes every per-link setting made through resolvectl.
func ResolvedRevertArgv(link string) []string { return []string{"resolvectl", "revert", link} }

// NMModifyArgv changes the runtime (applied) connection of a device only;
// the saved profile stays untouched, so reapply restores it exactly.
func NMModifyArgv(device string, v4, v6 []string) []string {
	argv := []string{"nmcli", "device", "modify", device}
	if len(v4) > 0 {
		argv = append(argv, "ipv4.dns", strings.Join(v4, " "), "ipv4.ignore-auto-dns", "yes")
	}
	if len(v6) > 0 {
		argv = append(argv, "ipv6.dns", strings.Join(v6, " "), "ipv6.ignore-auto-dns", "yes")
	}
	return argv
}

// NMReapplyArgv re-applies the saved profile, dropping runtime changes.
func NMReapplyArgv(device string) []string { return []string{"nmcli", "device", "reapply", device} }

// FlushArgv returns the commands that flush the system DNS cache, and
// whether they need elevation. Nil means there is no cache to flush.
func FlushArgv(goos string, mode Mode, cache string) (argv [][]string, elevated bool) {
	switch goos {
	case "windows":
		return [][]string{{"ipconfig", "/flushdns"}}, false
	case "darwin":
		return [][]string{{"dscacheutil", "-flushcache"}, {"killall", "-HUP", "mDNSResponder"}}, true
	}
	switch {
	case mode == ModeResolved || cache == "resolved":
		return [][]string{{"resolvectl", "flush-caches"}}, false
	case cache == "nscd":
		return [][]string{{"nscd", "-i", "hosts"}}, true
	}
	return nil, false
}
