package dnsconf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strings"
)

var (
	macServiceRe = regexp.MustCompile(`^\((\d+|\*)\)\s+(.+)$`)
	macPortRe    = regexp.MustCompile(`^\(Hardware Port: (.*), Device: (.*)\)$`)
)

// MacService is one entry of `networksetup -listnetworkserviceorder`.
type MacService struct {
	Name     string
	Device   string
	Disabled bool
}

// ParseServiceOrder parses `networksetup -listnetworkserviceorder`. Names
// may be localised and contain spaces or parentheses.
func ParseServiceOrder(out []byte) []MacService {
	var svcs []MacService
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := macServiceRe.FindStringSubmatch(line); m != nil {
			svcs = append(svcs, MacService{Name: m[2], Disabled: m[1] == "*"})
			continue
		}
		if m := macPortRe.FindStringSubmatch(line); m != nil && len(svcs) > 0 {
			svcs[len(svcs)-1].Device = strings.TrimSpace(m[2])
		}
	}
	return svcs
}

// ParseGetDNSServers parses `networksetup -getdnsservers SERVICE`: the
// manual servers, or none when it prints "There aren't any DNS Servers".
func ParseGetDNSServers(out []byte) []string {
	var ips []string
	for _, f := range strings.Fields(string(out)) {
		if net.ParseIP(f) != nil {
			ips = append(ips, f)
		}
	}
	return ips
}

// ParseRouteDefault returns the interface of `route -n get default`.
func ParseRouteDefault(out []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if ok && strings.TrimSpace(k) == "interface" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// IsTunnel reports whether a device name is a VPN-style tunnel.
func IsTunnel(dev string) bool {
	for _, p := range []string{"utun", "ppp", "ipsec", "tun", "tap", "wg"} {
		if strings.HasPrefix(dev, p) {
			return true
		}
	}
	return false
}

// MacState assembles the macOS state from the service order, the default
// route's device and each service's manual servers.
func MacState(order []MacService, defaultDev string, manual map[string][]string) State {
	st := State{OS: "darwin", Mode: ModeMacOS}
	if IsTunnel(defaultDev) {
		st.Managed, st.ManagedDetail = "vpn", "default route via "+defaultDev
	}
	for _, s := range order {
		if s.Disabled || s.Device == "" {
			continue
		}
		i := Interface{Name: s.Name, Device: s.Device, Default: s.Device == defaultDev}
		i.V4, i.V6 = SplitFamilies(manual[s.Name])
		i.V4Static = len(manual[s.Name]) > 0
		i.V6Static = i.V4Static
		st.Interfaces = append(st.Interfaces, i)
	}
	return st
}

// --- Linux -----------------------------------------------------------------

// ResolvOwner returns who the leading comment lines of resolv.conf name as
// the file's owner: "systemd-resolved", "NetworkManager", "resolvconf",
// "wpsdoctor" or "".
func ResolvOwner(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "#") {
			break
		}
		for _, w := range []string{DirectMarker, "systemd-resolved", "NetworkManager", "resolvconf"} {
			if strings.Contains(line, w) {
				if w == DirectMarker {
					return "wpsdoctor"
				}
				return w
			}
		}
	}
	return ""
}

// Nameservers returns the nameserver lines of a resolv.conf.
func Nameservers(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "nameserver" {
			out = append(out, f[1])
		}
	}
	return out
}

// resolvedIsResolver applies systemd's own test: nsswitch puts "resolve"
// before "dns" on the hosts line, or every nameserver is 127.0.0.53.
func resolvedIsResolver(resolv, nsswitch []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(nsswitch))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] != "hosts:" {
			continue
		}
		for _, w := range f[1:] {
			if w == "resolve" {
				return true
			}
			if w == "dns" {
				break
			}
		}
	}
	ns := Nameservers(resolv)
	if len(ns) == 0 {
		return false
	}
	for _, n := range ns {
		if n != "127.0.0.53" && n != "127.0.0.54" {
			return false
		}
	}
	return true
}

// DetectLinuxMode decides who owns DNS, from resolv.conf's header and
// nameservers, nsswitch.conf and whether NetworkManager runs, following
// the order Tailscale's net/dns uses. Our own marker means a previous run
// left its file: still direct mode.
func DetectLinuxMode(resolv, nsswitch []byte, nmRunning bool) Mode {
	owner := ResolvOwner(resolv)
	switch owner {
	case "systemd-resolved":
		if resolvedIsResolver(resolv, nsswitch) {
			if nmRunning {
				return ModeNetworkManager
			}
			return ModeResolved
		}
		return ModeDirect
	case "NetworkManager":
		if nmRunning {
			return ModeNetworkManager
		}
		return ModeDirect
	}
	if owner == "" && resolvedIsResolver(resolv, nil) {
		if nmRunning {
			return ModeNetworkManager
		}
		return ModeResolved
	}
	return ModeDirect
}

// NMDevice is one line of `nmcli -t -f DEVICE,TYPE,STATE device`.
type NMDevice struct{ Device, Type, State string }

// ParseNmcliDevices parses nmcli's terse output, honouring its "\:" escapes.
func ParseNmcliDevices(out []byte) []NMDevice {
	var devs []NMDevice
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := splitTerse(sc.Text())
		if len(f) < 3 || f[0] == "" {
			continue
		}
		devs = append(devs, NMDevice{Device: f[0], Type: f[1], State: f[2]})
	}
	return devs
}

func splitTerse(line string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
		case line[i] == ':':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(out, cur.String())
}

// ParseIPRouteJSON returns the devices of `ip -j route show default`.
func ParseIPRouteJSON(out []byte) ([]string, error) {
	var routes []struct {
		Dst string `json:"dst"`
		Dev string `json:"dev"`
	}
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(out, &routes); err != nil {
		return nil, fmt.Errorf("ip route: %w", err)
	}
	var devs []string
	for _, r := range routes {
		if r.Dev != "" {
			devs = append(devs, r.Dev)
		}
	}
	return devs, nil
}

// DirectMarker marks a resolv.conf written by dns.set; undo only restores
// over a file that still carries it, so a newer file from DHCP or the user
// is never clobbered.
const DirectMarker = "generated by wpsdoctor dns.set"

// DirectContent returns the resolv.conf dns.set writes: our marker, the
// new nameservers, and the old file's search/options lines.
func DirectContent(old []byte, servers []string) []byte {
	var b bytes.Buffer
	b.WriteString("# " + DirectMarker + "; `wpsdoctor undo` restores the previous file\n")
	for _, s := range servers {
		b.WriteString("nameserver " + s + "\n")
	}
	sc := bufio.NewScanner(bytes.NewReader(old))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 0 && (f[0] == "search" || f[0] == "domain" || f[0] == "options") {
			b.WriteString(sc.Text() + "\n")
		}
	}
	return b.Bytes()
}
