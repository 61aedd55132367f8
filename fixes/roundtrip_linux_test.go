//go:build linux

package fixes

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"wpsdoctor/health"

	"wpsdoctor/catalog"
	"wpsdoctor/platform/dnsconf"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/wps"
)

// needRoot skips with a clear reason when the isolation tools are missing.
func needRoot(t *testing.T, tools ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (run `make test` as root): real round trip in a private namespace")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s (apt-get install -y nftables iproute2 util-linux)", tool)
		}
	}
}

// inChild re-runs this test binary (only the named test) with env set,
// through prefix (unshare / ip netns exec), and fails with its output.
func inChild(t *testing.T, prefix []string, test string, env ...string) {
	t.Helper()
	argv := append(append([]string{}, prefix...), os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("CHILD-OK")) {
		t.Fatalf("child %q failed: %v\n%s", argv, err, out)
	}
}

// TestDNSSetUndoInMountNamespace sets DNS in direct mode on a resolv.conf
// bind-mounted over /etc/resolv.conf in a private mount namespace, then
// undoes it: the file must be byte-identical, and the host's untouched.
func TestDNSSetUndoInMountNamespace(t *testing.T) {
	if os.Getenv("WPSD_DNS_CHILD") != "" {
		dnsChild(t)
		return
	}
	needRoot(t, "unshare")
	hostBefore, _ := os.ReadFile("/etc/resolv.conf")
	inChild(t, []string{"unshare", "--mount", "--propagation", "private"}, "TestDNSSetUndoInMountNamespace", "WPSD_DNS_CHILD=1")
	if hostAfter, _ := os.ReadFile("/etc/resolv.conf"); !bytes.Equal(hostBefore, hostAfter) {
		t.Fatal("the host's resolv.conf changed")
	}
}

func dnsChild(t *testing.T) {
	dir := t.TempDir()
	orig := []byte("# test resolver\nnameserver 192.0.2.53\nnameserver 2001:db8::53\nsearch corp.example\noptions ndots:2 timeout:1\n")
	src := filepath.Join(dir, "resolv.conf")
	nss := filepath.Join(dir, "nsswitch.conf")
	os.WriteFile(src, orig, 0o644)
	os.WriteFile(nss, []byte("hosts: files dns\n"), 0o644)
	if _, err := os.Stat("/etc/resolv.conf"); err != nil {
		os.WriteFile("/etc/resolv.conf", nil, 0o644) // a mount point is needed; private namespace only
	}
	if err := syscall.Mount(src, "/etc/resolv.conf", "", syscall.MS_BIND, ""); err != nil {
		t.Fatalf("bind mount: %v", err)
	}
	env := &Env{OS: "linux", Catalog: catalog.Default(), Family: catalog.Mainland,
		DNS: func(ctx context.Context) (dnsconf.State, error) {
			st, err := dnsconf.Read(ctx, dnsconf.Paths{ResolvConf: "/etc/resolv.conf", NSSwitch: nss})
			st.Managed, st.Captive = "", false // the CI host's own routing is not under test
			return st, err
		}}
	e, err := NewEngine(filepath.Join(dir, "state"), env)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Plan(context.Background(), health.FixDNSSet)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan: %v %+v", err, p.Refusal)
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	during, _ := os.ReadFile("/etc/resolv.conf")
	if !bytes.Contains(during, []byte("nameserver 223.5.5.5\n")) || !bytes.Contains(during, []byte(dnsconf.DirectMarker)) ||
		bytes.Contains(during, []byte("192.0.2.53")) || !bytes.Contains(during, []byte("search corp.example")) {
		t.Fatalf("resolv.conf after set:\n%s", during)
	}
	if viaSrc, _ := os.ReadFile(src); !bytes.Equal(viaSrc, during) {
		t.Fatal("the write replaced the bind-mounted file instead of writing through it")
	}
	u, err := e.Undo(context.Background(), res.EntryID, nil)
	if err != nil || u.Outcome != OutcomeUndone {
		t.Fatalf("undo: %v %+v", err, u)
	}
	after, _ := os.ReadFile("/etc/resolv.conf")
	if !bytes.Equal(after, orig) {
		t.Fatalf("not byte-identical after undo:\n%q\n%q", orig, after)
	}
	fmt.Println("CHILD-OK")
}

// TestFirewallAllowUndoInNetns loads an outbound-filtering nftables ruleset
// in a fresh network namespace, allows WPS, checks our marked rule is
// there, undoes, and compares the whole ruleset with the original.
func TestFirewallAllowUndoInNetns(t *testing.T) {
	if os.Getenv("WPSD_FW_CHILD") != "" {
		firewallChild(t)
		return
	}
	needRoot(t, "ip", "nft")
	ns := fmt.Sprintf("wsd-fw-%d", os.Getpid())
	if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
		t.Skipf("cannot create a network namespace here: %v %s", err, out)
	}
	defer exec.Command("ip", "netns", "del", ns).Run()
	ruleset := `table inet filter {
	chain output {
		type filter hook output priority filter; policy drop;
		oif "lo" accept
		udp dport 53 accept
	}
}
table ip other {
	chain out {
		type filter hook output priority 10; policy accept;
		tcp dport 8080 reject
	}
}
`
	load := exec.Command("ip", "netns", "exec", ns, "nft", "-f", "-")
	load.Stdin = strings.NewReader(ruleset)
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("load ruleset: %v %s", err, out)
	}
	inChild(t, []string{"ip", "netns", "exec", ns}, "TestFirewallAllowUndoInNetns", "WPSD_FW_CHILD=1")
}

func firewallChild(t *testing.T) {
	list := func() string {
		out, err := exec.Command("nft", "list", "ruleset").CombinedOutput()
		if err != nil {
			t.Fatalf("nft list: %v %s", err, out)
		}
		return string(out)
	}
	before := list()
	env := &Env{OS: "linux", Catalog: catalog.Default(),
		Install:  func() (wps.Install, error) { return wps.Install{OS: "linux"}, nil },
		Firewall: firewall.Read}
	e, err := NewEngine(t.TempDir(), env)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Plan(context.Background(), health.FixFirewall)
	if err != nil || p.Refusal != nil || len(p.Steps) != 2 {
		t.Fatalf("plan: %v %+v %+v", err, p.Refusal, p.Steps)
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	during := list()
	if strings.Count(during, `comment "wpsdoctor"`) != 2 || !strings.Contains(during, "tcp dport { 80, 443 } accept") {
		t.Fatalf("ruleset after allow:\n%s", during)
	}
	// Applying again plans nothing: our rules are found by their marker.
	if p2, _ := e.Plan(context.Background(), health.FixFirewall); p2.Refusal == nil {
		t.Errorf("second plan should find our rules: %+v", p2.Steps)
	}
	u, err := e.Undo(context.Background(), res.EntryID, nil)
	if err != nil || u.Outcome != OutcomeUndone {
		t.Fatalf("undo: %v %+v", err, u)
	}
	if after := list(); after != before {
		t.Fatalf("ruleset differs after undo:\n%s\n---\n%s", before, after)
	}
	fmt.Println("CHILD-OK")
}
