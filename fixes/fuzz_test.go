package fixes

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"wpsdoctor/platform/dnsconf"
	"wpsdoctor/platform/firewall"
)

// The fuzz targets feed the step decoder and the validator arbitrary
// requests and argv, and judge what they accept with rules written
// independently of allowlist.go: what the helper accepts must never be a
// command that turns something off, reads or writes a file of the
// attacker's choice, or smuggles an option or a second nft command in.

// knownOptions are the only arguments starting with '-' any elevated
// command has.
var knownOptions = map[string][]string{
	"nft": {"-j", "-a"}, "sntp": {"-sS"}, "killall": {"-HUP"}, "networksetup": {"-setdnsservers"},
	"systemsetup": {"-setusingnetworktime"}, "dscacheutil": {"-flushcache"}, "nscd": {"-i"},
	firewall.SocketFilterFW: {"--unblockapp", "--blockapp", "--add", "--remove"},
}

// verbs says, per program, which words may stand at which argument
// position (the command's verb and object); free-form arguments (names,
// addresses) sit elsewhere.
var verbs = map[string]map[int][]string{
	"ufw":         {0: {"allow", "delete"}, 1: {"out", "allow"}},
	"nmcli":       {0: {"device"}, 1: {"modify", "reapply"}},
	"netsh":       {0: {"interface", "advfirewall"}, 1: {"ipv4", "ipv6", "firewall"}, 3: {"dnsservers", "rule"}},
	"nft":         {0: {"insert", "delete", "-j"}, 1: {"rule", "-a"}},
	"systemctl":   {0: {"restart"}, 1: {"systemd-timesyncd"}},
	"resolvectl":  {0: {"dns", "domain", "revert"}},
	"timedatectl": {0: {"set-ntp"}},
}

// judgeAccepted reports why an accepted action is unsafe, or nil.
func judgeAccepted(a Action) error {
	switch a.Kind {
	case KindExec:
		if len(a.Argv) == 0 || a.Stdin != "" {
			return fmt.Errorf("empty argv or stdin accepted")
		}
		prog, args := a.Argv[0], a.Argv[1:]
		if strings.Contains(prog, "/") && prog != firewall.SocketFilterFW {
			return fmt.Errorf("program path %q accepted", prog)
		}
		for _, s := range args {
			if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				return fmt.Errorf("control character accepted in %q", s)
			}
			if strings.HasPrefix(s, "-") && !slices.Contains(knownOptions[prog], s) {
				return fmt.Errorf("option %q accepted for %s", s, prog)
			}
			if strings.EqualFold(s, "name=all") || s == "dir=in" || s == "action=block" || strings.HasPrefix(s, "ipv4.method") || strings.HasPrefix(s, "ipv6.method") {
				return fmt.Errorf("%s %q accepted", prog, s)
			}
			if prog == "nft" && strings.Contains(strings.ToLower(s), "include") {
				return fmt.Errorf("nft %q accepted", s)
			}
			if prog == "nft" && strings.ContainsAny(s, ";\"'\\#") {
				return fmt.Errorf("nft script character accepted in %q", s)
			}
		}
		for pos, words := range verbs[prog] {
			if pos >= len(args) || !slices.Contains(words, args[pos]) {
				return fmt.Errorf("%s %q accepted", prog, args)
			}
		}
		if prog == "nft" && args[0] != "-j" && !slices.Equal(args[len(args)-2:], []string{"comment", firewall.Marker}) && args[len(args)-2] != "handle" {
			return fmt.Errorf("nft change without our marker or a handle accepted: %q", args)
		}
		if prog == "w32tm" && !slices.Equal(args, []string{"/config", "/update"}) && !slices.Equal(args, []string{"/resync", "/force"}) {
			return fmt.Errorf("w32tm %q accepted", args)
		}
	case KindWriteFile:
		if a.Path != "/etc/resolv.conf" || a.Mode != 0 && a.Mode != 0o644 || a.MTime != nil {
			return fmt.Errorf("write of %q mode %#o accepted", a.Path, a.Mode)
		}
		if a.Remove && (a.IfMarker != dnsconf.DirectMarker || len(a.Data) > 0) {
			return fmt.Errorf("removal without our marker accepted")
		}
		for _, line := range strings.Split(string(a.Data), "\n") {
			f := strings.Fields(line)
			if len(f) > 0 && !strings.HasPrefix(f[0], "#") && !strings.HasPrefix(f[0], ";") &&
				!slices.Contains([]string{"nameserver", "search", "domain", "options", "sortlist", "lookup", "family"}, f[0]) {
				return fmt.Errorf("resolv.conf line %q accepted", line)
			}
		}
	case KindRegistrySet:
		if a.Reg == nil || a.Reg.Delete || a.Reg.Name != "Type" || a.Reg.Type != "REG_SZ" {
			return fmt.Errorf("registry change %+v accepted", a.Reg)
		}
	case KindNFTUnmark:
		if a.Chain == nil || strings.HasPrefix(a.Chain.Table, "-") || strings.HasPrefix(a.Chain.Name, "-") {
			return fmt.Errorf("nft chain %+v accepted", a.Chain)
		}
	case KindSetMode:
		return judgeSetMode(a)
	default:
		return fmt.Errorf("kind %q accepted", a.Kind)
	}
	return nil
}

// judgeSetMode: only a system-wide install's cloud component, only
// permission bits that let no one but the owner write, and nothing else.
func judgeSetMode(a Action) error {
	p := a.Path
	okEnd := strings.HasSuffix(p, "/office6/wpscloudsvr") || strings.HasSuffix(p, "/office6/wpscloudsrv") ||
		strings.HasPrefix(p, "/Applications/") && (strings.HasSuffix(p, ".app/Contents/MacOS/wpscloudsvr") || strings.HasSuffix(p, ".app/Contents/Helpers/wpscloudsvr"))
	okStart := strings.HasPrefix(p, "/opt/") || strings.HasPrefix(p, "/usr/lib") || strings.HasPrefix(p, "/Applications/")
	if !okEnd || !okStart || strings.Contains(p, "/../") || strings.Contains(p, "/./") || strings.Contains(p, "//") {
		return fmt.Errorf("set_mode of %q accepted", p)
	}
	if a.Mode&^0o755 != 0 || len(a.Argv) > 0 || len(a.Data) > 0 || a.Remove || a.Item != "" || a.Exe != "" {
		return fmt.Errorf("set_mode %#o with extra fields accepted: %+v", a.Mode, a)
	}
	return nil
}

func requestJSON(tb testing.TB, actions ...Action) []byte {
	tb.Helper()
	b, err := json.Marshal(PrivilegedRequest{Version: 1, Entry: "e", Steps: [][]Action{actions}})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func FuzzPrivilegedRequest(f *testing.F) {
	for _, h := range hostileActions {
		f.Add(requestJSON(f, h.a))
	}
	for _, e := range elevatedActions(f) {
		f.Add(requestJSON(f, e.a))
	}
	f.Add([]byte(`{"version":1,"entry":"e","steps":[[{"kind":"exec","argv":["ufw","disable"]}]]}`))
	f.Add([]byte(`{"version":1,"steps":[[{"kind":"write_file","path":"/etc/resolv.conf","remove":true}],[{"kind":"write_file","path":"/etc/resolv.conf","data":"bmFtZXNlcnZlciAxLjEuMS4xCg==","mode":2559}]]}`))
	f.Add([]byte(`{"version":1,"steps":[[{"kind":"exec","argv":["nft","-j","list","ruleset",";","include","\"/root-only-file\""]}]]} trailing`))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := DecodePrivilegedRequest(b)
		if err != nil {
			return
		}
		for _, st := range req.Steps {
			for _, a := range st {
				if err := judgeAccepted(a); err != nil {
					t.Fatalf("accepted %s: %v (request %q)", a, err, b)
				}
			}
		}
		// What was accepted is accepted again, unchanged, after a round trip
		// through the caller's encoding.
		again, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		req2, err := DecodePrivilegedRequest(again)
		if err != nil || !reflect.DeepEqual(req, req2) {
			t.Fatalf("re-encoded request: got %+v, %v; want %+v accepted", req2, err, req)
		}
	})
}

// FuzzPrivilegedArgv fuzzes the argv validator directly (argv joined with
// NUL bytes, which no argument can hold), where mutations reach the shapes
// faster than through JSON.
func FuzzPrivilegedArgv(f *testing.F) {
	for _, h := range hostileActions {
		if h.a.Kind == KindExec {
			f.Add(strings.Join(h.a.Argv, "\x00"))
		}
	}
	for _, e := range elevatedActions(f) {
		if e.a.Kind == KindExec {
			f.Add(strings.Join(e.a.Argv, "\x00"))
		}
	}
	f.Fuzz(func(t *testing.T, joined string) {
		a := Action{Kind: KindExec, Argv: strings.Split(joined, "\x00")}
		if ValidatePrivileged(a) != nil {
			return
		}
		if err := judgeAccepted(a); err != nil {
			t.Fatalf("accepted %q: %v", a.Argv, err)
		}
	})
}

func TestDecodePrivilegedRequest(t *testing.T) {
	ok := `{"version":1,"entry":"e","steps":[[{"kind":"exec","argv":["chronyc","makestep"]}]]}`
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"valid", ok, true},
		{"valid with trailing space", ok + " \n", true},
		{"no steps", `{"version":1,"entry":"e","steps":[]}`, true},
		{"trailing bracket", ok + "]", false},
		{"second object", ok + `{"version":1}`, false},
		{"unknown field", `{"version":1,"steps":[[{"kind":"exec","argv":["chronyc","makestep"],"shell":true}]]}`, false},
		{"version 2", `{"version":2,"steps":[]}`, false},
		{"not JSON", "\x7fELF", false},
		{"one bad action among good", `{"version":1,"steps":[[{"kind":"exec","argv":["chronyc","makestep"]}],[{"kind":"exec","argv":["ufw","disable"]}]]}`, false},
	} {
		_, err := DecodePrivilegedRequest([]byte(tc.in))
		if (err == nil) != tc.ok {
			t.Errorf("%s: got %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}
