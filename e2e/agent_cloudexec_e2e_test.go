//go:build e2e && linux

package e2e

import (
	"bufio"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"wpsdoctor/health"
)

// The system-wide install testCloudExec plants: the first Linux root
// discovery tries, and one the elevated set_mode validator accepts.
const (
	sysWPSRoot  = "/opt/kingsoft/wps-office"
	sysCloudExe = sysWPSRoot + "/office6/wpscloudsvr"
)

// optNS starts a process holding a private mount namespace (propagation
// slave: the host's later mounts, such as /run/netns entries, still show
// inside; nothing mounted inside reaches the host) with a tmpfs over
// /opt, and over nscd's socket and cache folders where they exist (the
// host's nscd hidden, room for testDNSFlush's own), and returns its pid. The agent and the user's CLI enter it
// (inMnt) before `ip netns exec`, whose own mount namespace is a copy of
// it, so both see the same tmpfs; the test reaches it through
// /proc/<pid>/root. The host's /opt is never touched.
func optNS(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("unshare", "--mount", "--propagation", "slave", "--",
		"sh", "-c", `mount -t tmpfs -o mode=0755 `+Prefix+`opt /opt &&
for d in /run/nscd /var/cache/nscd; do if [ -d "$d" ]; then mount -t tmpfs `+Prefix+`nscd "$d" || exit 1; fi; done &&
echo ready && exec sleep 3600`)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		t.Fatalf("the private mount namespace for /opt: %q, %v: %s", line, err, stderr.String())
	}
	return cmd.Process.Pid
}

// isolateAgent is isolate for the agent world: the host's system bus is
// hidden here; the host's nscd is already hidden by optNS's tmpfs over
// /run/nscd, where testDNSFlush runs an nscd both sides must see.
const isolateAgent = `if [ -d /run/dbus ]; then mount -t tmpfs wsde-hide /run/dbus; fi; exec "$@"`

// inMnt runs argv inside the shared private mount namespace.
func (a *agentWorld) inMnt(argv []string) []string {
	return append([]string{"nsenter", "-t", strconv.Itoa(a.mnt), "-m", "--"}, argv...)
}

// inMntPath is p (an absolute path) as seen inside the shared mount namespace.
func (a *agentWorld) inMntPath(p string) string {
	return filepath.Join("/proc", strconv.Itoa(a.mnt), "root", p)
}

// plantWPS lays out a system-wide WPS owned by root in the shared
// namespace's /opt, its cloud component at mode 0644, and removes it
// when the test ends.
func (a *agentWorld) plantWPS(t *testing.T) {
	t.Helper()
	office6 := a.inMntPath(filepath.Dir(sysCloudExe))
	if err := os.MkdirAll(office6, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(a.inMntPath("/opt/kingsoft")) })
	for name, mode := range map[string]fs.FileMode{"wps": 0o755, "wpscloudsvr": 0o644} {
		p := filepath.Join(office6, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\nexit 0\n"), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // past the umask
			t.Fatal(err)
		}
	}
}

// cloudMode is the cloud component's mode and owner uid in the shared
// namespace.
func (a *agentWorld) cloudMode(t *testing.T) (fs.FileMode, uint32) {
	t.Helper()
	fi, err := os.Stat(a.inMntPath(sysCloudExe))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm(), fi.Sys().(*syscall.Stat_t).Uid
}

// testCloudExec: a system-wide WPS whose cloud component (root's, 0644)
// lost its execute bits. As the ordinary user, check finds WSD-CLI-004
// and suggests wps.cloud.exec; the fix is refused in the policy's words
// under the default policy with the mode unchanged, done by the service
// (0755) when the policy lists it, journaled with the user's uid, and
// undone to exactly 0644.
func (a *agentWorld) testCloudExec(t *testing.T) {
	a.plantWPS(t)
	a.setPolicy(t, "")
	code, out := a.asUser(t, "check", "--json", "--only", "wps.installed,wps.process")
	if !strings.Contains(out, "WSD-CLI-004") || !strings.Contains(out, `"`+health.FixCloudExec+`"`) {
		t.Fatalf("check as %s: exit %d; want WSD-CLI-004 suggesting %s:\n%s", agentUser, code, health.FixCloudExec, out)
	}
	code, out = a.asUser(t, "fix", health.FixCloudExec, "--yes")
	if code != 2 || !strings.Contains(out, "does not let the WPS Sync Doctor service run "+health.FixCloudExec) {
		t.Fatalf("%s under the default policy: exit %d (want 2, refused in the policy's words):\n%s", health.FixCloudExec, code, out)
	}
	if m, uid := a.cloudMode(t); m != 0o644 || uid != 0 {
		t.Fatalf("after a refused fix the cloud component is %04o owned by uid %d, want 0644 of root", m, uid)
	}
	a.setPolicy(t, "[agent]\nallow = [\""+health.FixCloudExec+"\"]\n")
	before := len(a.journal(t))
	code, out = a.asUser(t, "fix", health.FixCloudExec, "--yes")
	if code != 0 || !strings.Contains(out, "Done by the WPS Sync Doctor service") {
		t.Fatalf("%s listed: exit %d (want 0, done by the service):\n%s\nagent:\n%s", health.FixCloudExec, code, out, a.out)
	}
	if m, _ := a.cloudMode(t); m != 0o755 {
		t.Fatalf("after the fix the cloud component is %04o, want 0755", m)
	}
	if code, out := a.asUser(t, "undo", "--last"); code != 0 {
		t.Fatalf("undo --last: exit %d:\n%s", code, out)
	}
	if m, uid := a.cloudMode(t); m != 0o644 || uid != 0 {
		t.Fatalf("after undo the cloud component is %04o owned by uid %d, want exactly 0644 of root", m, uid)
	}
	if n := a.doneRecords(t, before, health.FixCloudExec); n < 2 {
		t.Fatalf("the agent's journal has %d done %s records of uid %d, want the fix and its undo:\n%+v", n, health.FixCloudExec, a.uid, a.journal(t)[before:])
	}
	t.Logf("as %s: %s refused by default, done by the agent when listed (0644 -> 0755), undone to 0644", agentUser, health.FixCloudExec)
}

// doneRecords counts the journal's done records of the test user for fix
// from index from on.
func (a *agentWorld) doneRecords(t *testing.T, from int, fix string) int {
	t.Helper()
	n := 0
	for _, r := range a.journal(t)[from:] {
		if r.UID == a.uid && r.User == agentUser && r.Outcome == "done" && strings.Contains(strings.Join(r.Fixes, ","), fix) {
			n++
		}
	}
	return n
}
