//go:build e2e && linux

package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
)

// startNscd runs nscd in debug mode (foreground, every request logged) in
// the client namespace and the shared mount namespace, whose /run/nscd
// and /var/cache/nscd are optNS's tmpfs, and waits for its socket. It is
// stopped, and its socket removed, when the test ends.
func (a *agentWorld) startNscd(t *testing.T) *lockedBuffer {
	t.Helper()
	argv := a.inMnt(inNS(ClientNS, "nscd", "-d"))
	cmd := exec.Command(argv[0], argv[1:]...)
	log := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sock := a.inMntPath("/run/nscd/socket")
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.Remove(sock)
	})
	if !eventually(20*time.Second, func() bool { _, err := os.Stat(sock); return err == nil }) {
		t.Fatalf("nscd made no socket in 20s; its output:\n%s", log)
	}
	return log
}

// testDNSFlush: with an nscd of its own in the namespaces (the host has
// none running; optNS hides its folders anyway), dns.flush plans the
// elevated `nscd -i hosts`; under the default policy, which allows it,
// the service runs it for the ordinary user (nscd logs the INVALIDATE
// request) and journals it with the user's uid. A flush has no undo.
func (a *agentWorld) testDNSFlush(t *testing.T) {
	if _, err := exec.LookPath("nscd"); err != nil {
		t.Skip("nscd is not installed (make deps installs it): the client namespace has no other DNS cache to flush")
	}
	log := a.startNscd(t)
	a.setPolicy(t, "")
	code, out := a.asUser(t, "fix", health.FixDNSFlush, "--dry-run")
	if code != 0 || !strings.Contains(out, "nscd -i hosts") {
		t.Fatalf("fix dns.flush --dry-run as %s with nscd running: exit %d; want the nscd -i hosts step:\n%s", agentUser, code, out)
	}
	if strings.Contains(log.String(), "INVALIDATE") {
		t.Fatalf("nscd saw an INVALIDATE before the fix:\n%s", log)
	}
	before := len(a.journal(t))
	code, out = a.asUser(t, "fix", health.FixDNSFlush, "--yes")
	if code != 0 || !strings.Contains(out, "Done by the WPS Sync Doctor service") {
		t.Fatalf("dns.flush under the default policy: exit %d (want 0, done by the service):\n%s\nagent:\n%s", code, out, a.out)
	}
	if !eventually(10*time.Second, func() bool { return strings.Contains(log.String(), "INVALIDATE (hosts)") }) {
		t.Fatalf("nscd logged no INVALIDATE (hosts) request after the fix; its output:\n%s", log)
	}
	if n := a.doneRecords(t, before, health.FixDNSFlush); n != 1 {
		t.Fatalf("the agent's journal has %d done dns.flush records of uid %d, want 1:\n%+v", n, a.uid, a.journal(t)[before:])
	}
	t.Logf("as %s: dns.flush done by the agent; nscd logged INVALIDATE (hosts)", agentUser)
}

// eventually polls cond until it holds or limit passes, and says which.
func eventually(limit time.Duration, cond func() bool) bool {
	for end := time.Now().Add(limit); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			return false
		}
	}
	return true
}
