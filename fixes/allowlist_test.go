package fixes

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"wpsdoctor/health"

	"wpsdoctor/catalog"
	"wpsdoctor/platform/dnsconf"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/timesync"
	"wpsdoctor/platform/wps"
)

// platformFixture reads platform/<pkg>/testdata/<name>.
func platformFixture(t testing.TB, pkg, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "platform", pkg, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// scenario is a system state (from the platform fixtures) and the fixes
// to plan on it.
type scenario struct {
	name  string
	env   *Env
	fixes []string
}

func v4OnlyCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	// A user's override may give a family no IPv6 resolvers.
	c, err := catalog.LoadBytes([]byte(`[families.mainland]
name = "v4 only"
domains = ["wps.cn"]
resolvers = ["223.5.5.5", "119.29.29.29"]
ntp = ["203.0.113.123"]
[[families.mainland.endpoints]]
host = "drive.wps.cn"
role = "drive"
ports = [443]
`), "v4-only")
	if err != nil {
		t.Fatal(err)
	}
	if f := c.Family(catalog.Mainland); f == nil || len(f.Resolvers6) != 0 || len(f.Resolvers) == 0 {
		t.Fatalf("v4-only catalogue override did not take: %+v", f)
	}
	return c
}

// privilegedScenarios covers every branch of the planners that emits
// elevated actions, on Windows, macOS and Linux, from the platform
// packages' fixtures (parsed by their own parsers).
func privilegedScenarios(t testing.TB) []scenario {
	dnsFixes := []string{health.FixDNSSet, health.FixDNSFlush}
	var out []scenario
	add := func(name, goos string, fixes []string, set func(e *Env)) {
		for _, fam := range []string{catalog.Mainland, catalog.International} {
			e := &Env{OS: goos, Catalog: catalog.Default(), Family: fam}
			set(e)
			out = append(out, scenario{name: goos + "/" + name + "/" + fam, env: e, fixes: fixes})
		}
	}
	dns := func(st dnsconf.State) func(e *Env) {
		return func(e *Env) { e.DNS = func(context.Context) (dnsconf.State, error) { return st, nil } }
	}
	clock := func(st timesync.State) func(e *Env) {
		return func(e *Env) { e.Time = func(context.Context) (timesync.State, error) { return st, nil } }
	}
	fw := func(in wps.Install, st firewall.State, opts map[string]bool) func(e *Env) {
		return func(e *Env) {
			e.Options = opts
			e.Install = func() (wps.Install, error) { return in, nil }
			e.Firewall = func(context.Context, []string) (firewall.State, error) { return st, nil }
		}
	}

	// --- Windows
	var facts dnsconf.WinDNSFacts
	if err := json.Unmarshal(platformFixture(t, "dnsconf", "windows10_adapters.json"), &facts); err != nil {
		t.Fatal(err)
	}
	win := dnsconf.WindowsState(facts)
	add("dns", "windows", dnsFixes, dns(win))
	all := win
	all.Interfaces = slices.Clone(win.Interfaces)
	for i := range all.Interfaces {
		all.Interfaces[i].Default = true // the static WLAN too
		all.Interfaces[i].HasV6 = true
	}
	add("dns-all-interfaces", "windows", dnsFixes, dns(all))
	empty := all
	empty.Interfaces = []dnsconf.Interface{{Name: "Ethernet 2", Index: 31, Default: true, V4Static: true, V6Static: true, HasV6: true}}
	add("dns-static-empty", "windows", dnsFixes, dns(empty))
	for _, typ := range []string{"NoSync", "NTP", "NT5DS", "AllSync"} {
		add("clock-"+typ, "windows", []string{health.FixClockSync}, clock(timesync.State{OS: "windows", Known: true, WinType: typ, NetworkTime: typ != "NoSync"}))
	}
	rules, err := firewall.ParseWindowsRules(platformFixture(t, "firewall", "windows_rules.json"))
	if err != nil {
		t.Fatal(err)
	}
	winIn := wps.Install{OS: "windows", Found: true}
	for _, r := range rules {
		switch strings.ToLower(r.Program[strings.LastIndex(r.Program, `\`)+1:]) {
		case "wps.exe":
			winIn.MainExe = r.Program
		case "wpscloudsvr.exe":
			winIn.CloudExe = r.Program
		}
	}
	if winIn.MainExe == "" || winIn.CloudExe == "" {
		t.Fatalf("windows_rules.json no longer names wps.exe and wpscloudsvr.exe: %+v", rules)
	}
	winFW := firewall.State{OS: "windows", Backend: firewall.BackendWindows, Rules: rules}
	add("firewall", "windows", []string{health.FixFirewall}, fw(winIn, winFW, nil))
	add("firewall-remove-block", "windows", []string{health.FixFirewall}, fw(winIn, winFW, map[string]bool{OptRemoveBlockRules: true}))
	add("firewall-none-yet", "windows", []string{health.FixFirewall}, fw(winIn, firewall.State{OS: "windows", Backend: firewall.BackendWindows}, nil))

	// --- macOS
	order := dnsconf.ParseServiceOrder(platformFixture(t, "dnsconf", "darwin_serviceorder.txt"))
	dev := dnsconf.ParseRouteDefault(platformFixture(t, "dnsconf", "darwin_route_default.txt"))
	manual := dnsconf.ParseGetDNSServers(platformFixture(t, "dnsconf", "darwin_getdns_manual.txt"))
	none := dnsconf.ParseGetDNSServers(platformFixture(t, "dnsconf", "darwin_getdns_none.txt"))
	for _, svc := range order {
		if svc.Device == "" || svc.Disabled {
			continue
		}
		add("dns-manual-"+svc.Device, "darwin", dnsFixes, dns(dnsconf.MacState(order, svc.Device, map[string][]string{svc.Name: manual})))
		add("dns-dhcp-"+svc.Device, "darwin", dnsFixes, dns(dnsconf.MacState(order, svc.Device, map[string][]string{svc.Name: none})))
	}
	add("dns-default-route", "darwin", dnsFixes, dns(dnsconf.MacState(order, dev, nil)))
	on, ok := timesync.ParseMacNetworkTime(platformFixture(t, "timesync", "systemsetup_off.txt"))
	add("clock-off", "darwin", []string{health.FixClockSync}, clock(timesync.State{OS: "darwin", Known: ok, NetworkTime: on}))
	add("clock-on", "darwin", []string{health.FixClockSync}, clock(timesync.State{OS: "darwin", Known: true, NetworkTime: true}))
	macIn := wps.Install{OS: "darwin", Found: true, Root: "/Applications/wpsoffice.app"}
	alf := firewall.ParseALFState(platformFixture(t, "firewall", "alf_global_on.txt"))
	for _, f := range []string{"alf_app_blocked.txt", "alf_app_unlisted.txt"} {
		status := firewall.ParseAppBlocked(platformFixture(t, "firewall", f))
		add("firewall-"+status, "darwin", []string{health.FixFirewall}, fw(macIn, firewall.State{OS: "darwin", Backend: firewall.BackendMacALF,
			ALFEnabled: alf, Apps: map[string]string{macIn.Root: status}}, nil))
	}

	// --- Linux
	defaults, err := dnsconf.ParseIPRouteJSON(platformFixture(t, "dnsconf", "linux_ip_route.json"))
	if err != nil {
		t.Fatal(err)
	}
	resolved := dnsconf.State{OS: "linux", Cache: "resolved",
		Mode: dnsconf.DetectLinuxMode(platformFixture(t, "dnsconf", "resolv_resolved.conf"), platformFixture(t, "dnsconf", "nsswitch_resolve.conf"), false)}
	for _, d := range defaults {
		resolved.Interfaces = append(resolved.Interfaces, dnsconf.Interface{Name: d, Default: true})
	}
	add("dns-resolved", "linux", dnsFixes, dns(resolved))
	nm := dnsconf.State{OS: "linux",
		Mode: dnsconf.DetectLinuxMode(platformFixture(t, "dnsconf", "resolv_nm.conf"), platformFixture(t, "dnsconf", "nsswitch_plain.conf"), true)}
	for _, d := range dnsconf.ParseNmcliDevices(platformFixture(t, "dnsconf", "linux_nmcli_devices.txt")) {
		if d.State == "connected" && d.Type != "loopback" {
			nm.Interfaces = append(nm.Interfaces, dnsconf.Interface{Name: d.Device, Default: slices.Contains(defaults, d.Device)})
		}
	}
	add("dns-networkmanager", "linux", dnsFixes, dns(nm))
	add("dns-networkmanager-v4only", "linux", dnsFixes, func(e *Env) { dns(nm)(e); e.Catalog = v4OnlyCatalog(t) })
	plain := platformFixture(t, "dnsconf", "resolv_plain.conf")
	direct := dnsconf.State{OS: "linux", Mode: dnsconf.DetectLinuxMode(plain, platformFixture(t, "dnsconf", "nsswitch_plain.conf"), false),
		ResolvConf: PrivilegedResolvConf, ResolvData: plain, Cache: "nscd"}
	add("dns-direct", "linux", dnsFixes, dns(direct))
	missing := direct
	missing.ResolvData = nil
	add("dns-direct-no-file", "linux", dnsFixes, dns(missing))
	tdOn, _, tdOK := timesync.ParseTimedatectl(platformFixture(t, "timesync", "timedatectl_off.txt"))
	for _, daemon := range []string{"timesyncd", "chrony"} {
		add("clock-"+daemon, "linux", []string{health.FixClockSync}, clock(timesync.State{OS: "linux", Known: tdOK, NetworkTime: tdOn, Daemon: daemon}))
	}
	active, outgoing, ours := firewall.ParseUFWVerbose(platformFixture(t, "firewall", "ufw_verbose.txt"))
	linIn := wps.Install{OS: "linux"}
	add("firewall-ufw", "linux", []string{health.FixFirewall}, fw(linIn, firewall.State{OS: "linux", Backend: firewall.BackendUFW,
		UFWActive: active, UFWOutgoing: outgoing, UFWOurs: ours}, nil))
	add("firewall-ufw-none-yet", "linux", []string{health.FixFirewall}, fw(linIn, firewall.State{OS: "linux", Backend: firewall.BackendUFW,
		UFWActive: active, UFWOutgoing: outgoing}, nil))
	for _, f := range []string{"nft_ruleset.json", "nft_drop443.json"} {
		chains, err := firewall.ParseNFT(platformFixture(t, "firewall", f))
		if err != nil {
			t.Fatal(err)
		}
		add("firewall-"+f, "linux", []string{health.FixFirewall}, fw(linIn, firewall.State{OS: "linux", Backend: firewall.BackendNFT, Chains: chains}, nil))
	}
	out = append(out, cloudExecScenarios(t)...)
	return out
}

// emitted is one action a planner (or the executor, for nft_delete_marked)
// would have the helper run.
type emitted struct {
	where string
	a     Action
}

// elevatedActions plans the scenarios' fixes and returns every action of
// every step that may run elevated (its do and its undo), plus the nft
// commands the executor derives from nft_delete_marked.
func elevatedActions(t testing.TB) []emitted {
	t.Helper()
	var out []emitted
	for _, sc := range privilegedScenarios(t) {
		for _, id := range sc.fixes {
			p, err := (&Engine{Fixes: Catalogue(), Env: sc.env}).Plan(context.Background(), id)
			if err != nil {
				t.Fatalf("%s: plan %s: %v", sc.name, id, err)
			}
			for i, s := range p.Steps {
				if !s.Elevated && !s.ElevateOnFailure {
					continue
				}
				for _, list := range []struct {
					what string
					as   []Action
				}{{"do", s.Actions}, {"undo", s.Undo}} {
					for j, a := range list.as {
						where := fmt.Sprintf("%s %s step %d %s %d", sc.name, id, i+1, list.what, j+1)
						out = append(out, emitted{where, a})
						if a.Kind == KindNFTUnmark {
							for k, argv := range nftUnmarkArgvs(t, a) {
								out = append(out, emitted{fmt.Sprintf("%s (nft %d)", where, k+1), Action{Kind: KindExec, Argv: argv}})
							}
						}
					}
				}
			}
		}
	}
	return out
}

// nftUnmarkArgvs runs a nft_delete_marked action against the chain
// fixture holding our rules and returns the commands it ran.
func nftUnmarkArgvs(t testing.TB, a Action) [][]string {
	t.Helper()
	listed := platformFixture(t, "firewall", "nft_chain_ours.json")
	var ran [][]string
	x := &Executor{OS: "linux", Run: func(_ context.Context, argv []string, _ string) (int, []byte, error) {
		ran = append(ran, argv)
		if slices.Contains(argv, "list") {
			return 0, listed, nil
		}
		return 0, nil, nil
	}}
	c := *a.Chain
	c.Family, c.Table, c.Name = "inet", "filter", "output" // the fixture's chain
	a.Chain = &c
	if _, err := x.Do(context.Background(), "e", a); err != nil {
		t.Fatalf("nft_delete_marked: %v", err)
	}
	if len(ran) < 2 {
		t.Fatalf("nft_delete_marked ran %q, want a list and at least one delete", ran)
	}
	return ran
}

// matchedShape returns which shape of argv[0] accepts argv.
func matchedShape(argv []string) (string, bool) {
	for i, shape := range shapes[argv[0]] {
		if shape(argv[1:]) == nil {
			return fmt.Sprintf("%s#%d", argv[0], i), true
		}
	}
	return "", false
}

// TestEveryPlannedElevatedActionValidates plans every elevated fix on
// Windows, macOS and Linux fixtures: each action must pass the helper's
// validator, and every shape the validator allows must be one some planner
// emits (the allowlist holds nothing the fixes do not need).
func TestEveryPlannedElevatedActionValidates(t *testing.T) {
	acts := elevatedActions(t)
	seen := map[string]bool{}
	perOS := map[string]int{}
	for _, e := range acts {
		perOS[strings.SplitN(e.where, "/", 2)[0]]++
		if err := ValidatePrivileged(e.a); err != nil {
			t.Errorf("%s: %s refused: %v", e.where, e.a, err)
			continue
		}
		switch e.a.Kind {
		case KindExec:
			if s, ok := matchedShape(e.a.Argv); ok {
				seen[s] = true
			}
		case KindWriteFile:
			seen[fmt.Sprintf("write_file remove=%v marker=%v", e.a.Remove, e.a.IfMarker != "")] = true
		default:
			seen[string(e.a.Kind)] = true
		}
	}
	var want []string
	for prog, alts := range shapes {
		for i := range alts {
			want = append(want, fmt.Sprintf("%s#%d", prog, i))
		}
	}
	want = append(want, "write_file remove=false marker=false", "write_file remove=false marker=true",
		"write_file remove=true marker=true", string(KindRegistrySet), string(KindNFTUnmark), string(KindSetMode))
	slices.Sort(want)
	for _, w := range want {
		if !seen[w] {
			t.Errorf("the validator allows %s, but no planned fix emits it (a fixture is missing, or the shape is not needed)", w)
		}
	}
	for _, goos := range []string{"windows", "darwin", "linux"} {
		if perOS[goos] == 0 {
			t.Errorf("%s: got no elevated actions, want the fixtures to plan some", goos)
		}
	}
	t.Logf("%d elevated actions validated (%v), %d shapes", len(acts), perOS, len(want))

	// A fix that may elevate must be planned above.
	covered := map[string]bool{health.FixDNSSet: true, health.FixDNSFlush: true, health.FixClockSync: true, health.FixFirewall: true, health.FixCloudExec: true}
	for _, f := range Catalogue() {
		if f.Elevation != ElevationNever && !covered[f.ID] {
			t.Errorf("fix %s may elevate but has no scenario in privilegedScenarios", f.ID)
		}
	}
}
