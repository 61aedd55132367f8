package firewall

import (
	"reflect"
	"testing"

	"wpsdoctor/platform/wps"
)

func TestAssess(t *testing.T) {
	wpsExe := `C:\Users\李\AppData\Local\Kingsoft\WPS Office\12.1.0.28505\office6\wpscloudsvr.exe`
	winRules, err := ParseWindowsRules(fixture(t, "windows_rules.json"))
	if err != nil {
		t.Fatal(err)
	}
	inbound, _ := ParseWindowsRules(fixture(t, "windows_rules_single.json"))
	ufwOn := fixture(t, "ufw_verbose.txt")
	active, outgoing, ours := ParseUFWVerbose(ufwOn)
	nft, _ := ParseNFT(fixture(t, "nft_ruleset.json"))
	nftOurs, _ := ParseNFT(fixture(t, "nft_ruleset_ours.json"))
	drop443, err := ParseNFT(fixture(t, "nft_drop443.json")) // real `nft -j -a list ruleset` of "tcp dport 443 drop"
	if err != nil || len(drop443) != 1 || !drop443[0].DropsWeb {
		t.Fatalf("nft_drop443.json: %+v %v", drop443, err)
	}
	for _, c := range nft {
		if c.DropsWeb {
			t.Errorf("%s: a reject for one address (10.9.9.9) read as blocking all web traffic", c.Name)
		}
	}
	accepting := []Chain{{Family: "inet", Table: "filter", Name: "output", Policy: "drop", Filters: true, AcceptsWeb: true}}

	for _, tc := range []struct {
		name     string
		st       State
		programs []string
		level    string
		why      int
	}{
		// The fixture holds a block rule naming wpscloudsvr.exe and a
		// policy rule blocking every program.
		{"windows named rule", State{Backend: BackendWindows, Rules: winRules}, []string{wpsExe}, Blocked, 2},
		{"windows any-program rule only", State{Backend: BackendWindows, Rules: winRules}, []string{`C:\other.exe`}, Suspect, 1},
		{"windows inbound rule", State{Backend: BackendWindows, Rules: inbound}, []string{`C:\x.exe`}, Clear, 0},
		{"windows no rules", State{Backend: BackendWindows}, []string{wpsExe}, Clear, 0},
		{"mac alf blocks inbound only", State{Backend: BackendMacALF, ALFEnabled: true, BlockAll: true}, []string{"/Applications/wpsoffice.app"}, Clear, 1},
		{"ufw deny, 443 allowed (ours)", State{Backend: BackendUFW, UFWActive: active, UFWOutgoing: outgoing, UFWOurs: ours, UFWAllowOut: ParseUFWAllowOut(ufwOn)}, nil, Clear, 1},
		{"ufw deny, only 53 allowed", State{Backend: BackendUFW, UFWActive: true, UFWOutgoing: "deny", UFWAllowOut: []string{"53"}}, nil, Blocked, 1},
		{"ufw reject, 443 in a range", State{Backend: BackendUFW, UFWActive: true, UFWOutgoing: "reject", UFWAllowOut: []string{"400:500/tcp"}}, nil, Clear, 1},
		{"ufw outgoing allow", State{Backend: BackendUFW, UFWActive: true, UFWOutgoing: "allow"}, nil, Clear, 1},
		{"nft drop policy, nothing for 443", State{Backend: BackendNFT, Chains: nft}, nil, Suspect, 1},
		{"nft rule drops 443", State{Backend: BackendNFT, Chains: drop443}, nil, Blocked, 1},
		{"nft drop policy with our rule", State{Backend: BackendNFT, Chains: nftOurs}, nil, Clear, 0},
		{"nft drop policy with an accept for 443", State{Backend: BackendNFT, Chains: accepting}, nil, Clear, 0},
		{"firewalld", State{Backend: BackendFirewalld, Managed: "firewalld"}, nil, Clear, 1},
		{"linux user without rights", State{Backend: BackendNone, Unreadable: "ufw and nft list rules only as root"}, nil, Unread, 1},
		{"nothing installed", State{Backend: BackendNone}, nil, Clear, 0},
	} {
		v := Assess(tc.st, tc.programs)
		if v.Level != tc.level || len(v.Why) != tc.why {
			t.Errorf("%s: %+v, want %s with %d reasons", tc.name, v, tc.level, tc.why)
		}
	}
}

func TestParseUFWAllowOut(t *testing.T) {
	out := []byte(`Status: active
Default: deny (incoming), deny (outgoing), disabled (routed)

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere
443/tcp                    ALLOW OUT   Anywhere                   # wpsdoctor
80,443/tcp                 ALLOW OUT   Anywhere
53                         ALLOW OUT   Anywhere
Anywhere on eth1           ALLOW OUT   Anywhere
443/tcp (v6)               ALLOW OUT   Anywhere (v6)              # comment with ALLOW OUT inside
8080/udp                   DENY OUT    Anywhere
`)
	want := []string{"443/tcp", "80,443/tcp", "53", "Anywhere", "443/tcp"}
	if got := ParseUFWAllowOut(out); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, tc := range []struct {
		specs []string
		port  int
		want  bool
	}{
		{[]string{"443/tcp"}, 443, true},
		{[]string{"443/udp"}, 443, false},
		{[]string{"80,8443/tcp"}, 443, false},
		{[]string{"1000:2000/tcp", "440:450"}, 443, true},
		{[]string{"anywhere"}, 443, true},
		{[]string{"x:y/tcp", ""}, 443, false},
	} {
		if got := PortsAllow(tc.specs, tc.port); got != tc.want {
			t.Errorf("PortsAllow(%q, %d) = %v", tc.specs, tc.port, got)
		}
	}
}

func TestNFTAcceptsWeb(t *testing.T) {
	doc := []byte(`{"nftables": [
 {"chain": {"family": "inet", "table": "f", "name": "a", "type": "filter", "hook": "output", "policy": "drop"}},
 {"rule": {"family": "inet", "table": "f", "chain": "a", "handle": 3, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": {"set": [22, {"range": [440, 450]}]}}}, {"accept": null}]}},
 {"chain": {"family": "inet", "table": "f", "name": "b", "type": "filter", "hook": "output", "policy": "drop"}},
 {"rule": {"family": "inet", "table": "f", "chain": "b", "handle": 4, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 443}}, {"drop": null}]}},
 {"chain": {"family": "inet", "table": "f", "name": "c", "type": "filter", "hook": "output", "policy": "drop"}},
 {"rule": {"family": "inet", "table": "f", "chain": "c", "handle": 5, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "udp", "field": "dport"}}, "right": 443}}, {"accept": null}]}}
]}`)
	chains, err := ParseNFT(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := []bool{}
	for _, c := range chains {
		got = append(got, c.AcceptsWeb)
	}
	// a: 443 inside a range inside a set; b: 443 dropped; c: UDP 443.
	if !reflect.DeepEqual(got, []bool{true, false, false}) {
		t.Errorf("AcceptsWeb per chain = %v", got)
	}
}

func TestPrograms(t *testing.T) {
	win := wps.Install{OS: "windows", MainExe: `C:\w\wps.exe`, CloudExe: `C:\w\wpscloudsvr.exe`}
	if got := Programs(win); !reflect.DeepEqual(got, []string{`C:\w\wpscloudsvr.exe`, `C:\w\wps.exe`}) {
		t.Errorf("windows: %q", got)
	}
	if got := Programs(wps.Install{OS: "darwin", Root: "/Applications/wpsoffice.app"}); !reflect.DeepEqual(got, []string{"/Applications/wpsoffice.app"}) {
		t.Errorf("darwin: %q", got)
	}
	if got := Programs(wps.Install{OS: "linux", MainExe: "/opt/kingsoft/wps-office/office6/wps"}); got != nil {
		t.Errorf("linux rules are per port, not per program: %q", got)
	}
}
