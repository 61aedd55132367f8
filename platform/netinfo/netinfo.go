// Package netinfo reads network facts from the OS, read-only: default
// routes, interfaces (and which look like VPNs), proxy settings and whether
// network time sync is on. Parsers for every OS's formats are pure functions
// tested everywhere with captured fixtures; the *_<os>.go files only fetch
// the raw data.
package netinfo

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"
	"wpsdoctor/platform/command"
)

// Route is a default route.
type Route struct {
	Family  int    `json:"family"` // 4 or 6
	Iface   string `json:"iface"`
	Gateway string `json:"gateway,omitempty"`
	Metric  int    `json:"metric,omitempty"`
}

// Interface is a network interface as the checks need it.
type Interface struct {
	Name  string   `json:"name"`
	Index int      `json:"index"`
	Up    bool     `json:"up"`
	Addrs []string `json:"addrs,omitempty"`
	// Loopback is the loopback interface.
	Loopback bool `json:"loopback,omitempty"`
	// VPN is true for tunnel/VPN interfaces (tun, tap, wg, ppp, ipsec,
	// utun carrying a routable address, Windows PPP/tunnel adapters).
	VPN bool `json:"vpn,omitempty"`
	// Description is the adapter description (Windows), for evidence.
	Description string `json:"description,omitempty"`
}

// Proxy is one proxy configuration source.
type Proxy struct {
	// Source: env, wininet, winhttp, scutil, gnome, kde.
	Source string `json:"source"`
	// Mode: none, manual, pac, auto (WPAD).
	Mode   string   `json:"mode"`
	HTTP   string   `json:"http,omitempty"`
	HTTPS  string   `json:"https,omitempty"`
	SOCKS  string   `json:"socks,omitempty"`
	PAC    string   `json:"pac,omitempty"`
	Bypass []string `json:"bypass,omitempty"`
	// Authenticated: a proxy URL carried user info (a user name and
	// maybe a password). The fields above never hold it: they are shown
	// in reports, which are made to be shared.
	Authenticated bool `json:"authenticated,omitempty"`
	// Users holds that user info per proxy value (HTTP, HTTPS or SOCKS as
	// stored above), for probing the proxy; never serialised.
	Users map[string]*url.Userinfo `json:"-"`
}

// User returns the credentials configured for proxy (a value of HTTP,
// HTTPS or SOCKS, or what UsesProxy returned), or nil.
func (p Proxy) User(proxy string) *url.Userinfo {
	if u := p.Users[proxy]; u != nil {
		return u
	}
	for k, u := range p.Users {
		if hostOf(k) == hostOf(proxy) {
			return u
		}
	}
	return nil
}

func hostOf(s string) string {
	if _, rest, ok := strings.Cut(s, "://"); ok {
		s = rest
	}
	return strings.TrimSuffix(s, "/")
}

// Active reports whether this source configures any proxy.
func (p Proxy) Active() bool { return p.Mode != "" && p.Mode != ModeNone }

// Proxy modes.
const (
	ModeNone   = "none"
	ModeManual = "manual"
	ModePAC    = "pac"
	ModeAuto   = "auto"
)

// TimeSync says whether the OS keeps its clock in sync over the network.
type TimeSync struct {
	// State: on, off, unknown.
	State  string `json:"state"`
	Source string `json:"source,omitempty"` // where it was read
	Detail string `json:"detail,omitempty"`
}

// Time sync states.
const (
	SyncOn      = "on"
	SyncOff     = "off"
	SyncUnknown = "unknown"
)

// Provider is the OS seen through the questions the checks ask; tests
// substitute a fake.
type Provider interface {
	DefaultRoutes(ctx context.Context) ([]Route, error)
	Interfaces(ctx context.Context) ([]Interface, error)
	Proxies(ctx context.Context) ([]Proxy, error)
	NetworkTime(ctx context.Context) (TimeSync, error)
}

// System returns the provider for this computer.
func System() Provider { return system{} }

type system struct{}

func (system) DefaultRoutes(ctx context.Context) ([]Route, error) { return defaultRoutes(ctx) }
func (system) NetworkTime(ctx context.Context) (TimeSync, error)  { return networkTime(ctx) }

func (system) Proxies(ctx context.Context) ([]Proxy, error) {
	out := []Proxy{FromEnv()}
	more, err := osProxies(ctx)
	return append(out, more...), err
}

func (system) Interfaces(ctx context.Context) ([]Interface, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	out := make([]Interface, 0, len(ifs))
	for _, i := range ifs {
		// Up means usable: administratively up and running (carrier on
		// Linux/BSD, OperStatus up on Windows).
		up := i.Flags&net.FlagUp != 0 && i.Flags&net.FlagRunning != 0
		x := Interface{Name: i.Name, Index: i.Index, Up: up, Loopback: i.Flags&net.FlagLoopback != 0}
		if addrs, err := i.Addrs(); err == nil {
			for _, a := range addrs {
				x.Addrs = append(x.Addrs, a.String())
			}
		}
		x.VPN = IsVPNName(x.Name, x.Addrs)
		out = append(out, x)
	}
	return enrichInterfaces(ctx, out), nil
}

// vpnPrefixes are interface-name prefixes of tunnels on Linux, macOS and
// BSD. utun is special: macOS keeps several for system services, so it
// counts only when it carries a routable address.
var vpnPrefixes = []string{"tun", "tap", "wg", "ppp", "ipsec", "tailscale", "zt", "nordlynx", "gpd", "cscotun", "vpn"}

// IsVPNName judges an interface by name and addresses (CIDR strings).
func IsVPNName(name string, addrs []string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "utun") {
		for _, a := range addrs {
			ip, _, err := net.ParseCIDR(a)
			if err != nil {
				ip = net.ParseIP(a)
			}
			if ip != nil && !ip.IsLinkLocalUnicast() && !ip.IsLoopback() {
				return true
			}
		}
		return false
	}
	for _, p := range vpnPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// run executes argv with a deadline and returns stdout; per-OS files use it.
func run(ctx context.Context, name string, args ...string) ([]byte, error) {
	return command.Output(ctx, 3*time.Second, append([]string{name}, args...)...)
}

// ErrUnsupported means this OS has no reader for a fact.
var ErrUnsupported = errors.New("not supported on this OS")
