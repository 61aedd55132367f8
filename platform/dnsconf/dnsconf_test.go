package dnsconf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func winFacts(t *testing.T, name string) WinDNSFacts {
	t.Helper()
	var f WinDNSFacts
	if err := json.Unmarshal(fixture(t, name), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// WindowsState turns what GetAdaptersAddresses and the registry report
// (the API path, which Windows 7's PowerShell 2.0 cannot replace) into the
// resolver state: loopback, tunnels and down adapters dropped, fec0::
// placeholders dropped, the default route from the gateway.
func TestWindowsState(t *testing.T) {
	cases := []struct {
		fixture string
		want    []Interface
		active  int
	}{
		{"windows10_adapters.json", []Interface{
			{Name: "以太网", Index: 12, GUID: "{6A1C8E2B-2F4D-4C61-9D1E-0C5B7A3E9F10}", Default: true, V4: []string{"192.168.1.1"}, HasV6: true},
			{Name: "WLAN", Index: 7, GUID: "{0B7F4C2A-1111-4E2B-8C3D-22AA33BB44CC}", V4: []string{"10.0.0.53"}, V6: []string{"fd00::53"}, V4Static: true, V6Static: true, HasV6: true},
		}, 12},
		{"windows7_adapters.json", []Interface{
			{Name: "本地连接", Index: 11, GUID: "{4D36E972-E325-11CE-BFC1-08002BE10318}", Default: true, V4: []string{"202.96.128.86", "202.96.134.133"}, HasV6: true},
		}, 11},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			st := WindowsState(winFacts(t, c.fixture))
			if st.OS != "windows" || st.Mode != ModeWindows || st.Managed != "" {
				t.Errorf("got os=%q mode=%q managed=%q, want windows/windows/none", st.OS, st.Mode, st.Managed)
			}
			if !reflect.DeepEqual(st.Interfaces, c.want) {
				t.Fatalf("got  %+v\nwant %+v", st.Interfaces, c.want)
			}
			if a := st.Active(); len(a) != 1 || a[0].Index != c.active {
				t.Errorf("got active %+v, want only ifIndex %d", a, c.active)
			}
		})
	}
	f := winFacts(t, "windows7_adapters.json")
	f.NRPTRules = 2
	if st := WindowsState(f); st.Managed != "nrpt" || st.ManagedDetail != "2 NRPT rule(s)" {
		t.Errorf("NRPT: got %q %q, want nrpt, 2 NRPT rule(s)", st.Managed, st.ManagedDetail)
	}
	f.PolicyNameServer = " 10.1.1.1 "
	if st := WindowsState(f); st.Managed != "policy" || st.ManagedDetail != "10.1.1.1" {
		t.Errorf("policy: got %q %q, want policy, 10.1.1.1", st.Managed, st.ManagedDetail)
	}
	if st := WindowsState(WinDNSFacts{}); len(st.Interfaces) != 0 || st.Mode != ModeWindows {
		t.Errorf("no adapters: got %+v, want an empty windows state", st)
	}
}

func TestMacParsers(t *testing.T) {
	order := ParseServiceOrder(fixture(t, "darwin_serviceorder.txt"))
	want := []MacService{{"Wi-Fi", "en0", false}, {"USB 10/100/1000 LAN (公司)", "en7", false},
		{"Thunderbolt Bridge", "bridge0", false}, {"iPhone USB", "en8", true}, {"Corp VPN", "", false}}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("order %+v", order)
	}
	if got := ParseGetDNSServers(fixture(t, "darwin_getdns_none.txt")); len(got) != 0 {
		t.Errorf("none: %q", got)
	}
	if got := ParseGetDNSServers(fixture(t, "darwin_getdns_manual.txt")); !reflect.DeepEqual(got, []string{"10.0.0.53", "fd00::53"}) {
		t.Errorf("manual: %q", got)
	}
	def := ParseRouteDefault(fixture(t, "darwin_route_default.txt"))
	st := MacState(order, def, map[string][]string{"USB 10/100/1000 LAN (公司)": {"10.0.0.53", "fd00::53"}})
	if len(st.Interfaces) != 3 || !st.Interfaces[0].Default || st.Interfaces[0].V4Static || !st.Interfaces[1].V4Static || st.Managed != "" {
		t.Fatalf("state %+v", st)
	}
	vpn := MacState(order, ParseRouteDefault(fixture(t, "darwin_route_vpn.txt")), nil)
	if vpn.Managed != "vpn" {
		t.Errorf("default route via utun must count as VPN: %+v", vpn)
	}
}

func TestDetectLinuxMode(t *testing.T) {
	cases := []struct {
		resolv, nss string
		nm          bool
		want        Mode
	}{
		{"resolv_resolved.conf", "nsswitch_resolve.conf", false, ModeResolved},
		{"resolv_resolved.conf", "nsswitch_plain.conf", false, ModeResolved}, // every nameserver is the stub
		{"resolv_resolved.conf", "nsswitch_plain.conf", true, ModeNetworkManager},
		{"resolv_nm.conf", "nsswitch_plain.conf", true, ModeNetworkManager},
		{"resolv_nm.conf", "nsswitch_plain.conf", false, ModeDirect},
		{"resolv_plain.conf", "nsswitch_plain.conf", false, ModeDirect},
	}
	for _, c := range cases {
		if got := DetectLinuxMode(fixture(t, c.resolv), fixture(t, c.nss), c.nm); got != c.want {
			t.Errorf("%s/%s nm=%v: %s, want %s", c.resolv, c.nss, c.nm, got, c.want)
		}
	}
	// A header naming resolved over a file that does not point at it.
	fake := []byte("# managed by systemd-resolved\nnameserver 10.0.0.1\n")
	if got := DetectLinuxMode(fake, fixture(t, "nsswitch_plain.conf"), false); got != ModeDirect {
		t.Errorf("mis-wired resolved header: %s", got)
	}
}

func TestLinuxParsers(t *testing.T) {
	devs := ParseNmcliDevices(fixture(t, "linux_nmcli_devices.txt"))
	if len(devs) != 6 || devs[0] != (NMDevice{"wlp2s0", "wifi", "connected"}) || devs[5].Device != "my:dev" {
		t.Fatalf("devices %+v", devs)
	}
	route, err := ParseIPRouteJSON(fixture(t, "linux_ip_route.json"))
	if err != nil || !reflect.DeepEqual(route, []string{"wlp2s0"}) {
		t.Fatalf("route %v %q", err, route)
	}
	if _, err := ParseIPRouteJSON([]byte("{")); err == nil {
		t.Error("accepted bad JSON")
	}
}

func TestDirectContentRoundTripsOwnership(t *testing.T) {
	old := fixture(t, "resolv_plain.conf")
	got := DirectContent(old, []string{"223.5.5.5", "2400:3200::1"})
	if ResolvOwner(got) != "wpsdoctor" || !reflect.DeepEqual(Nameservers(got), []string{"223.5.5.5", "2400:3200::1"}) ||
		!strings.Contains(string(got), "search corp.example\n") {
		t.Fatalf("content:\n%s", got)
	}
	if ResolvOwner(old) != "" {
		t.Error("plain file has no owner")
	}
}

func TestSplitFamiliesDropsNonIPs(t *testing.T) {
	v4, v6 := SplitFamilies([]string{"1.1.1.1", "evil; rm -rf /", "2606:4700::1111", " 8.8.8.8 "})
	if !reflect.DeepEqual(v4, []string{"1.1.1.1", "8.8.8.8"}) || !reflect.DeepEqual(v6, []string{"2606:4700::1111"}) {
		t.Fatalf("%q %q", v4, v6)
	}
}

func TestRestoreArgv(t *testing.T) {
	if got := WindowsRestoreArgv(5, 4, true, nil); !reflect.DeepEqual(got, [][]string{{"netsh", "interface", "ipv4", "set", "dnsservers", "name=5", "source=static", "address=none", "validate=no"}}) {
		t.Errorf("empty static: %q", got)
	}
	if got := MacRestoreArgv("Wi-Fi", false, []string{"1.1.1.1"}); !reflect.DeepEqual(got, []string{"networksetup", "-setdnsservers", "Wi-Fi", "Empty"}) {
		t.Errorf("dhcp: %q", got)
	}
}
