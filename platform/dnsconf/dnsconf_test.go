package dnsconf

import (
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

func TestParseWindows(t *testing.T) {
	st, err := ParseWindows(fixture(t, "windows_dns.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Interface{
		{Name: "以太网", Index: 12, GUID: "{6A1C8E2B-2F4D-4C61-9D1E-0C5B7A3E9F10}", Default: true, V4: []string{"192.168.1.1"}, HasV6: true},
		{Name: "WLAN", Index: 7, GUID: "{0B7F4C2A-1111-4E2B-8C3D-22AA33BB44CC}", V4: []string{"10.0.0.53"}, V6: []string{"fd00::53"}, V4Static: true, V6Static: true, HasV6: true},
	}
	if !reflect.DeepEqual(st.Interfaces, want) || st.Managed != "" {
		t.Fatalf("got %+v", st)
	}
	if a := st.Active(); len(a) != 1 || a[0].Index != 12 {
		t.Errorf("active: %+v", a)
	}
	// BOM, a single object instead of an array, and NRPT rules.
	st, err = ParseWindows(fixture(t, "windows_dns_nrpt.json"))
	if err != nil || len(st.Interfaces) != 1 || st.Managed != "nrpt" {
		t.Fatalf("nrpt: %v %+v", err, st)
	}
	for _, bad := range []string{"", "not json", `{"interfaces":[{"ifIndex":"x"}]}`} {
		if _, err := ParseWindows([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestWindowsReadScriptTakesNoInput(t *testing.T) {
	argv := WindowsReadArgv()
	if argv[len(argv)-1] != WindowsReadScript || strings.Contains(WindowsReadScript, "%s") {
		t.Fatal("the script must be a constant")
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
