//go:build e2e && linux

package e2e

// The administrator path as the people this product is for take it: an
// ordinary user, the real tray window under Xvfb, a click on dns.set, the
// real pkexec asking a real polkitd on a system bus of the test's own, the
// privileged verb of the same binary, /etc/resolv.conf (the client
// namespace's) changed, verified fixed, and undone byte for byte; a polkit
// rule that says no; and the console tool in a helpdesk session through
// sudo. Everything runs in the client namespace of the world, in a mount
// namespace held by the private system bus: the host's bus, polkit rules
// and actions are never touched.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"wpsdoctor/health"

	"wpsdoctor/fixes"
)

// elevUser is the ordinary user the tests create and remove.
const elevUser = Prefix + "user"

// polkitActions prefixes the product's polkit actions (one per binary:
// assets/linux/io.github.wpssyncdoctor.policy.in, installed as is).
const polkitActions = "io.github.wpssyncdoctor.privileged"

// hideAndBind replaces, in the new mount namespace, the system bus
// directory and nscd's socket with empty tmpfs and binds the test's polkit
// actions and rules over the system's. A constant: data travels as "$@".
const hideAndBind = `set -e
mount -t tmpfs wsde-bus /run/dbus
[ -d /run/nscd ] && mount -t tmpfs wsde-nscd /run/nscd
mount --bind "$1" /usr/share/polkit-1/actions
mount --bind "$2" /etc/polkit-1/rules.d
shift 2
exec "$@"`

var elevTools = []string{"pkexec", "/usr/lib/polkit-1/polkitd", "sudo", "Xvfb", "dbus-daemon", "xdotool", "nsenter", "setpriv", "useradd", "userdel"}

// elevWorld is the per-test state: the user, the binaries, the bus holder.
type elevWorld struct {
	w        *world
	dir      string
	uid, gid int
	home     string
	tray     string
	holder   *exec.Cmd
	polkitd  *exec.Cmd
	display  string
	actions  string
	rules    string
	sessBus  string
	stopping []func()
}

func TestElevationAsAnOrdinaryUser(t *testing.T) {
	w := theWorld
	if w == nil {
		t.Skip(skipWhy)
	}
	for _, tool := range elevTools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (make deps installs pkexec polkitd sudo xvfb dbus xdotool util-linux passwd)", tool)
		}
	}
	e := newElevWorld(t, w)

	t.Run("both binaries answer the privileged verb", e.testVerb)

	// The broken state every run below starts from: the ISP's resolver is
	// silent, dns.set is the fix.
	if err := w.stopISP(true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.heal() })

	t.Run("window, pkexec allowed: fixed and undone", e.testWindowAllowed)
	t.Run("window, pkexec denied: nothing changed", e.testWindowDenied)
	t.Run("console in a terminal session, sudo", e.testConsoleSudo)
}

func newElevWorld(t *testing.T, w *world) *elevWorld {
	t.Helper()
	e := &elevWorld{w: w, dir: filepath.Join(w.dir, "elev")}
	t.Cleanup(e.stop)
	if err := os.MkdirAll(e.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The tray binary, with the race detector: the unit stage has built
	// Fyne that way, so this is a link, not a 5-minute cgo build.
	e.tray = filepath.Join(e.dir, "wpsdoctor-tray")
	if out, err := exec.Command("go", "build", "-race", "-o", e.tray, "wpsdoctor/cmd/wpsdoctor-tray").CombinedOutput(); err != nil {
		t.Fatalf("go build wpsdoctor-tray: %v\n%s", err, out)
	}
	e.uid, e.gid = addTestUser(t, elevUser)
	e.home = filepath.Join(e.dir, "home")
	mkUserDirs(t, e.uid, e.gid, e.home, filepath.Join(e.home, "run"), filepath.Join(e.home, "state"))

	// polkit: the product's action for this binary, and a rule file the
	// phases rewrite.
	e.actions, e.rules = filepath.Join(e.dir, "actions"), filepath.Join(e.dir, "rules")
	for _, d := range []string{e.actions, e.rules} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	sys, _ := filepath.Glob("/usr/share/polkit-1/actions/*")
	for _, f := range sys {
		if b, err := os.ReadFile(f); err == nil {
			_ = os.WriteFile(filepath.Join(e.actions, filepath.Base(f)), b, 0o644)
		}
	}
	policy, err := os.ReadFile("../assets/linux/io.github.wpssyncdoctor.policy.in")
	if err != nil {
		t.Fatal(err)
	}
	policy = bytes.ReplaceAll(policy, []byte("@WPSDOCTOR_TRAY@"), []byte(e.tray))
	policy = bytes.ReplaceAll(policy, []byte("@WPSDOCTOR@"), []byte(w.bin))
	if err := os.WriteFile(filepath.Join(e.actions, "io.github.wpssyncdoctor.policy"), policy, 0o644); err != nil {
		t.Fatal(err)
	}
	if pk, err := user.Lookup("polkitd"); err == nil {
		var pu int
		fmt.Sscan(pk.Uid, &pu)
		_ = os.Chown(e.rules, pu, 0)
		_ = os.Chmod(e.rules, 0o700)
	}

	// The bus holder: the system bus, in the client namespace and a mount
	// namespace of its own; everything else joins it with nsenter.
	if err := os.MkdirAll("/run/dbus", 0o755); err != nil {
		t.Fatal(err)
	}
	e.holder = exec.Command("ip", "netns", "exec", ClientNS, "sh", "-c", hideAndBind, "sh", e.actions, e.rules,
		"dbus-daemon", "--system", "--nofork", "--nopidfile")
	e.holder.Stderr = os.Stderr
	if err := e.holder.Start(); err != nil {
		t.Fatal(err)
	}
	sock := fmt.Sprintf("/proc/%d/root/run/dbus/system_bus_socket", e.holder.Process.Pid)
	waitFor(t, 10*time.Second, "the private system bus", func() bool { _, err := os.Stat(sock); return err == nil })

	// The display, in the same namespaces (X's abstract socket is per
	// network namespace).
	e.display = freeDisplay()
	x := e.root(nil, "Xvfb", e.display, "-ac", "-nolisten", "tcp", "-noreset", "-screen", "0", "1280x800x24")
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	e.stopping = append(e.stopping, func() { _ = x.Process.Kill(); _ = x.Wait() })
	waitFor(t, 10*time.Second, "Xvfb", func() bool {
		return e.root(nil, "xdotool", "getdisplaygeometry").Run() == nil
	})
	// The user's session bus.
	e.sessBus = "unix:path=" + filepath.Join(e.home, "run", "bus")
	bus := e.asUser(nil, "dbus-daemon", "--session", "--nofork", "--nopidfile", "--address="+e.sessBus)
	if err := bus.Start(); err != nil {
		t.Fatal(err)
	}
	e.stopping = append(e.stopping, func() { _ = bus.Process.Kill(); _ = bus.Wait() })
	waitFor(t, 10*time.Second, "the session bus", func() bool {
		_, err := os.Stat(filepath.Join(e.home, "run", "bus"))
		return err == nil
	})
	return e
}

func (e *elevWorld) stop() {
	for i := len(e.stopping) - 1; i >= 0; i-- {
		e.stopping[i]()
	}
	e.stopPolkit()
	if e.holder != nil && e.holder.Process != nil {
		_ = e.holder.Process.Kill()
		_ = e.holder.Wait()
	}
	_ = os.Remove(sudoersFile)
}

// root runs argv as root inside the holder's namespaces.
func (e *elevWorld) root(env []string, argv ...string) *exec.Cmd {
	args := append([]string{"-t", fmt.Sprint(e.holder.Process.Pid), "-m", "-n", "--"}, argv...)
	cmd := exec.Command("nsenter", args...)
	cmd.Env = append([]string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "DISPLAY=" + e.display}, env...)
	return cmd
}

// asUser runs argv as the test user inside the holder's namespaces, with
// exactly env (plus PATH).
func (e *elevWorld) asUser(env []string, argv ...string) *exec.Cmd {
	pre := []string{"setpriv", fmt.Sprintf("--reuid=%d", e.uid), fmt.Sprintf("--regid=%d", e.gid), "--init-groups", "--",
		"env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin"}
	pre = append(pre, env...)
	return e.root(nil, append(pre, argv...)...)
}

// userEnv is the desktop session of the test user.
func (e *elevWorld) userEnv(graphical bool) []string {
	env := []string{
		"HOME=" + e.home,
		"XDG_RUNTIME_DIR=" + filepath.Join(e.home, "run"),
		"XDG_CONFIG_HOME=" + filepath.Join(e.home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(e.home, ".cache"),
		"WSD_STATE_DIR=" + filepath.Join(e.home, "state"),
		"WSD_INSTANCE_DIR=" + filepath.Join(e.home, "run", "wpsdoctor"),
		"SSL_CERT_FILE=" + e.w.caFile,
		"LANG=C.UTF-8",
		"TMPDIR=/tmp",
	}
	if graphical {
		env = append(env, "DISPLAY="+e.display, "DBUS_SESSION_BUS_ADDRESS="+e.sessBus)
	}
	return env
}

// startPolkit (re)starts polkitd with one rule for the test user and the
// product's action: allow (no password asked) or deny.
func (e *elevWorld) startPolkit(t *testing.T, allow bool) {
	t.Helper()
	e.stopPolkit()
	result := "NO"
	if allow {
		result = "YES"
	}
	rule := fmt.Sprintf("polkit.addRule(function(action, subject) {\n"+
		"  if (action.id.indexOf(%q) == 0 && subject.user == %q) { return polkit.Result.%s; }\n});\n", polkitActions, elevUser, result)
	if err := os.WriteFile(filepath.Join(e.rules, "10-wsde.rules"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	e.polkitd = e.root(nil, "/usr/lib/polkit-1/polkitd", "--no-debug")
	e.polkitd.Stdout, e.polkitd.Stderr = &log, &log
	if err := e.polkitd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "polkitd on the private system bus", func() bool {
		out, _ := e.root(nil, "dbus-send", "--system", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
			"org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.PolicyKit1").Output()
		return bytes.Contains(out, []byte("true"))
	})
}

func (e *elevWorld) stopPolkit() {
	if e.polkitd != nil && e.polkitd.Process != nil {
		_ = e.polkitd.Process.Kill()
		_ = e.polkitd.Wait()
		e.polkitd = nil
	}
}

// testVerb runs each real binary's privileged verb (as root, in a mount
// namespace whose /etc/resolv.conf is a scratch file) with an allowed step
// and with a refused one.
func (e *elevWorld) testVerb(t *testing.T) {
	for _, bin := range []string{e.w.bin, e.tray} {
		t.Run(filepath.Base(bin), func(t *testing.T) {
			resolv := filepath.Join(t.TempDir(), "resolv.conf")
			if err := os.WriteFile(resolv, []byte("nameserver 192.0.2.53\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			want := "nameserver 198.51.100.53\n"
			allowed := []fixes.Action{{Kind: fixes.KindWriteFile, Path: "/etc/resolv.conf", Data: []byte(want)}}
			resp, code := runVerb(t, bin, resolv, allowed)
			if code != 0 || resp.ExitStatus != 0 || len(resp.Steps) != 1 || !resp.Steps[0].Done {
				t.Fatalf("allowed step: exit %d, result %+v", code, resp)
			}
			if b, _ := os.ReadFile(resolv); string(b) != want {
				t.Fatalf("allowed step: resolv.conf is %q, want %q", b, want)
			}
			marker := filepath.Join(t.TempDir(), "ran")
			refused := []fixes.Action{{Kind: fixes.KindExec, Argv: []string{"touch", marker}}}
			resp, code = runVerb(t, bin, resolv, refused)
			if code != 2 || resp.ExitStatus != 2 || !strings.Contains(resp.Error, "not allowed") || len(resp.Steps) != 0 {
				t.Fatalf("refused step: exit %d, result %+v; want exit 2, status 2 and \"not allowed\"", code, resp)
			}
			if _, err := os.Stat(marker); !os.IsNotExist(err) {
				t.Fatal("a refused step ran")
			}
		})
	}
}

func runVerb(t *testing.T, bin, resolv string, actions []fixes.Action) (fixes.PrivilegedResponse, int) {
	t.Helper()
	dir, err := os.MkdirTemp("", Prefix+"verb-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	step, result := filepath.Join(dir, "step.json"), filepath.Join(dir, "result.json")
	b, _ := json.Marshal(fixes.PrivilegedRequest{Version: 1, Entry: "e2e", Steps: [][]fixes.Action{actions}})
	if err := os.WriteFile(step, b, 0o600); err != nil {
		t.Fatal(err)
	}
	const bindResolv = `mount --bind "$1" /etc/resolv.conf && shift && exec "$@"`
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", bindResolv, "sh", resolv,
		bin, "privileged", "--step", step, "--result", result)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"} // no DISPLAY: a GUI would fail, not start
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var resp fixes.PrivilegedResponse
	rb, rerr := os.ReadFile(result)
	if rerr != nil || json.Unmarshal(rb, &resp) != nil {
		t.Fatalf("%s privileged: exit %d, no result file (%v); output:\n%s", filepath.Base(bin), code, rerr, out)
	}
	return resp, code
}

// window is one run of the tray window as the test user.
type window struct {
	cmd *exec.Cmd
	out *lockedBuffer
}

func (e *elevWorld) openWindow(t *testing.T, fix string) *window {
	t.Helper()
	out := &lockedBuffer{}
	cmd := e.asUser(e.userEnv(true), e.tray, "--window", "--lang", "en", "--config", e.w.override, "--fix", fix)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	win := &window{cmd: cmd, out: out}
	t.Cleanup(func() { win.close() })
	return win
}

func (w *window) close() {
	if w.cmd.Process != nil && w.cmd.ProcessState == nil {
		_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = w.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
}

// waitLog waits until the window's log has s, failing with the log.
func (w *window) waitLog(t *testing.T, s string, limit time.Duration) {
	t.Helper()
	waitFor(t, limit, fmt.Sprintf("the window to log %q; its log:\n%s", s, w.out), func() bool { return strings.Contains(w.out.String(), s) })
}

// press types a key into the window: the flow gives its next button the
// keyboard focus, so Space is the user's click on it.
func (e *elevWorld) press(t *testing.T, key string) {
	t.Helper()
	out, err := e.root(nil, "xdotool", "search", "--onlyvisible", "--name", "^WPS Sync Doctor$").Output()
	ids := strings.Fields(string(out))
	if err != nil || len(ids) == 0 {
		t.Fatalf("no window to type into: %v", err)
	}
	if out, err := e.root(nil, "xdotool", "windowfocus", "--sync", ids[0], "key", "--clearmodifiers", key).CombinedOutput(); err != nil {
		t.Fatalf("xdotool key: %v: %s", err, out)
	}
}

func (e *elevWorld) testWindowAllowed(t *testing.T) {
	e.startPolkit(t, true)
	before := e.snapshot(t)
	win := e.openWindow(t, health.FixDNSSet)
	win.waitLog(t, "fix dns.set: preview", 60*time.Second)
	if !strings.Contains(win.out.String(), "administrator rights: true") {
		t.Fatalf("the plan does not ask for administrator rights:\n%s", win.out)
	}
	e.press(t, "space") // Apply
	win.waitLog(t, "fix dns.set: ", 90*time.Second)
	waitFor(t, 90*time.Second, "the fix's outcome", func() bool {
		s := win.out.String()
		return strings.Contains(s, "fix dns.set: fixed") || strings.Contains(s, "fix dns.set: denied") ||
			strings.Contains(s, "fix dns.set: rolled_back") || strings.Contains(s, "fix dns.set: not_fixed") ||
			strings.Contains(s, "fix dns.set: cancelled") || strings.Contains(s, "fix dns.set: failed")
	})
	if !strings.Contains(win.out.String(), "fix dns.set: fixed") {
		t.Fatalf("want \"fixed\"; the window's log:\n%s", win.out)
	}
	fixed := e.snapshot(t)
	if fixed == before || !strings.Contains(fixed, PublicResolver) {
		t.Fatalf("resolv.conf after the fix:\n%s\nwant the public resolver %s (before:\n%s)", fixed, PublicResolver, before)
	}
	e.press(t, "space") // Undo, which the result gave the focus
	win.waitLog(t, "fix dns.set: undone", 90*time.Second)
	if after := e.snapshot(t); after != before {
		t.Fatalf("undo did not restore resolv.conf byte for byte:\n--- before\n%s\n--- after undo\n%s", before, after)
	}
	t.Logf("window as %s: pkexec allowed, fixed, undone; resolv.conf restored (%d bytes); the window's log:\n%s",
		elevUser, len(before), win.out)
}

func (e *elevWorld) testWindowDenied(t *testing.T) {
	e.startPolkit(t, false)
	before := e.snapshot(t)
	win := e.openWindow(t, health.FixDNSSet)
	win.waitLog(t, "fix dns.set: preview", 60*time.Second)
	e.press(t, "space")
	win.waitLog(t, "fix dns.set: denied", 90*time.Second)
	if after := e.snapshot(t); after != before {
		t.Fatalf("a denied fix changed resolv.conf:\n--- before\n%s\n--- after\n%s", before, after)
	}
	j := e.journal(t)
	if !strings.Contains(j, `"outcome":"denied"`) {
		t.Fatalf("the journal does not say the fix was denied:\n%s", j)
	}
}

// sudoersFile lets the test user run the helper verb without a password,
// as an administrator would for a helpdesk account.
const sudoersFile = "/etc/sudoers.d/" + Prefix + "user"

func (e *elevWorld) testConsoleSudo(t *testing.T) {
	rule := fmt.Sprintf("%s ALL=(root) NOPASSWD: %s privileged *\n", elevUser, e.w.bin)
	if err := os.WriteFile(sudoersFile, []byte(rule), 0o440); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Remove(sudoersFile) })
	before := e.snapshot(t)
	run := func(args ...string) (int, string) {
		base := []string{e.w.bin, "--lang", "en", "--config", e.w.override}
		cmd := e.asUser(e.userEnv(false), append(base, args...)...)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	code, out := run("fix", health.FixDNSSet, "--yes")
	if code != 0 || !strings.Contains(out, "dns.set") {
		t.Fatalf("fix dns.set --yes as %s through sudo: exit %d (want 0, fixed):\n%s", elevUser, code, out)
	}
	if fixed := e.snapshot(t); fixed == before {
		t.Fatalf("fix dns.set changed nothing:\n%s", out)
	}
	if code, out := run("undo", "--last"); code != 0 {
		t.Fatalf("undo --last through sudo: exit %d:\n%s", code, out)
	}
	if after := e.snapshot(t); after != before {
		t.Fatalf("undo through sudo did not restore resolv.conf:\n--- before\n%s\n--- after\n%s", before, after)
	}
	// Without the sudoers rule sudo -n refuses: nothing changes, exit 2.
	_ = os.Remove(sudoersFile)
	code, out = run("fix", health.FixDNSSet, "--yes")
	if code != 2 || !strings.Contains(out, "nothing was changed") {
		t.Fatalf("without a sudoers rule: exit %d (want 2, \"nothing was changed\"):\n%s", code, out)
	}
	if after := e.snapshot(t); after != before {
		t.Fatal("a refused fix changed resolv.conf")
	}
}

func (e *elevWorld) snapshot(t *testing.T) string {
	t.Helper()
	s, err := e.w.snapshot(health.FixDNSSet)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *elevWorld) journal(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.home, "state", "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// freeDisplay picks an X display number nobody uses.
func freeDisplay() string {
	for n := 71; n < 99; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); os.IsNotExist(err) {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); os.IsNotExist(err) {
				return fmt.Sprintf(":%d", n)
			}
		}
	}
	return ":99"
}

func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// addTestUser creates the system user name (no home, no login shell) for
// this test and removes it at the end; a leftover of a killed run is
// replaced (the sweep removes one too).
func addTestUser(t *testing.T, name string) (uid, gid int) {
	t.Helper()
	_ = exec.Command("userdel", name).Run()
	if out, err := exec.Command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v: %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("userdel", name).Run() })
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Sscan(u.Uid, &uid)
	fmt.Sscan(u.Gid, &gid)
	return uid, gid
}

// mkUserDirs makes each directory 0700, owned by uid:gid.
func mkUserDirs(t *testing.T, uid, gid int, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(d, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
}
