//go:build gui

package tray_test

// The GUI harness runs the real wpsdoctor-tray binary under Xvfb (the
// Makefile's test-gui wraps `go test -tags gui` in xvfb-run) with a private
// dbus-daemon and a StatusNotifierWatcher written in Go, in a temporary
// HOME, against a catalogue whose endpoints, resolvers and NTP servers are
// closed ports on 127.0.0.1, so every check is fast and offline.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the tray once per test run, with the Makefile's flags
// (-ldflags '-X main.version=...'), so the Fyne cgo cache is shared.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wsd-gui-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "wpsdoctor-tray")
		args := []string{"build", "-ldflags", "-X main.version=gui-test", "-o", binPath}
		if os.Getenv("WSD_GUI_RACE") == "1" {
			// make test-gui: the race build (already in the cache from
			// the unit stage); benchmarks keep the plain build.
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, "wpsdoctor/cmd/wpsdoctor-tray")...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// closedPort returns a loopback port nobody listens on.
func closedPort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return p
}

// home is one isolated user: HOME, XDG dirs, state dir, catalogue.
type home struct {
	dir, state, catalogue string
}

// instances is where the copies' locks and sockets live.
func (h *home) instances() string { return filepath.Join(h.dir, "instance") }

func newHome(t testing.TB) *home {
	t.Helper()
	d := t.TempDir()
	h := &home{dir: d, state: filepath.Join(d, "state", "wpsdoctor"), catalogue: filepath.Join(d, "endpoints.toml")}
	p1, p2, p3 := closedPort(t), closedPort(t), closedPort(t)
	fam := func(name string) string {
		return fmt.Sprintf(`
[families.%[1]s]
name = "GUI test %[1]s"
domains = ["wps.test"]
resolvers = ["127.0.0.1:%[2]d"]
ntp = ["127.0.0.1:%[3]d"]
download_url = "https://www.wps.test/download"

  [[families.%[1]s.endpoints]]
  host = "127.0.0.1"
  role = "login"
  ports = [%[4]d]
`, name, p1, p2, p3)
	}
	cfg := fam("mainland") + fam("international") + "\n[thresholds]\nprobe_timeout_ms = 500\nnetwork_deadline_ms = 2000\n"
	if err := os.WriteFile(h.catalogue, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return h
}

// env is the child environment: only what the app needs, nothing of the
// developer's session (no real bus, no real HOME).
func (h *home) env(busAddr, lang string) []string {
	e := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + h.dir,
		"XDG_CONFIG_HOME=" + filepath.Join(h.dir, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(h.dir, "cache"),
		"XDG_STATE_HOME=" + filepath.Join(h.dir, "state"),
		"XDG_DATA_HOME=" + filepath.Join(h.dir, "data"),
		"WSD_STATE_DIR=" + h.state,
		"WSD_INSTANCE_DIR=" + h.instances(),
		"LANG=" + lang,
		"DISPLAY=" + os.Getenv("DISPLAY"),
	}
	if xa := os.Getenv("XAUTHORITY"); xa != "" {
		e = append(e, "XAUTHORITY="+xa)
	}
	if busAddr != "" {
		e = append(e, "DBUS_SESSION_BUS_ADDRESS="+busAddr)
	}
	return e
}

// proc is a started binary with its combined output collected.
type proc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
	err  error
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *proc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func start(t testing.TB, env []string, args ...string) *proc {
	t.Helper()
	return startExe(t, env, binary(t), args...)
}

// startExe is start with any program (the bench's reference window, or
// ip netns exec in front of the tray).
func startExe(t testing.TB, env []string, exe string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(exe, args...), done: make(chan struct{})}
	t.Cleanup(func() {
		if strings.Contains(p.log(), "using the built-in catalogue") {
			t.Errorf("the test catalogue was rejected; the app would have used real endpoints:\n%s", p.log())
		}
		if strings.Contains(p.log(), "WARNING: DATA RACE") {
			t.Errorf("the race detector reported a data race in %v:\n%s", args, p.log())
		}
	})
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p, p
	// Its own process group, so cleanup also ends the window process the
	// tray started; and a bound on waiting for the output pipe, which that
	// child inherits, so a failed test cannot hang in cleanup.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.cmd.WaitDelay = 5 * time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
			<-p.done
		}
	})
	return p
}

// wait waits for exit (bounded, to fail rather than hang) and returns the code.
func (p *proc) wait(t testing.TB, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		t.Fatalf("process did not exit within %v; output:\n%s", limit, p.log())
	}
	if p.cmd.ProcessState == nil {
		return -1
	}
	return p.cmd.ProcessState.ExitCode()
}

// waitLog waits until the output contains s.
func (p *proc) waitLog(t testing.TB, s string, limit time.Duration) {
	t.Helper()
	eventually(t, limit, "log line "+strconv.Quote(s), func() bool { return strings.Contains(p.log(), s) })
	_ = p
}

// eventually polls cond until it holds; the limit only turns a hang into a
// failure, it is not a performance assertion.
func eventually(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	eventuallyEvery(t, limit, 50*time.Millisecond, what, cond)
}

func eventuallyEvery(t testing.TB, limit, every time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(every)
	}
}

// startBus runs a private session bus and returns its address.
func startBus(t testing.TB) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "bus")
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1", "--address=unix:path="+sock)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon address: %v", err)
	}
	return strings.TrimSpace(line)
}

// watcher is a minimal org.kde.StatusNotifierWatcher.
type watcher struct {
	conn *dbus.Conn
	reg  chan string
}

func (w *watcher) RegisterStatusNotifierItem(sender dbus.Sender, path string) *dbus.Error {
	w.reg <- string(sender)
	return nil
}

func startWatcher(t testing.TB, addr string) *watcher {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	w := &watcher{conn: conn, reg: make(chan string, 8)}
	if err := conn.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if r, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("watcher name: %v %v", r, err)
	}
	return w
}

func (w *watcher) registered(t testing.TB, limit time.Duration) string {
	t.Helper()
	select {
	case s := <-w.reg:
		return s
	case <-time.After(limit):
		t.Fatal("the tray item never registered with the watcher")
	}
	return ""
}

// item is the tray's StatusNotifierItem seen over D-Bus.
type item struct {
	conn   *dbus.Conn
	sender string
}

func (it item) prop(t testing.TB, name string) dbus.Variant {
	t.Helper()
	v, err := it.conn.Object(it.sender, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem." + name)
	if err != nil {
		t.Fatalf("property %s: %v", name, err)
	}
	return v
}

func (it item) tooltip(t testing.TB) string {
	t.Helper()
	var tip struct {
		Name  string
		Icons []struct {
			W, H int32
			Pix  []byte
		}
		Title, Desc string
	}
	if err := dbus.Store([]interface{}{it.prop(t, "ToolTip").Value()}, &tip); err != nil {
		t.Fatalf("tooltip: %v", err)
	}
	return tip.Title
}

func (it item) iconPixels(t testing.TB) (int, int, []byte) {
	t.Helper()
	var px []struct {
		W, H int32
		Pix  []byte
	}
	if err := dbus.Store([]interface{}{it.prop(t, "IconPixmap").Value()}, &px); err != nil || len(px) == 0 {
		t.Fatalf("icon pixmap: %v (%d)", err, len(px))
	}
	return int(px[0].W), int(px[0].H), px[0].Pix
}

// menuEntry is one dbusmenu item.
type menuEntry struct {
	ID      int32
	Label   string
	Visible bool
	Enabled bool
}

func (it item) menu(t testing.TB) (dbus.BusObject, []menuEntry) {
	t.Helper()
	mp, ok := it.prop(t, "Menu").Value().(dbus.ObjectPath)
	if !ok {
		t.Fatal("Menu property is not an object path")
	}
	m := it.conn.Object(it.sender, mp)
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	if err := m.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root); err != nil {
		t.Fatalf("GetLayout: %v", err)
	}
	var out []menuEntry
	var walk func(children []dbus.Variant)
	walk = func(children []dbus.Variant) {
		for _, c := range children {
			var n struct {
				ID       int32
				Props    map[string]dbus.Variant
				Children []dbus.Variant
			}
			if err := dbus.Store([]interface{}{c.Value()}, &n); err != nil {
				t.Fatalf("menu node: %v", err)
			}
			e := menuEntry{ID: n.ID, Visible: true, Enabled: true}
			if v, ok := n.Props["label"]; ok {
				e.Label, _ = v.Value().(string)
			}
			if v, ok := n.Props["visible"]; ok {
				e.Visible, _ = v.Value().(bool)
			}
			if v, ok := n.Props["enabled"]; ok {
				e.Enabled, _ = v.Value().(bool)
			}
			out = append(out, e)
			walk(n.Children)
		}
	}
	walk(root.Children)
	return m, out
}

func find(entries []menuEntry, label string) (menuEntry, bool) {
	for _, e := range entries {
		if e.Label == label {
			return e, true
		}
	}
	return menuEntry{}, false
}

// click sends a dbusmenu "clicked" event to the item labelled label.
func (it item) click(t testing.TB, label string) {
	t.Helper()
	m, entries := it.menu(t)
	e, ok := find(entries, label)
	if !ok {
		t.Fatalf("no menu item %q in %+v", label, entries)
	}
	if call := m.Call("com.canonical.dbusmenu.Event", 0, e.ID, "clicked", dbus.MakeVariant(int32(0)), uint32(0)); call.Err != nil {
		t.Fatalf("click %q: %v", label, call.Err)
	}
}

// clickToQuit clicks an item that ends the tray. The process may leave the
// bus before the Event call's reply is sent (the race build is slow enough
// to make that common): that NoReply error is the click taking effect, and
// the caller asserts the exit itself.
func (it item) clickToQuit(t testing.TB, label string) {
	t.Helper()
	m, entries := it.menu(t)
	e, ok := find(entries, label)
	if !ok {
		t.Fatalf("no menu item %q in %+v", label, entries)
	}
	call := m.Call("com.canonical.dbusmenu.Event", 0, e.ID, "clicked", dbus.MakeVariant(int32(0)), uint32(0))
	var derr dbus.Error
	if call.Err != nil && !(errors.As(call.Err, &derr) && derr.Name == "org.freedesktop.DBus.Error.NoReply") {
		t.Fatalf("click %q: %v", label, call.Err)
	}
}

// argb converts a PNG the way fyne.io/systray does for IconPixmap.
func argb(t testing.TB, pngData []byte) (int, int, []byte) {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	data := make([]byte, 0, w*h*4)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			data = append(data, byte(a), byte(r), byte(g), byte(b))
		}
	}
	return w, h, data
}

// windowPID waits for a top-level window whose title matches re and returns
// its process ID (GLFW sets _NET_WM_PID).
func windowPID(t testing.TB, re string, limit time.Duration, owner *proc) int {
	t.Helper()
	defer func() {
		if t.Failed() && owner != nil {
			t.Logf("output of the process that should show the window:\n%s", owner.log())
		}
	}()
	t.Helper()
	// poll every 20 ms rather than `xdotool search --sync`, which sleeps
	// 500 ms between tries and would quantise the cold-open benchmark
	var out []byte
	eventuallyEvery(t, limit, 20*time.Millisecond, "window "+re, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var err error
		out, err = exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", re, "getwindowpid").Output()
		return err == nil && len(bytes.TrimSpace(out)) > 0
	})
	f := strings.Fields(string(out))
	if len(f) == 0 {
		t.Fatalf("no pid for window %q", re)
	}
	pid, err := strconv.Atoi(f[len(f)-1])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// screenshot saves the X root window into $ARTEFACTS (if set).
func screenshot(t testing.TB, name string) {
	t.Helper()
	dir := os.Getenv("ARTEFACTS")
	if dir == "" {
		t.Logf("ARTEFACTS unset: screenshot %s not saved", name)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if out, err := exec.Command("import", "-window", "root", p).CombinedOutput(); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	t.Logf("screenshot %s", p)
}

func needDisplay(t testing.TB) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no DISPLAY: run under xvfb-run (make test-gui)")
	}
	// park the pointer in the corner, away from the windows under test
	exec.Command("xdotool", "mousemove", "1279", "799").Run()
	for _, tool := range []string{"dbus-daemon", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s missing (make deps)", tool)
		}
	}
	if out, err := exec.Command("fc-list", ":lang=zh").Output(); err == nil && len(bytes.TrimSpace(out)) == 0 {
		t.Log("no CJK font installed (fonts-wqy-microhei): zh-CN screenshots will show boxes")
	}
}
