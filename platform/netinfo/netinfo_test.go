package netinfo

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/http/httpproxy"
)

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseProcRoutes(t *testing.T) {
	r, err := ParseProcNetRoute(strings.NewReader(fixture(t, "linux_route_default.txt")))
	if err != nil || len(r) != 1 || r[0] != (Route{Family: 4, Iface: "eth0", Gateway: "192.0.2.1"}) {
		t.Errorf("v4 default: %+v %v", r, err)
	}
	if r, err := ParseProcNetRoute(strings.NewReader(fixture(t, "linux_route_nodefault.txt"))); err != nil || len(r) != 0 {
		t.Errorf("v4 none: %+v %v", r, err)
	}
	r6, err := ParseProcIPv6Route(strings.NewReader(fixture(t, "linux_ipv6_route_default.txt")))
	if err != nil || len(r6) != 1 || r6[0].Iface != "eth0" || r6[0].Gateway != "fd00::1" || r6[0].Metric != 1024 {
		t.Errorf("v6 default (the lo reject route must not count): %+v %v", r6, err)
	}
	if r, _ := ParseProcIPv6Route(strings.NewReader(fixture(t, "linux_ipv6_route_nodefault.txt"))); len(r) != 0 {
		t.Errorf("v6 none: %+v", r)
	}
	if r, err := ParseProcNetRoute(strings.NewReader("garbage\n\x00\x01 zz")); err != nil || len(r) != 0 {
		t.Errorf("garbage: %+v %v", r, err)
	}
}

func TestParseRouteGet(t *testing.T) {
	r, err := ParseRouteGet(fixture(t, "darwin_route_get_default.txt"), 4)
	if err != nil || len(r) != 1 || r[0] != (Route{Family: 4, Iface: "en0", Gateway: "192.168.1.1"}) {
		t.Errorf("default: %+v %v", r, err)
	}
	if r, err := ParseRouteGet(fixture(t, "darwin_route_get_utun.txt"), 4); err != nil || len(r) != 1 || r[0].Iface != "utun4" {
		t.Errorf("utun: %+v %v", r, err)
	}
	if r, err := ParseRouteGet(fixture(t, "darwin_route_get_none.txt"), 4); err != nil || len(r) != 0 {
		t.Errorf("none: %+v %v", r, err)
	}
	if _, err := ParseRouteGet("something odd: yes\n", 6); err == nil {
		t.Error("output without interface must be an error")
	}
}

func TestScutilProxy(t *testing.T) {
	p, err := ParseScutilProxy(fixture(t, "darwin_scutil_proxy_manual.txt"))
	want := Proxy{Source: "scutil", Mode: ModeManual, HTTP: "proxy.corp.example:8080", HTTPS: "proxy.corp.example:8443",
		Bypass: []string{"*.local", "169.254/16", "*.wps.cn"}}
	if err != nil || !reflect.DeepEqual(p, want) {
		t.Errorf("manual:\n got %+v\nwant %+v (%v)", p, want, err)
	}
	if via, _ := p.UsesProxy("account.wps.cn"); via != "" {
		t.Errorf("*.wps.cn is in the exceptions, got via %q", via)
	}
	if via, _ := p.UsesProxy("account.wps.com"); via != "proxy.corp.example:8443" {
		t.Errorf("wps.com via %q", via)
	}
	p, _ = ParseScutilProxy(fixture(t, "darwin_scutil_proxy_pac.txt"))
	if p.Mode != ModePAC || p.PAC != "http://wpad.corp.example/proxy.pac" {
		t.Errorf("pac: %+v", p)
	}
	if _, unsure := p.UsesProxy("account.wps.cn"); !unsure {
		t.Error("PAC must be uncertain")
	}
	if p, _ := ParseScutilProxy(fixture(t, "darwin_scutil_proxy_none.txt")); p.Active() {
		t.Errorf("none: %+v", p)
	}
	if _, err := ParseScutilProxy("scutil: command not found"); err == nil {
		t.Error("no dictionary must be an error")
	}
}

func TestGSettings(t *testing.T) {
	p, err := ParseGSettings(fixture(t, "gnome_proxy_manual.txt"))
	if err != nil || p.Mode != ModeManual || p.HTTP != "proxy.corp.example:3128" || p.HTTPS != "proxy.corp.example:3128" || p.SOCKS != "" {
		t.Errorf("manual: %+v %v", p, err)
	}
	if !reflect.DeepEqual(p.Bypass, []string{"localhost", "127.0.0.0/8", "::1", "*.wps.cn"}) {
		t.Errorf("bypass %q", p.Bypass)
	}
	p, _ = ParseGSettings(fixture(t, "gnome_proxy_auto.txt"))
	if p.Mode != ModePAC || p.PAC != "http://wpad.corp.example/wpad.dat" {
		t.Errorf("auto: %+v", p)
	}
	if _, err := ParseGSettings("No such schema “org.gnome.system.proxy”\n"); err == nil {
		t.Error("missing schema must be an error")
	}
}

func TestKioslaverc(t *testing.T) {
	p := ParseKioslaverc(fixture(t, "kde_kioslaverc.txt"))
	if p.Mode != ModeManual || p.HTTP != "192.168.10.5:3128" || p.HTTPS != "192.168.10.5:3129" {
		t.Errorf("%+v", p)
	}
	if via, _ := p.UsesProxy("drive.wps.com"); via != "" {
		t.Errorf(".wps.com bypassed, got %q", via)
	}
	if via, _ := p.UsesProxy("drive.wps.cn"); via != "192.168.10.5:3129" {
		t.Errorf("wps.cn via %q", via)
	}
	if p := ParseKioslaverc("[Proxy Settings]\nProxyType=0\n"); p.Active() {
		t.Errorf("type 0: %+v", p)
	}
	if p := ParseKioslaverc("[Proxy Settings]\nProxyType=2\nProxy Config Script=http://x/p.pac\n"); p.Mode != ModePAC || p.PAC != "http://x/p.pac" {
		t.Errorf("type 2: %+v", p)
	}
}

func TestWinINet(t *testing.T) {
	p := WinINet(1, "proxy.corp.example:8080", "<local>;*.wps.cn", "")
	if p.Mode != ModeManual || p.HTTP != "proxy.corp.example:8080" || p.HTTPS != "proxy.corp.example:8080" {
		t.Errorf("single: %+v", p)
	}
	if via, _ := p.UsesProxy("account.wps.cn"); via != "" {
		t.Errorf("bypass: %q", via)
	}
	p = WinINet(1, "http=10.0.0.8:80;https=10.0.0.8:443;socks=10.0.0.9:1080", "", "")
	if p.HTTP != "10.0.0.8:80" || p.HTTPS != "10.0.0.8:443" || p.SOCKS != "10.0.0.9:1080" {
		t.Errorf("per protocol: %+v", p)
	}
	if via, _ := p.UsesProxy("account.wps.com"); via != "10.0.0.8:443" {
		t.Errorf("https first: %q", via)
	}
	if p := WinINet(0, "proxy:8080", "", ""); p.Active() {
		t.Errorf("disabled: %+v", p)
	}
	if p := WinINet(0, "", "", "http://wpad/wpad.dat"); p.Mode != ModePAC {
		t.Errorf("pac: %+v", p)
	}
}

func TestWinHTTPSettings(t *testing.T) {
	read := func(n string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if p, err := ParseWinHTTPSettings(read("winhttp_direct.bin")); err != nil || p.Active() {
		t.Errorf("direct: %+v %v", p, err)
	}
	p, err := ParseWinHTTPSettings(read("winhttp_proxy.bin"))
	if err != nil || p.Mode != ModeManual || p.HTTPS != "proxy.corp.example:8080" || !reflect.DeepEqual(p.Bypass, []string{"<local>", "*.wps.cn"}) {
		t.Errorf("proxy: %+v %v", p, err)
	}
	if p, _ := ParseWinHTTPSettings(read("winhttp_perproto.bin")); p.HTTPS != "10.0.0.8:443" || p.HTTP != "10.0.0.8:80" {
		t.Errorf("per protocol: %+v", p)
	}
	if _, err := ParseWinHTTPSettings(read("winhttp_truncated.bin")); err == nil {
		t.Error("truncated blob must be an error")
	}
	if _, err := ParseWinHTTPSettings([]byte{1, 2}); err == nil {
		t.Error("short blob must be an error")
	}
}

func TestEnvProxy(t *testing.T) {
	p := fromEnvConfig(&httpproxy.Config{HTTPSProxy: "http://127.0.0.1:3128", NoProxy: "localhost,.wps.cn"})
	if p.Mode != ModeManual || p.HTTPS != "127.0.0.1:3128" {
		t.Fatalf("%+v", p)
	}
	if via, _ := p.UsesProxy("account.wps.com"); via != "127.0.0.1:3128" {
		t.Errorf("wps.com via %q", via)
	}
	if via, _ := p.UsesProxy("account.wps.cn"); via != "" {
		t.Errorf("NO_PROXY ignored: %q", via)
	}
	if p := fromEnvConfig(&httpproxy.Config{}); p.Active() {
		t.Errorf("empty env: %+v", p)
	}
	if p := fromEnvConfig(&httpproxy.Config{HTTPSProxy: "socks5://127.0.0.1:1080"}); p.HTTPS != "socks5://127.0.0.1:1080" {
		t.Errorf("socks kept whole: %+v", p)
	}
}

func TestBypassed(t *testing.T) {
	list := []string{"<local>", "*.wps.cn", ".kdocs.cn", "wpscdn.com", "10.0.0.0/8", "*.corp.*"}
	yes := []string{"intranet", "account.wps.cn", "wps.cn", "drive.kdocs.cn", "kdocs.cn", "x.wpscdn.com", "10.1.2.3", "a.corp.example"}
	no := []string{"account.wps.com", "notwps.cn", "11.0.0.1", "corp.example"}
	for _, h := range yes {
		if !Bypassed(h, list) {
			t.Errorf("%s should bypass", h)
		}
	}
	for _, h := range no {
		if Bypassed(h, list) {
			t.Errorf("%s should not bypass", h)
		}
	}
}

func TestTimeSync(t *testing.T) {
	if ParseTimedatectlNTP("yes\n").State != SyncOn || ParseTimedatectlNTP("no").State != SyncOff || ParseTimedatectlNTP("").State != SyncUnknown {
		t.Error("timedatectl")
	}
	for v, want := range map[string]string{"NTP": SyncOn, "NT5DS": SyncOn, "AllSync": SyncOn, "NoSync": SyncOff, "": SyncUnknown, "weird": SyncUnknown} {
		if got := W32TimeType(v).State; got != want {
			t.Errorf("W32TimeType(%q) = %s, want %s", v, got, want)
		}
	}
	if got := NTPConfServers("# comment\nserver time.apple.com\npool ntp.aliyun.com iburst\n"); !reflect.DeepEqual(got, []string{"time.apple.com", "ntp.aliyun.com"}) {
		t.Errorf("ntp.conf: %q", got)
	}
}

func TestVPN(t *testing.T) {
	for name, want := range map[string]bool{"tun0": true, "wg0": true, "ppp0": true, "tap1": true, "ipsec0": true, "tailscale0": true, "eth0": false, "en0": false, "wlan0": false} {
		if got := IsVPNName(name, nil); got != want {
			t.Errorf("IsVPNName(%s) = %v", name, got)
		}
	}
	// macOS keeps utun interfaces for system services with link-local
	// addresses only; a VPN's utun carries a routable one.
	if IsVPNName("utun0", []string{"fe80::1%utun0/64"}) || IsVPNName("utun1", nil) {
		t.Error("system utun counted as VPN")
	}
	if !IsVPNName("utun4", []string{"10.8.0.2/32"}) {
		t.Error("VPN utun not counted")
	}
	if !IsVPNAdapter(IfTypeTunnel, "WireGuard Tunnel") || !IsVPNAdapter(IfTypePPP, "WAN Miniport (PPTP)") || !IsVPNAdapter(6, "TAP-Windows Adapter V9") {
		t.Error("VPN adapters not recognised")
	}
	if IsVPNAdapter(IfTypeTunnel, "Teredo Tunneling Pseudo-Interface") || IsVPNAdapter(IfTypePropVirtual, "Hyper-V Virtual Ethernet Adapter") || IsVPNAdapter(6, "Intel(R) Ethernet") {
		t.Error("non-VPN adapters counted")
	}
	ifs := []Interface{{Name: "eth0", Up: true}, {Name: "wg0", Up: true, VPN: true}, {Name: "tun9", VPN: true}}
	if got := RouteThroughVPN([]Route{{Iface: "wg0"}, {Iface: "eth0"}}, ifs); len(got) != 1 || got[0].Iface != "wg0" {
		t.Errorf("via: %+v", got)
	}
	if got := RouteThroughVPN([]Route{{Iface: "tun9"}}, ifs); len(got) != 0 {
		t.Errorf("a down VPN carries nothing: %+v", got)
	}
}

func TestEgressLoopback(t *testing.T) {
	ifs := []Interface{{Name: "lo", Addrs: []string{"127.0.0.1/8"}}}
	iface, local, err := Egress("127.0.0.1", ifs)
	if err != nil || iface != "lo" || local != "127.0.0.1" {
		t.Errorf("Egress = %q %q %v", iface, local, err)
	}
	if InterfaceOf("192.0.2.9", ifs) != "" || InterfaceOf("junk", ifs) != "" {
		t.Error("unknown address matched")
	}
}

// TestProxyUserinfoNeverShown: credentials in a proxy setting are kept for
// the probe only; the values that reach reports (JSON) carry none.
func TestProxyUserinfoNeverShown(t *testing.T) {
	secrets := []string{"alice", "Pa55w0rd", "bob", "s3cret"}
	for _, tc := range []struct {
		name    string
		p       Proxy
		via     string // what WPS's host goes through
		user    string // credentials the probe gets for via
		pass    string
		authSet bool
	}{
		{"env socks5", fromEnvConfig(&httpproxy.Config{HTTPSProxy: "socks5://alice:Pa55w0rd@127.0.0.1:1080"}),
			"socks5://127.0.0.1:1080", "alice", "Pa55w0rd", true},
		{"env socks5h no port", fromEnvConfig(&httpproxy.Config{HTTPSProxy: "socks5h://alice:Pa55w0rd@127.0.0.1"}),
			"socks5h://127.0.0.1:1080", "alice", "Pa55w0rd", true},
		{"env http", fromEnvConfig(&httpproxy.Config{HTTPSProxy: "http://bob:s3cret@proxy.corp:3128", HTTPProxy: "http://bob:s3cret@proxy.corp:3128"}),
			"proxy.corp:3128", "bob", "s3cret", true},
		{"env without scheme", fromEnvConfig(&httpproxy.Config{HTTPSProxy: "bob:s3cret@proxy.corp:3128"}),
			"proxy.corp:3128", "bob", "s3cret", true},
		{"wininet", WinINet(1, "http=bob:s3cret@proxy.corp:8080;https=bob:s3cret@proxy.corp:8443", "", ""),
			"proxy.corp:8443", "", "", false},
		{"wininet socks only", WinINet(1, "socks=alice:Pa55w0rd@10.0.0.9:1080", "", ""),
			"socks5://10.0.0.9:1080", "", "", false},
		{"kde socks", ParseKioslaverc("[Proxy Settings]\nProxyType=1\nsocksProxy=socks://alice:Pa55w0rd@10.0.0.9:1080\n"),
			"socks://10.0.0.9:1080", "", "", false},
		{"pac", WinINet(0, "", "", "http://alice:Pa55w0rd@wpad.corp/proxy.pac"), "", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			js, err := json.Marshal(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if strings.Contains(string(js), s) {
					t.Errorf("JSON %s contains %q", js, s)
				}
			}
			via, _ := tc.p.UsesProxy("account.wps.com")
			if via != tc.via {
				t.Errorf("via = %q, want %q", via, tc.via)
			}
			if tc.p.Authenticated != tc.authSet {
				t.Errorf("Authenticated = %v, want %v", tc.p.Authenticated, tc.authSet)
			}
			u := tc.p.User(via)
			gotUser, gotPass := "", ""
			if u != nil {
				gotUser = u.Username()
				gotPass, _ = u.Password()
			}
			if gotUser != tc.user || gotPass != tc.pass {
				t.Errorf("User(%q) = %q/%q, want %q/%q", via, gotUser, gotPass, tc.user, tc.pass)
			}
		})
	}
	if p := WinINet(0, "", "", "http://alice:Pa55w0rd@wpad.corp/proxy.pac"); p.PAC != "http://wpad.corp/proxy.pac" {
		t.Errorf("PAC = %q, want it without user info", p.PAC)
	}
}
