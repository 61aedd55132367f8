package fixes

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"wpsdoctor/catalog"
	"wpsdoctor/platform/dnsconf"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/proc"
	"wpsdoctor/platform/timesync"
	"wpsdoctor/platform/wps"
)

// argvs lists every exec argv of the plan's do (or undo) actions in order.
func argvs(p Plan, undo bool) [][]string {
	var out [][]string
	for _, s := range p.Steps {
		as := s.Actions
		if undo {
			as = s.Undo
		}
		for _, a := range as {
			if a.Kind == KindExec {
				out = append(out, a.Argv)
			}
		}
	}
	return out
}

func plan(t *testing.T, id string, env *Env) Plan {
	t.Helper()
	e := &Engine{Fixes: Catalogue(), Env: env}
	p, err := e.Plan(context.Background(), id)
	if err != nil {
		t.Fatalf("plan %s: %v", id, err)
	}
	return p
}

func wantArgv(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.MarshalIndent(got, "", " ")
		wj, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s argv:\n got %s\nwant %s", what, gj, wj)
	}
}

func dnsEnv(goos string, st dnsconf.State) *Env {
	return &Env{OS: goos, Catalog: catalog.Default(), Family: catalog.Mainland,
		DNS: func(context.Context) (dnsconf.State, error) { return st, nil }}
}

func TestDNSSetWindowsPlan(t *testing.T) {
	st := dnsconf.State{OS: "windows", Mode: dnsconf.ModeWindows, Interfaces: []dnsconf.Interface{
		{Name: "以太网", Index: 12, Default: true, V4: []string{"192.168.1.1"}, V6: []string{"fd00::1"}, V6Static: true, HasV6: true},
		{Name: "vEthernet (WSL)", Index: 40, V4: []string{"172.20.0.1"}},
	}}
	p := plan(t, FixDNSSet, dnsEnv("windows", st))
	if p.Refusal != nil {
		t.Fatalf("refused: %v", p.Refusal)
	}
	wantArgv(t, "do", argvs(p, false), [][]string{
		{"netsh", "interface", "ipv4", "set", "dnsservers", "name=12", "source=static", "address=223.5.5.5", "register=primary", "validate=no"},
		{"netsh", "interface", "ipv4", "add", "dnsservers", "name=12", "address=119.29.29.29", "index=2", "validate=no"},
		{"netsh", "interface", "ipv6", "set", "dnsservers", "name=12", "source=static", "address=2400:3200::1", "register=primary", "validate=no"},
		{"netsh", "interface", "ipv6", "add", "dnsservers", "name=12", "address=2402:4e00::", "index=2", "validate=no"},
		{"ipconfig", "/flushdns"},
	})
	// IPv4 came from DHCP: back to DHCP. IPv6 was static: the old list.
	wantArgv(t, "undo", argvs(p, true), [][]string{
		{"netsh", "interface", "ipv4", "set", "dnsservers", "name=12", "source=dhcp"},
		{"netsh", "interface", "ipv6", "set", "dnsservers", "name=12", "source=static", "address=fd00::1", "register=primary", "validate=no"},
	})
	for _, s := range p.Steps {
		if !s.Elevated {
			t.Errorf("step %v should be elevated", s.Description)
		}
	}
}

func TestDNSSetRefusals(t *testing.T) {
	for name, st := range map[string]dnsconf.State{
		"nrpt":    {OS: "windows", Mode: dnsconf.ModeWindows, Managed: "nrpt", ManagedDetail: "2 NRPT rule(s)", Interfaces: []dnsconf.Interface{{Index: 3}}},
		"vpn":     {OS: "darwin", Mode: dnsconf.ModeMacOS, Managed: "vpn", Interfaces: []dnsconf.Interface{{Name: "Wi-Fi"}}},
		"captive": {OS: "linux", Mode: dnsconf.ModeNetworkManager, Captive: true, Interfaces: []dnsconf.Interface{{Name: "wlan0"}}},
	} {
		p := plan(t, FixDNSSet, dnsEnv(st.OS, st))
		if p.Refusal == nil || len(p.Steps) != 0 {
			t.Errorf("%s: expected a refusal and no steps, got %+v", name, p)
		}
	}
}

func TestDNSSetMacPlan(t *testing.T) {
	order := dnsconf.ParseServiceOrder([]byte("An asterisk (*) denotes that a network service is disabled.\n(1) Wi-Fi\n(Hardware Port: Wi-Fi, Device: en0)\n\n(2) USB 10/100 LAN\n(Hardware Port: USB 10/100 LAN, Device: en5)\n"))
	st := dnsconf.MacState(order, "en0", map[string][]string{"USB 10/100 LAN": {"10.0.0.2"}})
	p := plan(t, FixDNSSet, dnsEnv("darwin", st))
	wantArgv(t, "do", argvs(p, false), [][]string{
		{"networksetup", "-setdnsservers", "Wi-Fi", "223.5.5.5", "119.29.29.29", "2400:3200::1", "2402:4e00::"},
		{"dscacheutil", "-flushcache"},
		{"killall", "-HUP", "mDNSResponder"},
	})
	wantArgv(t, "undo", argvs(p, true), [][]string{{"networksetup", "-setdnsservers", "Wi-Fi", "Empty"}})

	// A service with manual servers gets exactly those back.
	st = dnsconf.MacState(order, "en5", map[string][]string{"USB 10/100 LAN": {"10.0.0.2", "fd00::53"}})
	p = plan(t, FixDNSSet, dnsEnv("darwin", st))
	wantArgv(t, "undo", argvs(p, true), [][]string{{"networksetup", "-setdnsservers", "USB 10/100 LAN", "10.0.0.2", "fd00::53"}})
}

func TestDNSSetLinuxModes(t *testing.T) {
	p := plan(t, FixDNSSet, dnsEnv("linux", dnsconf.State{OS: "linux", Mode: dnsconf.ModeResolved, Cache: "resolved",
		Interfaces: []dnsconf.Interface{{Name: "eth0", Default: true}}}))
	wantArgv(t, "resolved do", argvs(p, false), [][]string{
		{"resolvectl", "dns", "eth0", "223.5.5.5", "119.29.29.29", "2400:3200::1", "2402:4e00::"},
		{"resolvectl", "domain", "eth0", "~."},
		{"resolvectl", "flush-caches"},
	})
	wantArgv(t, "resolved undo", argvs(p, true), [][]string{{"resolvectl", "revert", "eth0"}})

	p = plan(t, FixDNSSet, dnsEnv("linux", dnsconf.State{OS: "linux", Mode: dnsconf.ModeNetworkManager,
		Interfaces: []dnsconf.Interface{{Name: "wlp2s0", Default: true}, {Name: "docker0"}}}))
	wantArgv(t, "nm do", argvs(p, false), [][]string{
		{"nmcli", "device", "modify", "wlp2s0", "ipv4.dns", "223.5.5.5 119.29.29.29", "ipv4.ignore-auto-dns", "yes",
			"ipv6.dns", "2400:3200::1 2402:4e00::", "ipv6.ignore-auto-dns", "yes"},
	})
	wantArgv(t, "nm undo", argvs(p, true), [][]string{{"nmcli", "device", "reapply", "wlp2s0"}})

	old := []byte("# written by dhclient\nsearch corp.example\nnameserver 10.1.1.1\noptions edns0\n")
	p = plan(t, FixDNSSet, dnsEnv("linux", dnsconf.State{OS: "linux", Mode: dnsconf.ModeDirect, ResolvConf: "/etc/resolv.conf", ResolvData: old}))
	if len(p.Steps) != 1 || p.Steps[0].Actions[0].Kind != KindWriteFile {
		t.Fatalf("direct mode: %+v", p.Steps)
	}
	got := string(p.Steps[0].Actions[0].Data)
	for _, want := range []string{dnsconf.DirectMarker, "nameserver 223.5.5.5\n", "nameserver 119.29.29.29\n", "search corp.example\n", "options edns0\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("new resolv.conf lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "10.1.1.1") {
		t.Errorf("old nameserver kept:\n%s", got)
	}
	u := p.Steps[0].Undo[0]
	if string(u.Data) != string(old) || u.IfMarker != dnsconf.DirectMarker {
		t.Errorf("undo must restore the old bytes only over our own file: %+v", u)
	}
}

func TestDNSFlushPlans(t *testing.T) {
	p := plan(t, FixDNSFlush, dnsEnv("windows", dnsconf.State{OS: "windows", Mode: dnsconf.ModeWindows}))
	wantArgv(t, "windows", argvs(p, false), [][]string{{"ipconfig", "/flushdns"}})
	if p.Steps[0].Elevated || !p.Steps[0].ElevateOnFailure {
		t.Error("windows flush is tried unelevated first")
	}
	p = plan(t, FixDNSFlush, dnsEnv("darwin", dnsconf.State{OS: "darwin", Mode: dnsconf.ModeMacOS}))
	wantArgv(t, "darwin", argvs(p, false), [][]string{{"dscacheutil", "-flushcache"}, {"killall", "-HUP", "mDNSResponder"}})
	if !p.Steps[0].Elevated {
		t.Error("macOS flush needs root")
	}
	p = plan(t, FixDNSFlush, dnsEnv("linux", dnsconf.State{OS: "linux", Mode: dnsconf.ModeDirect}))
	if p.Refusal == nil {
		t.Error("plain resolv.conf has no cache: expected a refusal")
	}
}

func timeEnv(goos string, st timesync.State) *Env {
	return &Env{OS: goos, Catalog: catalog.Default(), Family: catalog.Mainland,
		Time: func(context.Context) (timesync.State, error) { return st, nil }}
}

func TestClockSyncWindowsPlan(t *testing.T) {
	p := plan(t, FixClockSync, timeEnv("windows", timesync.State{OS: "windows", Known: true, WinType: "NoSync"}))
	if len(p.Steps) != 4 {
		t.Fatalf("steps: %+v", p.Steps)
	}
	reg := p.Steps[0]
	wantReg := &RegValue{Root: "HKLM", Key: `SYSTEM\CurrentControlSet\Services\W32Time\Parameters`, Name: "Type", Type: "REG_SZ", Value: "NTP"}
	if !reflect.DeepEqual(reg.Actions[0].Reg, wantReg) {
		t.Errorf("registry do: %+v", reg.Actions[0].Reg)
	}
	if u := reg.Undo[0].Reg; u == nil || u.Value != "NoSync" || u.Name != "Type" {
		t.Errorf("registry undo must restore NoSync: %+v", u)
	}
	wantArgv(t, "resync", argvs(p, false), [][]string{{"net", "start", "w32time"}, {"w32tm", "/config", "/update"}, {"w32tm", "/resync", "/force"}})
	if ok := p.Steps[1].Actions[0].OKExit; !reflect.DeepEqual(ok, []int{0, 2}) {
		t.Errorf("net start: already running (2) is fine, got %v", ok)
	}

	// Domain time: resync only, no config change.
	p = plan(t, FixClockSync, timeEnv("windows", timesync.State{OS: "windows", Known: true, NetworkTime: true, WinType: "NT5DS"}))
	for _, s := range p.Steps {
		if s.Actions[0].Kind == KindRegistrySet {
			t.Error("domain-managed time must not be reconfigured")
		}
	}
}

func TestClockSyncMacAndLinuxPlans(t *testing.T) {
	p := plan(t, FixClockSync, timeEnv("darwin", timesync.State{OS: "darwin", Known: true, NetworkTime: false}))
	wantArgv(t, "mac do", argvs(p, false), [][]string{{"systemsetup", "-setusingnetworktime", "on"}, {"sntp", "-sS", "ntp.aliyun.com"}})
	wantArgv(t, "mac undo", argvs(p, true), [][]string{{"systemsetup", "-setusingnetworktime", "off"}})

	// Network time already on: undo must not turn it off.
	p = plan(t, FixClockSync, timeEnv("darwin", timesync.State{OS: "darwin", Known: true, NetworkTime: true}))
	if u := argvs(p, true); len(u) != 0 {
		t.Errorf("undo of a clock that was already on: %q", u)
	}
	p = plan(t, FixClockSync, timeEnv("linux", timesync.State{OS: "linux", Known: true, Daemon: "timesyncd"}))
	wantArgv(t, "linux do", argvs(p, false), [][]string{{"timedatectl", "set-ntp", "true"}, {"systemctl", "restart", "systemd-timesyncd"}})
	wantArgv(t, "linux undo", argvs(p, true), [][]string{{"timedatectl", "set-ntp", "false"}})
}

func fwEnv(goos string, in wps.Install, st firewall.State, opts map[string]bool) *Env {
	return &Env{OS: goos, Catalog: catalog.Default(), Options: opts,
		Install:  func() (wps.Install, error) { return in, nil },
		Firewall: func(context.Context, []string) (firewall.State, error) { return st, nil }}
}

func TestFirewallWindowsPlan(t *testing.T) {
	in := wps.Install{OS: "windows", Found: true,
		MainExe:  `C:\Users\李\AppData\Local\Kingsoft\WPS Office\12.1.0.28505\office6\wps.exe`,
		CloudExe: `C:\Users\李\AppData\Local\Kingsoft\WPS Office\12.1.0.28505\office6\wpscloudsvr.exe`}
	block := firewall.WinRule{Name: "{abc}", Display: "Block WPS", Direction: "Outbound", Action: "Block", Program: in.CloudExe, Store: "PersistentStore"}
	gpo := firewall.WinRule{Name: "{def}", Display: "Corp block", Direction: "Outbound", Action: "Block", Program: in.MainExe, Store: "GroupPolicy"}
	st := firewall.State{OS: "windows", Backend: firewall.BackendWindows, Rules: []firewall.WinRule{block, gpo}}

	p := plan(t, FixFirewall, fwEnv("windows", in, st, nil))
	wantArgv(t, "do", argvs(p, false), [][]string{
		{"netsh", "advfirewall", "firewall", "add", "rule", "name=WPS Sync Doctor - wpscloudsvr.exe (out)", "dir=out", "action=allow",
			"program=" + in.CloudExe, "enable=yes", "profile=any", "description=wpsdoctor"},
		{"netsh", "advfirewall", "firewall", "add", "rule", "name=WPS Sync Doctor - wps.exe (out)", "dir=out", "action=allow",
			"program=" + in.MainExe, "enable=yes", "profile=any", "description=wpsdoctor"},
	})
	wantArgv(t, "undo", argvs(p, true), [][]string{
		{"netsh", "advfirewall", "firewall", "delete", "rule", "name=WPS Sync Doctor - wpscloudsvr.exe (out)"},
		{"netsh", "advfirewall", "firewall", "delete", "rule", "name=WPS Sync Doctor - wps.exe (out)"},
	})
	if len(p.Notes) != 2 {
		t.Errorf("without consent the block rules are only reported: %+v", p.Notes)
	}

	// With explicit consent the local block rule is disabled (and re-enabled
	// by undo); the policy rule is still only reported.
	p = plan(t, FixFirewall, fwEnv("windows", in, st, map[string]bool{OptRemoveBlockRules: true}))
	do := argvs(p, false)
	if got := do[len(do)-1]; !reflect.DeepEqual(got, []string{"netsh", "advfirewall", "firewall", "set", "rule", "name=Block WPS", "new", "enable=no"}) {
		t.Errorf("disable: %q", got)
	}
	undo := argvs(p, true)
	if got := undo[len(undo)-1]; !reflect.DeepEqual(got, []string{"netsh", "advfirewall", "firewall", "set", "rule", "name=Block WPS", "new", "enable=yes"}) {
		t.Errorf("re-enable: %q", got)
	}
	for _, a := range do {
		if strings.Contains(strings.Join(a, " "), "Corp block") {
			t.Error("a group-policy rule must never be touched")
		}
	}
}

func TestFirewallMacAndLinuxPlans(t *testing.T) {
	in := wps.Install{OS: "darwin", Found: true, Root: "/Applications/wpsoffice.app"}
	st := firewall.State{OS: "darwin", Backend: firewall.BackendMacALF, ALFEnabled: true, Apps: map[string]string{in.Root: "blocked"}}
	p := plan(t, FixFirewall, fwEnv("darwin", in, st, nil))
	wantArgv(t, "mac do", argvs(p, false), [][]string{{"/usr/libexec/ApplicationFirewall/socketfilterfw", "--unblockapp", "/Applications/wpsoffice.app"}})
	wantArgv(t, "mac undo", argvs(p, true), [][]string{{"/usr/libexec/ApplicationFirewall/socketfilterfw", "--blockapp", "/Applications/wpsoffice.app"}})

	st = firewall.State{OS: "linux", Backend: firewall.BackendUFW, UFWActive: true, UFWOutgoing: "deny"}
	p = plan(t, FixFirewall, fwEnv("linux", wps.Install{OS: "linux"}, st, nil))
	wantArgv(t, "ufw do", argvs(p, false), [][]string{{"ufw", "allow", "out", "80/tcp", "comment", "wpsdoctor"}, {"ufw", "allow", "out", "443/tcp", "comment", "wpsdoctor"}})
	wantArgv(t, "ufw undo", argvs(p, true), [][]string{{"ufw", "delete", "allow", "out", "80/tcp"}, {"ufw", "delete", "allow", "out", "443/tcp"}})

	st = firewall.State{OS: "linux", Backend: firewall.BackendUFW, UFWActive: true, UFWOutgoing: "allow"}
	if p = plan(t, FixFirewall, fwEnv("linux", wps.Install{OS: "linux"}, st, nil)); p.Refusal == nil {
		t.Error("outbound not filtered: expected a refusal")
	}
	if p = plan(t, FixFirewall, fwEnv("linux", wps.Install{}, firewall.State{Backend: firewall.BackendFirewalld, Managed: "firewalld"}, nil)); p.Refusal == nil {
		t.Error("firewalld: expected a refusal")
	}
}

func TestCloudRestartPlan(t *testing.T) {
	in := wps.Install{OS: "windows", CloudExe: `C:\WPS\office6\wpscloudsvr.exe`}
	p := plan(t, FixCloudRestart, &Env{OS: "windows", Install: func() (wps.Install, error) { return in, nil }})
	if len(p.Steps) != 1 || p.Steps[0].Actions[0].Kind != KindRestartApp || p.Steps[0].Actions[0].Exe != in.CloudExe || p.Steps[0].Elevated {
		t.Fatalf("plan: %+v", p.Steps)
	}
	if p = plan(t, FixCloudRestart, &Env{OS: "linux"}); p.Refusal == nil {
		t.Error("no cloud component: expected a refusal")
	}
}

func TestCacheClearRefusesWithOpenEditorsOnLinux(t *testing.T) {
	env := &Env{OS: "linux",
		Install:   func() (wps.Install, error) { return wps.Install{OS: "linux", CacheDirs: []string{"/tmp/x"}}, nil },
		Processes: func(context.Context) ([]proc.Process, error) { return []proc.Process{{PID: 9, Name: "wps"}}, nil }}
	p := plan(t, FixCacheClear, env)
	if p.Refusal == nil || p.Refusal.Key != "fix.wps.close_first" {
		t.Fatalf("expected close-first refusal, got %+v", p)
	}
}

func TestCacheClearClosesWPSFirstOnWindowsAndMac(t *testing.T) {
	procs := []proc.Process{{PID: 4242, Name: "wps.exe"}, {PID: 77, Name: "wpscloudsvr.exe"}, {PID: 5, Name: "explorer.exe"}}
	in := wps.Install{OS: "windows", CacheDirs: []string{`C:\nowhere`}}
	env := &Env{OS: "windows", FS: wps.FixtureFS{Root: t.TempDir()},
		Install:   func() (wps.Install, error) { return in, nil },
		Processes: func(context.Context) ([]proc.Process, error) { return procs, nil }}
	// Nothing to move in the cache: the refusal comes after planning the
	// close, so plan the close step directly.
	s, refusal, _ := closeStep(context.Background(), env, in)
	if refusal != "" || s == nil {
		t.Fatalf("refusal %q", refusal)
	}
	wantArgv(t, "close", argvs(Plan{Steps: []Step{*s}}, false), [][]string{{"taskkill", "/PID", "4242"}, {"taskkill", "/PID", "77"}})
	last := s.Actions[len(s.Actions)-1]
	if last.Kind != KindCloseApps || !reflect.DeepEqual(last.PIDs, []int{4242, 77}) {
		t.Errorf("wait action %+v", last)
	}
	for _, a := range s.Actions {
		if slicesContains(a.Argv, "/F") {
			t.Error("never force-kill")
		}
	}

	mac := wps.Install{OS: "darwin", BundleID: "com.kingsoft.wpsoffice.mac.global"}
	env.OS = "darwin"
	env.Processes = func(context.Context) ([]proc.Process, error) {
		return []proc.Process{{PID: 900, Name: "wpsoffice"}}, nil
	}
	s, _, _ = closeStep(context.Background(), env, mac)
	wantArgv(t, "mac close", argvs(Plan{Steps: []Step{*s}}, false), [][]string{{"osascript", "-e",
		`if application id "com.kingsoft.wpsoffice.mac.global" is running then tell application id "com.kingsoft.wpsoffice.mac.global" to quit`}})
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestConfigResetPlans(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, windowsTree)
	fsys := wps.FixtureFS{Root: root}
	in := wps.DiscoverWindows(fsys, nil, windowsEnv)
	p := plan(t, FixConfigReset, &Env{OS: "windows", FS: fsys, Install: func() (wps.Install, error) { return in, nil }})
	if p.Refusal != nil || len(p.Steps) != 1 {
		t.Fatalf("plan %+v (config files %q)", p, in.ConfigFiles)
	}
	a := p.Steps[0].Actions[0]
	if a.Kind != KindQuarantine || !strings.EqualFold(a.Path, `C:\Users\u\AppData\Local\Kingsoft\WPS Cloud Files\userdata\qing\config.ini`) ||
		p.Steps[0].Undo[0].Kind != KindRestore || p.Steps[0].Undo[0].Item != a.Item {
		t.Errorf("step %+v", p.Steps[0])
	}

	// macOS: the container's preferences plist; never the login token.
	root = t.TempDir()
	writeTree(t, root, macTree)
	fsys = wps.FixtureFS{Root: root}
	in = wps.DiscoverDarwin(fsys, "/Users/u")
	p = plan(t, FixConfigReset, &Env{OS: "darwin", FS: fsys, Install: func() (wps.Install, error) { return in, nil }})
	if got := movedPaths(p); !reflect.DeepEqual(got, []string{"/" + macData + "Library/Preferences/com.kingsoft.Office.plist"}) {
		t.Errorf("mac moves %q", got)
	}
}
