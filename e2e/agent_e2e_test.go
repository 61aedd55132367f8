//go:build e2e && linux

package e2e

// The agent service as the people it is for meet it: `wpsdoctor service
// run` as root in the client namespace (its /etc/resolv.conf is the
// namespace's), and an ordinary user with no sudo rule and no desktop
// running `wpsdoctor fix dns.set --yes`: done by the service when the
// policy lists dns.set, and undone; refused in the policy's words, with
// nothing changed and no prompt, when it does not; and every malformed,
// oversized, wrong-version or not-allowed message refused and journaled
// while the agent keeps serving.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"wpsdoctor/agent"
	"wpsdoctor/health"
)

const agentUser = Prefix + "agentuser"

type agentWorld struct {
	w                        *world
	dir, sock, state, policy string
	home                     string
	uid, gid                 int
	proc                     *exec.Cmd
	out                      *lockedBuffer
	// mnt is the pid of the process holding the private mount namespace
	// the agent and the user's CLI share (a tmpfs over /opt, see optNS).
	mnt int
}

func TestAgentServesAnOrdinaryUser(t *testing.T) {
	w := theWorld
	if w == nil {
		t.Skip(skipWhy)
	}
	for _, tool := range []string{"setpriv", "useradd", "userdel"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing", tool)
		}
	}
	a := newAgentWorld(t, w)
	if err := w.stopISP(true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.heal() })

	t.Run("policy lists dns.set: done by the service, undone", a.testAllowed)
	t.Run("policy does not list dns.set: refused in its words", a.testPolicyRefused)
	t.Run("firewall.allow: done by the service when listed, undone; refused when not", a.testFirewall)
	t.Run("clock.sync through the service", a.testClock)
	t.Run("wps.cloud.exec: done by the service when listed, undone; refused when not", a.testCloudExec)
	t.Run("dns.flush through the service", a.testDNSFlush)
	t.Run("bad messages refused, journaled, agent still serving", a.testBadMessages)
}

func newAgentWorld(t *testing.T, w *world) *agentWorld {
	t.Helper()
	dir, err := os.MkdirTemp("", Prefix+"agent-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	a := &agentWorld{w: w, dir: dir, sock: filepath.Join(dir, "run", "agent.sock"), state: filepath.Join(dir, "state"),
		policy: filepath.Join(dir, "policy.toml"), home: filepath.Join(dir, "home")}
	a.uid, a.gid = addTestUser(t, agentUser)
	mkUserDirs(t, a.uid, a.gid, a.home, filepath.Join(a.home, "state"))
	a.setPolicy(t, "")
	a.mnt = optNS(t)
	a.start(t)
	return a
}

func (a *agentWorld) setPolicy(t *testing.T, text string) {
	t.Helper()
	if err := os.WriteFile(a.policy, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// start runs `wpsdoctor service run` as root in the client namespace.
func (a *agentWorld) start(t *testing.T) {
	t.Helper()
	argv := a.inMnt(inNS(ClientNS, "sh", "-c", isolateAgent, "sh", a.w.bin, "service", "run"))
	a.proc = exec.Command(argv[0], argv[1:]...)
	a.proc.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
		"WSD_AGENT_SOCKET=" + a.sock, "WSD_SYSTEM_STATE_DIR=" + a.state, "WSD_POLICY_FILE=" + a.policy}
	a.out = &lockedBuffer{}
	a.proc.Stdout, a.proc.Stderr = a.out, a.out
	if err := a.proc.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = a.proc.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = a.proc.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = a.proc.Process.Kill()
			<-done
		}
	})
	waitFor(t, 20*time.Second, "the agent to answer on "+a.sock+"; its output:\n"+a.out.String(), func() bool {
		return agent.Ping(context.Background(), a.sock)
	})
}

// asUser runs wpsdoctor as the test user in the client namespace: no
// desktop, no terminal, no sudo rule, so only the agent can elevate.
func (a *agentWorld) asUser(t *testing.T, args ...string) (int, string) {
	t.Helper()
	pre := []string{"sh", "-c", isolateAgent, "sh", "setpriv", fmt.Sprintf("--reuid=%d", a.uid), fmt.Sprintf("--regid=%d", a.gid), "--init-groups", "--",
		"env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + a.home, "WSD_STATE_DIR=" + filepath.Join(a.home, "state"),
		"WSD_AGENT_SOCKET=" + a.sock, "SSL_CERT_FILE=" + a.w.caFile, "LANG=C.UTF-8", a.w.bin, "--lang", "en", "--config", a.w.override}
	argv := a.inMnt(inNS(ClientNS, append(pre, args...)...))
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

func (a *agentWorld) journal(t *testing.T) []agent.Record {
	t.Helper()
	f, err := os.Open(filepath.Join(a.state, "agent-journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []agent.Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r agent.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func (a *agentWorld) testAllowed(t *testing.T) {
	a.setPolicy(t, "[agent]\nallow = [\"dns.set\", \"dns.flush\", \"clock.sync\"]\n")
	before, _ := a.w.snapshot(health.FixDNSSet)
	code, out := a.asUser(t, "fix", health.FixDNSSet, "--yes")
	if code != 0 || !strings.Contains(out, "Done by the WPS Sync Doctor service") {
		t.Fatalf("fix dns.set --yes as %s: exit %d (want 0, done by the service):\n%s\nagent:\n%s", agentUser, code, out, a.out)
	}
	fixed, _ := a.w.snapshot(health.FixDNSSet)
	if fixed == before || !strings.Contains(fixed, PublicResolver) {
		t.Fatalf("resolv.conf after the fix:\n%s\nwant the public resolver %s", fixed, PublicResolver)
	}
	if code, out := a.asUser(t, "undo", "--last"); code != 0 {
		t.Fatalf("undo --last: exit %d:\n%s", code, out)
	}
	if after, _ := a.w.snapshot(health.FixDNSSet); after != before {
		t.Fatalf("undo did not restore resolv.conf:\n--- before\n%s\n--- after\n%s", before, after)
	}
	n := 0
	for _, r := range a.journal(t) {
		if r.UID == a.uid && r.User == agentUser && r.Outcome == "done" && strings.Contains(strings.Join(r.Fixes, ","), health.FixDNSSet) {
			n++
		}
	}
	if n < 2 {
		t.Fatalf("the agent's journal has %d done dns.set records of uid %d, want the fix and its undo:\n%+v", n, a.uid, a.journal(t))
	}
	t.Logf("as %s: fixed by the agent and undone; journal:\n%+v", agentUser, a.journal(t))
}

func (a *agentWorld) testPolicyRefused(t *testing.T) {
	a.setPolicy(t, "[support]\nname = \"E2E Service Desk\"\n")
	before, _ := a.w.snapshot(health.FixDNSSet)
	code, out := a.asUser(t, "fix", health.FixDNSSet, "--yes")
	if code != 2 || !strings.Contains(out, "does not let the WPS Sync Doctor service run dns.set") || !strings.Contains(out, "E2E Service Desk") {
		t.Fatalf("fix dns.set refused by the policy: exit %d (want 2 and the policy's words):\n%s", code, out)
	}
	if after, _ := a.w.snapshot(health.FixDNSSet); after != before {
		t.Fatal("a refused fix changed resolv.conf")
	}
	j := a.journal(t)
	last := j[len(j)-1]
	if last.Outcome != "refused" || last.Refused != agent.RefusedPolicy || last.UID != a.uid {
		t.Fatalf("the journal's last record: %+v; want a policy refusal of uid %d", last, a.uid)
	}
}

// raw sends bytes to the agent as the test user (the rawclient helper run
// with setpriv in the client namespace) and reads its answer, so the agent
// sees that user's peer credentials.
func (a *agentWorld) raw(t *testing.T, data []byte) agent.Response {
	t.Helper()
	argv := inNS(ClientNS, "setpriv", fmt.Sprintf("--reuid=%d", a.uid), fmt.Sprintf("--regid=%d", a.gid), "--init-groups", "--",
		a.rawClient(t), a.sock)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rawclient as %s: %v: %s", agentUser, err, stderr.Bytes())
	}
	var r agent.Response
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("rawclient's answer %q: %v", out, err)
	}
	return r
}

// rawClient builds the e2e/testdata/rawclient helper once, where the test
// user may run it.
func (a *agentWorld) rawClient(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(a.dir, "rawclient")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/rawclient").CombinedOutput(); err != nil {
		t.Fatalf("building the rawclient helper: %v: %s", err, out)
	}
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

func agentFrame(body string) []byte {
	b := make([]byte, 4, 4+len(body))
	binary.BigEndian.PutUint32(b, uint32(len(body)))
	return append(b, body...)
}

// testBadMessages sends every kind of refused message as the ordinary
// test user: each is refused with its code, journaled with that user's
// uid and name, nothing runs, and the agent answers a ping afterwards.
func (a *agentWorld) testBadMessages(t *testing.T) {
	oversized := make([]byte, 4)
	binary.BigEndian.PutUint32(oversized, agent.MaxMessage+1)
	marker := filepath.Join(a.dir, "ran")
	a.setPolicy(t, "")
	for _, tc := range []struct {
		name, refused, policy string
		data                  []byte
	}{
		{"malformed", agent.RefusedMalformed, "", agentFrame(`{"version":1,"op":"run","steps":`)},
		{"oversized", agent.RefusedOversized, "", oversized},
		{"wrong version", agent.RefusedVersion, "", agentFrame(`{"version":9,"op":"ping"}`)},
		{"invalid action", agent.RefusedInvalid, "", agentFrame(`{"version":1,"op":"run","entry":"e2e","steps":[[{"kind":"exec","argv":["touch","` + marker + `"]}]]}`)},
		{"another file", agent.RefusedInvalid, "", agentFrame(`{"version":1,"op":"run","entry":"e2e","steps":[[{"kind":"write_file","path":"` + marker + `","data":"eA=="}]]}`)},
		{"unknown query", agent.RefusedQuery, "", agentFrame(`{"version":1,"op":"inspect","query":"etc-shadow"}`)},
		{"a query with an argument", agent.RefusedMalformed, "", agentFrame(`{"version":1,"op":"inspect","query":"firewall-ruleset","args":["/etc/shadow"]}`)},
		{"not allowed by the policy", agent.RefusedPolicy, "", agentFrame(`{"version":1,"op":"run","entry":"e2e","steps":[[{"kind":"exec","argv":["nft","-j","-a","list","chain","inet","wsde","output"]}]]}`)},
		{"a denied user", agent.RefusedPeer, "[agent]\ndenied_users = [\"" + agentUser + "\"]\n", agentFrame(`{"version":1,"op":"inspect","query":"firewall-ruleset"}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a.setPolicy(t, tc.policy)
			defer a.setPolicy(t, "")
			before := len(a.journal(t))
			r := a.raw(t, tc.data)
			if r.Refused != tc.refused || r.ExitStatus != 2 || r.Error == "" {
				t.Fatalf("got %+v; want refused %q with a reason", r, tc.refused)
			}
			j := a.journal(t)
			last := j[len(j)-1]
			if len(j) != before+1 || last.Refused != tc.refused || last.Outcome != "refused" || last.UID != a.uid || last.User != agentUser {
				t.Fatalf("journal: %d records after %d, last %+v; want one more, refused %q, of uid %d (%s)", len(j), before, last, tc.refused, a.uid, agentUser)
			}
			if !agent.Ping(context.Background(), a.sock) {
				t.Fatal("the agent stopped answering after a refused message")
			}
		})
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Fatal("a refused action ran")
	}
	if r := a.raw(t, agentFrame(`{"version":1,"op":"ping"}`)); r.Refused != "" || r.Error != "" || r.Version != agent.Version {
		t.Fatalf("a ping as %s after the refusals: %+v", agentUser, r)
	}
}

// nftJSON is the client namespace's whole nftables ruleset as nft prints
// it in JSON (handles included).
func (a *agentWorld) nftJSON(t *testing.T) string {
	t.Helper()
	out, err := output(inNS(ClientNS, "nft", "-j", "list", "ruleset")...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// testFirewall: nft lists rules only for root, so the ordinary user's
// check and planner read them through the agent's firewall-ruleset query
// (and say so); the fix is refused under the default policy, done by the
// service when the policy lists firewall.allow, and undone to the same
// `nft -j list ruleset`.
func (a *agentWorld) testFirewall(t *testing.T) {
	if err := a.w.nft(NFTFault("tcp dport 443 drop")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.w.heal() })
	before := a.nftJSON(t)
	a.setPolicy(t, "")
	a.firewallSeenThroughTheAgent(t)
	code, out := a.asUser(t, "fix", health.FixFirewall, "--yes")
	if code != 2 || !strings.Contains(out, "does not let the WPS Sync Doctor service run firewall.allow") {
		t.Fatalf("firewall.allow under the default policy: exit %d (want 2, refused in the policy's words):\n%s", code, out)
	}
	if now := a.nftJSON(t); now != before {
		t.Fatal("a refused firewall.allow changed the ruleset")
	}
	a.setPolicy(t, "[agent]\nallow = [\"firewall.allow\"]\n")
	code, out = a.asUser(t, "fix", health.FixFirewall, "--yes")
	if code != 0 || !strings.Contains(out, "Done by the WPS Sync Doctor service") {
		t.Fatalf("firewall.allow listed: exit %d (want 0, done by the service):\n%s\nagent:\n%s", code, out, a.out)
	}
	fixed := a.nftJSON(t)
	if fixed == before || !strings.Contains(fixed, "wpsdoctor") {
		t.Fatalf("the ruleset after the fix has no rule of ours:\n%s", fixed)
	}
	if code, out := a.asUser(t, "undo", "--last"); code != 0 {
		t.Fatalf("undo --last: exit %d:\n%s", code, out)
	}
	if after := a.nftJSON(t); after != before {
		t.Fatalf("undo did not restore the ruleset (nft -j list ruleset):\n--- before\n%s\n--- after\n%s", before, after)
	}
	t.Logf("as %s: firewall.allow planned from the agent's reading, done by the agent, undone; nft -j list ruleset identical", agentUser)
}

// firewallSeenThroughTheAgent: as the user, nft itself refuses to list
// the rules, yet firewall.rules finds the block with read_by "service",
// the dry run plans the nft step and says the service read the rules, and
// the agent journals the user's query.
func (a *agentWorld) firewallSeenThroughTheAgent(t *testing.T) {
	t.Helper()
	if code, out := a.asUser(t, "check", "--json", "--only", "firewall.rules"); code == 0 || !strings.Contains(out, `"read_by": "service"`) || !strings.Contains(out, "WSD-FWL-002") {
		t.Fatalf("check --only firewall.rules as %s: exit %d; want WSD-FWL-002 read by the service:\n%s", agentUser, code, out)
	}
	code, out := a.asUser(t, "fix", health.FixFirewall, "--dry-run")
	if code != 0 || !strings.Contains(out, "the WPS Sync Doctor service read them") || !strings.Contains(out, "nft") {
		t.Fatalf("fix firewall.allow --dry-run as %s: exit %d; want the nft step and the note that the service read the rules:\n%s", agentUser, code, out)
	}
	n := 0
	for _, r := range a.journal(t) {
		if r.Query == agent.QueryFirewallRuleset && r.UID == a.uid && r.Outcome == "done" {
			n++
		}
	}
	if n < 2 {
		t.Fatalf("the agent's journal has %d firewall-ruleset queries of uid %d, want the check's and the plan's", n, a.uid)
	}
}

// testClock: clock.sync is allowed by default. What it plans depends on
// the time service the namespace can reach; whatever elevated steps it
// plans must be done by the service, not refused and not prompted for.
//
// No real clock change is made here, and none can be in this container:
// timedatectl cannot read the NTP state ("System has not been booted with
// systemd as init system (PID 1). Can't operate. Failed to connect to bus:
// Host is down", exit 1), so the plan is `timedatectl set-ntp true`, which
// fails the same way, then `chronyc makestep`. A chronyd of the client
// namespace would have to run without -x to step the clock, and
// CLOCK_REALTIME is not namespaced (time namespaces cover only the
// monotonic and boot clocks): it would step the host's clock. With -x,
// makestep answers "500 Failure" ("Could not step system clock").
func (a *agentWorld) testClock(t *testing.T) {
	a.setPolicy(t, "")
	code, out := a.asUser(t, "fix", health.FixClockSync, "--dry-run")
	t.Logf("clock.sync plan as %s (exit %d):\n%s", agentUser, code, out)
	if code != 0 || !strings.Contains(out, "[") {
		t.Skipf("clock.sync plans nothing elevated here (exit %d)", code)
	}
	before := len(a.journal(t))
	code, out = a.asUser(t, "fix", health.FixClockSync, "--yes")
	t.Logf("clock.sync as %s: exit %d:\n%s", agentUser, code, out)
	if strings.Contains(out, "does not let") || strings.Contains(out, "administrator prompt") {
		t.Fatalf("clock.sync under the default policy was refused or prompted for:\n%s", out)
	}
	j := a.journal(t)
	if len(j) <= before || !strings.Contains(strings.Join(j[len(j)-1].Fixes, ","), health.FixClockSync) {
		t.Fatalf("the agent's journal has no clock.sync record: %+v", j[before:])
	}
}

// TestAgentInTheWindow: the tray window as an ordinary user (no polkit
// agent running, so no prompt could succeed) applies dns.set through the
// agent when the policy lists it, and shows the policy's refusal when it
// does not.
func TestAgentInTheWindow(t *testing.T) {
	w := theWorld
	if w == nil {
		t.Skip(skipWhy)
	}
	for _, tool := range elevTools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing", tool)
		}
	}
	e := newElevWorld(t, w)
	if err := w.stopISP(true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.heal() })
	dir, err := os.MkdirTemp("", Prefix+"agentwin-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sock, policy := filepath.Join(dir, "run", "agent.sock"), filepath.Join(dir, "policy.toml")
	setPolicy := func(text string) {
		if err := os.WriteFile(policy, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setPolicy("[agent]\nallow = [\"dns.set\", \"dns.flush\"]\n")
	out := &lockedBuffer{}
	ag := e.root([]string{"HOME=/root", "WSD_AGENT_SOCKET=" + sock, "WSD_SYSTEM_STATE_DIR=" + filepath.Join(dir, "state"), "WSD_POLICY_FILE=" + policy},
		w.bin, "service", "run")
	ag.Stdout, ag.Stderr = out, out
	if err := ag.Start(); err != nil {
		t.Fatal(err)
	}
	e.stopping = append(e.stopping, func() { _ = ag.Process.Signal(os.Interrupt); _ = ag.Wait() })
	waitFor(t, 20*time.Second, "the agent; its output:\n"+out.String(), func() bool { return agent.Ping(context.Background(), sock) })

	open := func(t *testing.T) *window {
		t.Helper()
		wout := &lockedBuffer{}
		env := append(e.userEnv(true), "WSD_AGENT_SOCKET="+sock)
		cmd := e.asUser(env, e.tray, "--window", "--lang", "en", "--config", w.override, "--fix", health.FixDNSSet)
		cmd.Stdout, cmd.Stderr = wout, wout
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		win := &window{cmd: cmd, out: wout}
		t.Cleanup(win.close)
		win.waitLog(t, "fix dns.set: preview", 60*time.Second)
		return win
	}
	t.Run("allowed by the policy: done by the service, undone", func(t *testing.T) {
		before := e.snapshot(t)
		win := open(t)
		e.press(t, "space")
		win.waitLog(t, "fix dns.set: fixed", 90*time.Second)
		if !strings.Contains(win.out.String(), "[elevated by agent]") {
			t.Fatalf("the window does not say the agent did it:\n%s", win.out)
		}
		if fixed := e.snapshot(t); fixed == before || !strings.Contains(fixed, PublicResolver) {
			t.Fatalf("resolv.conf after the fix:\n%s", fixed)
		}
		e.press(t, "space")
		win.waitLog(t, "fix dns.set: undone", 90*time.Second)
		if after := e.snapshot(t); after != before {
			t.Fatalf("undo did not restore resolv.conf:\n--- before\n%s\n--- after\n%s", before, after)
		}
		win.close()
	})
	t.Run("refused by the policy: its words, nothing changed", func(t *testing.T) {
		setPolicy("[support]\nname = \"E2E Service Desk\"\n")
		before := e.snapshot(t)
		win := open(t)
		e.press(t, "space")
		win.waitLog(t, "fix dns.set: denied", 90*time.Second)
		if s := win.out.String(); !strings.Contains(s, "does not let the WPS Sync Doctor service run dns.set") || !strings.Contains(s, "E2E Service Desk") {
			t.Fatalf("the window's log lacks the policy's words:\n%s", s)
		}
		if after := e.snapshot(t); after != before {
			t.Fatal("a refused fix changed resolv.conf")
		}
		win.close()
	})
}
