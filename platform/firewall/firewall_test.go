package firewall

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
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

func TestParseNFT(t *testing.T) {
	chains, err := ParseNFT(fixture(t, "nft_ruleset.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The nat chain is not a filter; input is not the output hook.
	want := []Chain{
		{Family: "inet", Table: "filter", Name: "output", Policy: "drop", Filters: true},
		{Family: "ip", Table: "legacy", Name: "OUTPUT", Policy: "accept", Filters: true}, // a reject rule
	}
	if !reflect.DeepEqual(chains, want) {
		t.Fatalf("chains %+v", chains)
	}
	chains, _ = ParseNFT(fixture(t, "nft_ruleset_ours.json"))
	if len(chains[0].Ours) != 1 || chains[0].Ours[0] <= 0 {
		t.Fatalf("our marked rule not found: %+v", chains)
	}
	h, err := OurHandles(fixture(t, "nft_chain_ours.json"), want[0])
	if err != nil || !reflect.DeepEqual(h, chains[0].Ours) {
		t.Fatalf("handles %v %v", h, err)
	}
	if _, err := ParseNFT([]byte("{")); err == nil {
		t.Error("accepted bad JSON")
	}
}

func TestNFTArgv(t *testing.T) {
	c := Chain{Family: "inet", Table: "filter", Name: "output"}
	if got := NFTAllowArgv(c); !reflect.DeepEqual(got, []string{"nft", "insert", "rule", "inet", "filter", "output", "tcp", "dport", "{ 80, 443 }", "accept", "comment", "wpsdoctor"}) {
		t.Errorf("allow %q", got)
	}
	if got := NFTDeleteArgv(c, 7); !reflect.DeepEqual(got, []string{"nft", "delete", "rule", "inet", "filter", "output", "handle", "7"}) {
		t.Errorf("delete %q", got)
	}
	for _, bad := range []Chain{{Family: "bridge", Table: "t", Name: "c"}, {Family: "inet", Table: "t; flush ruleset", Name: "c"}, {Family: "ip", Table: "t", Name: ""}} {
		if ValidChain(bad) == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func TestParseUFW(t *testing.T) {
	active, out, ours := ParseUFWVerbose(fixture(t, "ufw_verbose.txt"))
	if !active || out != "deny" || !reflect.DeepEqual(ours, []string{"443/tcp"}) {
		t.Fatalf("%v %q %q", active, out, ours)
	}
	if active, _, _ := ParseUFWVerbose(fixture(t, "ufw_inactive.txt")); active {
		t.Error("inactive parsed as active")
	}
}

func TestParseWindowsRules(t *testing.T) {
	rules, err := ParseWindowsRules(fixture(t, "windows_rules.json"))
	if err != nil || len(rules) != 3 || rules[0].Display != "阻止 WPS 云" {
		t.Fatalf("%v %+v", err, rules)
	}
	cloud := `c:\users\李\appdata\local\kingsoft\wps office\12.1.0.28505\office6\WPSCLOUDSVR.exe`
	block := BlockingRules(rules, []string{cloud})
	if len(block) != 2 || block[0].Name != rules[0].Name || block[1].Store != "GroupPolicy" {
		t.Fatalf("blocking %+v", block)
	}
	one, err := ParseWindowsRules(fixture(t, "windows_rules_single.json"))
	if err != nil || len(one) != 1 {
		t.Fatalf("single: %v %+v", err, one)
	}
	none, err := ParseWindowsRules([]byte(`{"ok":true,"rules":[]}`))
	if err != nil || len(none) != 0 {
		t.Errorf("no rules: got %+v %v, want none and no error", none, err)
	}
}

// PowerShell printing nothing (an empty, non-nil slice), only a BOM, or
// saying it cannot (Windows 7's PowerShell 2.0) is "could not read",
// never "no rules".
func TestParseWindowsRulesCannotRead(t *testing.T) {
	for name, out := range map[string][]byte{
		"nil":            nil,
		"empty non-nil":  {},
		"blank lines":    []byte("\r\n\r\n"),
		"BOM only":       []byte("\xef\xbb\xbf"),
		"PowerShell 2.0": []byte(`{"ok":false,"reason":"PowerShell 2 has no Get-NetFirewallRule"}`),
		"not ours":       []byte(`[]`),
	} {
		t.Run(name, func(t *testing.T) {
			rules, err := ParseWindowsRules(out)
			if err == nil {
				t.Fatalf("got rules %+v and no error, want an error", rules)
			}
			st := WindowsState(nil, errors.New("class not registered"), out, nil)
			if v := Assess(st, []string{`C:\wps.exe`}); v.Level != Unread {
				t.Errorf("got verdict %s (%v), want %s", v.Level, v.Why, Unread)
			}
		})
	}
}

// The COM reader (Windows 7-11) keeps the enabled block rules of a profile
// in effect whose firewall is on, and our own rules.
func TestWindowsStateFromCOM(t *testing.T) {
	var f WinCOMFacts
	if err := json.Unmarshal(fixture(t, "windows7_com.json"), &f); err != nil {
		t.Fatal(err)
	}
	wps := `C:\Users\李\AppData\Local\Kingsoft\WPS Office\12.1.0.28505\office6\`
	cases := []struct {
		name    string
		current int
		enabled int
		want    []WinRule
		level   string
	}{
		{"private profile, firewall on", 2, 7, []WinRule{
			{Name: "阻止 WPS 云", Display: "阻止 WPS 云", Direction: "Outbound", Action: "Block", Program: wps + "wpscloudsvr.exe", Store: "Local"},
			{Name: "远程协助 (RA 服务器 TCP-In)", Display: "远程协助 (RA 服务器 TCP-In)", Direction: "Inbound", Action: "Block", Program: `%SystemRoot%\system32\raserver.exe`, Store: "Local"},
			{Name: "WPS Sync Doctor - wps.exe (out)", Display: "WPS Sync Doctor - wps.exe (out)", Direction: "Outbound", Action: "Allow", Program: wps + "wps.exe", Store: "Local"},
		}, Blocked},
		{"domain profile adds the any-program rule", 1, 7, []WinRule{
			{Name: "阻止 WPS 云", Display: "阻止 WPS 云", Direction: "Outbound", Action: "Block", Program: wps + "wpscloudsvr.exe", Store: "Local"},
			{Name: "域网络出站阻止", Display: "域网络出站阻止", Direction: "Outbound", Action: "Block", Program: "Any", Store: "Local"},
			{Name: "WPS Sync Doctor - wps.exe (out)", Display: "WPS Sync Doctor - wps.exe (out)", Direction: "Outbound", Action: "Allow", Program: wps + "wps.exe", Store: "Local"},
		}, Blocked},
		{"firewall off for the profile in effect", 2, 1, []WinRule{
			{Name: "WPS Sync Doctor - wps.exe (out)", Display: "WPS Sync Doctor - wps.exe (out)", Direction: "Outbound", Action: "Allow", Program: wps + "wps.exe", Store: "Local"},
		}, Clear},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.CurrentProfiles, f.EnabledProfiles = c.current, c.enabled
			st := WindowsState(&f, nil, nil, errors.New("not run"))
			if st.Unreadable != "" || st.Backend != BackendWindows {
				t.Fatalf("got backend %q unreadable %q, want windows-firewall, readable", st.Backend, st.Unreadable)
			}
			if !reflect.DeepEqual(st.Rules, c.want) {
				t.Errorf("got  %+v\nwant %+v", st.Rules, c.want)
			}
			if v := Assess(st, []string{wps + "wpscloudsvr.exe"}); v.Level != c.level {
				t.Errorf("got verdict %s (%v), want %s", v.Level, v.Why, c.level)
			}
		})
	}
}

func TestWindowsArgv(t *testing.T) {
	name := WindowsRuleName("wpscloudsvr.exe", "out")
	got := WindowsAllowArgv(name, `C:\Program Files (x86)\Kingsoft\WPS Office\office6\wpscloudsvr.exe`, "out")
	want := []string{"netsh", "advfirewall", "firewall", "add", "rule", "name=WPS Sync Doctor - wpscloudsvr.exe (out)", "dir=out",
		"action=allow", `program=C:\Program Files (x86)\Kingsoft\WPS Office\office6\wpscloudsvr.exe`, "enable=yes", "profile=any", "description=wpsdoctor"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("allow %q", got)
	}
}

func TestMacALF(t *testing.T) {
	if !ParseALFState(fixture(t, "alf_global_on.txt")) || ParseALFState(fixture(t, "alf_global_off.txt")) {
		t.Error("global state")
	}
	for f, want := range map[string]string{"alf_app_blocked.txt": "blocked", "alf_app_allowed.txt": "allowed", "alf_app_unlisted.txt": "unlisted"} {
		if got := ParseAppBlocked(fixture(t, f)); got != want {
			t.Errorf("%s: %s", f, got)
		}
	}
	do, undo := MacAllowArgv("/Applications/wpsoffice.app", "unlisted")
	if !reflect.DeepEqual(do, []string{SocketFilterFW, "--add", "/Applications/wpsoffice.app"}) || !reflect.DeepEqual(undo, []string{SocketFilterFW, "--remove", "/Applications/wpsoffice.app"}) {
		t.Errorf("%q %q", do, undo)
	}
	if do, _ := MacAllowArgv("/Applications/wpsoffice.app", "allowed"); do != nil {
		t.Error("nothing to do when allowed")
	}
}

// Rules pushed by group policy (read from the registry, listed by COM too)
// appear once, marked GroupPolicy, so the fix leaves them to the domain.
func TestWindowsStatePolicyRules(t *testing.T) {
	f := WinCOMFacts{CurrentProfiles: 2, EnabledProfiles: 7,
		Rules: []WinCOMRule{{Name: "Block all outbound (policy)", Direction: 2, Action: 0, Enabled: true, Profiles: 2}},
		PolicyRules: []string{
			"v2.10|Action=Block|Active=TRUE|Dir=Out|Profile=Private|Name=Block all outbound (policy)|",
			`v2.10|Action=Block|Active=TRUE|Dir=Out|Profile=Domain|App=C:\x.exe|Name=Domain only|`,
			`v2.10|Action=Block|Active=FALSE|Dir=Out|Name=Switched off|`,
			"not a rule",
		}}
	st := WindowsStateFromCOM(f)
	want := []WinRule{{Name: "Block all outbound (policy)", Display: "Block all outbound (policy)", Direction: "Outbound", Action: "Block", Program: "Any", Store: "GroupPolicy"}}
	if !reflect.DeepEqual(st.Rules, want) {
		t.Errorf("got  %+v\nwant %+v", st.Rules, want)
	}
	if r, ok := ParsePolicyRule(`v2.26|Action=Allow|Active=TRUE|Dir=In|Profile=Public|Profile=Domain|App=C:\a b\w.exe|Name=名字|`); !ok ||
		r != (WinCOMRule{Name: "名字", Application: `C:\a b\w.exe`, Direction: 1, Action: 1, Enabled: true, Profiles: 5}) {
		t.Errorf("got %+v %v", r, ok)
	}
}
