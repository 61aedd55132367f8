package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wpsdoctor/platform/instance"
	"wpsdoctor/product"
	"wpsdoctor/tray"
)

// limit only turns a hang into a failure; it is not a performance assertion.
const limit = 60 * time.Second

// TestMain lets the process tests run this test binary as the program:
// WSD_TEST_MAIN=1 makes it wpsdoctor-tray itself (no second build of the
// cgo-heavy binary), WSD_TEST_FAKE_WINDOW=file makes it a stand-in window
// that records its arguments and stays open until file.quit exists.
func TestMain(m *testing.M) {
	// The verbs (privileged, verify) are answered as the real binary does.
	if code, ok := product.Serve(os.Args[1:], os.Stdout, os.Stderr, "wpsdoctor-tray", version); ok {
		os.Exit(code)
	}
	if os.Getenv("WSD_TEST_MAIN") == "1" {
		printLocaleEnv()
		os.Exit(run(os.Args[1:], os.Stderr))
	}
	if rec := os.Getenv("WSD_TEST_FAKE_WINDOW"); rec != "" {
		f, err := os.OpenFile(rec, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			os.Exit(3)
		}
		fmt.Fprintln(f, strings.Join(os.Args[1:], " "))
		f.Close()
		for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if _, err := os.Stat(rec + ".quit"); err == nil {
				break
			}
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDisplayEndpoints(t *testing.T) {
	x := func(n string) []endpoint {
		return []endpoint{{"unix", "/tmp/.X11-unix/X" + n}, {"unix", "@/tmp/.X11-unix/X" + n}}
	}
	cases := []struct {
		goos, display, wayland, runtime string
		want                            []endpoint
		known                           bool
	}{
		{"linux", ":0", "", "", x("0"), true},
		{"linux", ":97", "", "/run/user/1000", x("97"), true},
		{"linux", ":1.0", "", "", x("1"), true},
		{"linux", "unix:2", "", "", x("2"), true},
		{"freebsd", ":0", "", "", []endpoint{{"unix", "/tmp/.X11-unix/X0"}}, true},
		{"linux", "localhost:10.0", "", "", []endpoint{{"tcp", "localhost:6010"}}, true},
		{"linux", "192.168.1.5:0", "", "", []endpoint{{"tcp", "192.168.1.5:6000"}}, true},
		{"linux", "[::1]:3", "", "", []endpoint{{"tcp", "[::1]:6003"}}, true},
		{"linux", "/private/tmp/com.apple.launchd.AbC/org.xquartz:0", "", "",
			[]endpoint{{"unix", "/private/tmp/com.apple.launchd.AbC/org.xquartz:0"}}, true},
		{"linux", "", "wayland-0", "/run/user/1000", []endpoint{{"unix", "/run/user/1000/wayland-0"}}, true},
		{"linux", "", "/run/wl/sock", "", []endpoint{{"unix", "/run/wl/sock"}}, true},
		{"linux", "", "wayland-0", "", nil, true}, // libwayland needs XDG_RUNTIME_DIR
		{"linux", ":0", "wayland-1", "/run/user/7", append(x("0"), endpoint{"unix", "/run/user/7/wayland-1"}), true},
		// forms the probe does not judge
		{"linux", "host::0", "", "", nil, false},
		{"linux", "tcp/host:0", "", "", nil, false},
		{"linux", ":x", "", "", nil, false},
		{"linux", ":0.x", "", "", nil, false},
		{"linux", "nocolon", "", "", nil, false},
		{"linux", ":-1", "", "", nil, false},
	}
	for _, c := range cases {
		got, known := displayEndpoints(c.goos, c.display, c.wayland, c.runtime)
		if known != c.known || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s DISPLAY=%q WAYLAND_DISPLAY=%q: %v %v, want %v %v", c.goos, c.display, c.wayland, got, known, c.want, c.known)
		}
	}
}

func TestDisplayProblem(t *testing.T) {
	none := func([]endpoint) bool { return false }
	some := func([]endpoint) bool { return true }
	if msg := displayProblem("linux", env(nil), "en", some); !strings.Contains(msg, "DISPLAY and WAYLAND_DISPLAY are unset") {
		t.Errorf("no display: %q", msg)
	}
	if msg := displayProblem("linux", env(map[string]string{"DISPLAY": ":97"}), "en", none); !strings.Contains(msg, "could not be opened (DISPLAY=:97)") {
		t.Errorf("unreachable: %q", msg)
	}
	if msg := displayProblem("linux", env(map[string]string{"DISPLAY": ":97"}), "zh-CN", none); !strings.Contains(msg, "无法打开图形显示（DISPLAY=:97）") {
		t.Errorf("unreachable zh-CN: %q", msg)
	}
	if displayProblem("linux", env(map[string]string{"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": "/r"}), "en", some) != "" ||
		displayProblem("linux", env(map[string]string{"DISPLAY": "host::0"}), "en", none) != "" ||
		displayProblem("windows", env(nil), "en", none) != "" || displayProblem("darwin", env(nil), "en", none) != "" {
		t.Error("a reachable display, an unknown form, Windows and macOS must pass")
	}
}

func TestReachable(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "X5")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(t.TempDir(), "none")
	if !reachable([]endpoint{{"unix", gone}, {"unix", sock}}, time.Second) {
		t.Error("a listening socket was not reached")
	}
	ln.Close()
	if reachable([]endpoint{{"unix", gone}, {"unix", sock}}, time.Second) || reachable(nil, time.Second) {
		t.Error("closed sockets reached")
	}
}

func TestToolkitPanic(t *testing.T) {
	glfw := "goroutine 1 [running, locked to thread]:\ngithub.com/go-gl/glfw/v3.3/glfw.acceptError({0x0, 0x0})\n"
	driver := "fyne.io/fyne/v2/internal/driver/glfw.(*gLDriver).initGLFW(0x0?)\n"
	ours := "goroutine 1 [running]:\nwpsdoctor/app.(*Window).rebuild(0x0)\nfyne.io/fyne/v2/widget.NewLabel(...)\n"
	if !toolkitPanic([]byte(glfw)) || !toolkitPanic([]byte(driver)) || toolkitPanic([]byte(ours)) {
		t.Error("toolkitPanic misjudged a stack")
	}
}

func TestFlags(t *testing.T) {
	var buf bytes.Buffer
	if code := run([]string{"--version"}, &buf); code != 0 || !strings.Contains(buf.String(), "wpsdoctor-tray") {
		t.Fatalf("--version: %d %q", code, buf.String())
	}
	buf.Reset()
	if code := run([]string{"--no-such-flag"}, &buf); code != 2 {
		t.Fatalf("bad flag exit %d", code)
	}
}

// user is an isolated user: home, state and instance directories, and an
// environment without the developer's session (no bus, no real HOME).
type user struct{ home, instances string }

func newUser(t *testing.T) user {
	t.Helper()
	d := t.TempDir()
	u := user{home: filepath.Join(d, "home"), instances: filepath.Join(d, "inst")}
	if err := os.MkdirAll(u.home, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv(instance.EnvDir, u.instances) // for the copies this test process holds
	return u
}

func (u user) env(extra ...string) []string {
	return append([]string{
		"WSD_TEST_MAIN=1",
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + u.home,
		"XDG_CONFIG_HOME=" + filepath.Join(u.home, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(u.home, "cache"),
		"WSD_STATE_DIR=" + filepath.Join(u.home, "state"),
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(u.home, "no-bus"),
		instance.EnvDir + "=" + u.instances,
	}, extra...)
}

// launch runs this test binary as wpsdoctor-tray and returns its exit code
// and stderr.
func launch(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%v did not exit; stderr:\n%s", args, stderr.String())
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// recorder is a stand-in running copy that keeps the requests it gets.
type recorder struct {
	mu   sync.Mutex
	reqs []instance.Request
}

func (r *recorder) handle(req instance.Request) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
	return nil
}

func (r *recorder) got() []instance.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]instance.Request(nil), r.reqs...)
}

func testLogger(t *testing.T) *log.Logger {
	return log.New(testWriter{t}, "first: ", 0)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// TestSecondTrayOpensTheWindowOfTheFirst: with a tray running (its real
// claim and request handler, in this process, over a launcher whose window
// is a stand-in), a second launch exits 0 at once with one line on stderr
// and the first opens its window; a launch while that window is open is
// passed on to the window.
func TestSecondTrayOpensTheWindowOfTheFirst(t *testing.T) {
	u := newUser(t)
	rec := filepath.Join(t.TempDir(), "window-args")
	launcher := &tray.Launcher{Exe: os.Args[0], Args: []string{"--config", "x.toml"}, Env: []string{"WSD_TEST_FAKE_WINDOW=" + rec}}
	t.Cleanup(func() { os.WriteFile(rec+".quit", nil, 0o600) }) // also when the test fails early
	release, _, done := claim("", partTray, openRequest(""), trayRequests(launcher, make(chan struct{}, 1), testLogger(t)), testLogger(t))
	if done {
		t.Fatal("the first tray did not become the running copy")
	}
	defer release()
	win := &recorder{}
	winRelease, _, done := claim("", partWindow, openRequest(""), win.handle, testLogger(t))
	if done {
		t.Fatal("the stand-in window did not become the running copy")
	}
	defer winRelease()

	code, stderr := launch(t, u.env())
	if code != 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "the tray is already running: asked it to open its window") {
		t.Fatalf("second tray: exit %d, stderr:\n%s", code, stderr)
	}
	if launcher.Done() == nil {
		t.Fatal("the first tray did not open its window")
	}
	eventually(t, "the window's arguments", func() bool { b, _ := os.ReadFile(rec); return len(b) > 0 })
	if b, _ := os.ReadFile(rec); strings.TrimSpace(string(b)) != "--window --config x.toml" {
		t.Fatalf("window started with %q", b)
	}

	// the window is open: a third launch (asking for a fix) reaches it
	code, stderr = launch(t, u.env(), "--fix", "dns.set")
	if code != 0 {
		t.Fatalf("third tray: exit %d, stderr:\n%s", code, stderr)
	}
	if got := win.got(); len(got) != 1 || got[0] != (instance.Request{Verb: instance.VerbOpen, Fix: "dns.set"}) {
		t.Fatalf("the open window received %+v", got)
	}
	if err := os.WriteFile(rec+".quit", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	select {
	case <-launcher.Done():
	case <-time.After(limit):
		t.Fatal("the stand-in window did not exit")
	}
	if b, _ := os.ReadFile(rec); strings.Count(string(b), "--window") != 1 {
		t.Fatalf("a second window was started: %q", b)
	}
}

// TestSecondWindow: a second --window while one is open exits 0 and hands
// over its fix; an unknown fix ID is not passed on.
func TestSecondWindow(t *testing.T) {
	u := newUser(t)
	win := &recorder{}
	release, _, done := claim("", partWindow, openRequest(""), win.handle, testLogger(t))
	if done {
		t.Fatal("not the running copy")
	}
	defer release()
	code, stderr := launch(t, u.env("DISPLAY=:97"), "--window", "--fix", "clock.sync")
	if code != 0 || !strings.Contains(stderr, "the window is already open") {
		t.Fatalf("second window: exit %d, stderr:\n%s", code, stderr)
	}
	code, _ = launch(t, u.env("DISPLAY=:97"), "--window", "--fix", "rm.rf")
	want := []instance.Request{{Verb: instance.VerbOpen, Fix: "clock.sync"}, {Verb: instance.VerbOpen}}
	if code != 0 || fmt.Sprint(win.got()) != fmt.Sprint(want) {
		t.Fatalf("exit %d, window received %+v, want %+v", code, win.got(), want)
	}
	if err := raiseWindow(nil, testLogger(t))(instance.Request{Verb: instance.VerbOpen, Fix: "rm.rf"}); err == nil {
		t.Error("the window handler accepted an unknown fix")
	}
	// the tray's "Save support bundle…" while the window is open: --bundle reaches it
	code, _ = launch(t, u.env("DISPLAY=:97"), "--window", "--bundle")
	want = append(want, instance.Request{Verb: instance.VerbBundle})
	if code != 0 || fmt.Sprint(win.got()) != fmt.Sprint(want) {
		t.Fatalf("--bundle: exit %d, window received %+v, want %+v", code, win.got(), want)
	}
	// the tray's "What is wrong?…" while the window is open: --guide reaches it
	code, _ = launch(t, u.env("DISPLAY=:97"), "--window", "--guide")
	want = append(want, instance.Request{Verb: instance.VerbGuide})
	if code != 0 || fmt.Sprint(win.got()) != fmt.Sprint(want) {
		t.Fatalf("--guide: exit %d, window received %+v, want %+v", code, win.got(), want)
	}
	if err := raiseWindow(nil, testLogger(t))(instance.Request{Verb: instance.VerbReport}); err == nil {
		t.Error("the window handler accepted a report request")
	}
}

// TestWindowRequestAndArgs: each way to open the window is one request
// and back the same arguments, so the tray's menu item and a second launch
// agree.
func TestWindowRequestAndArgs(t *testing.T) {
	tests := []struct {
		name string
		o    options
		req  instance.Request
		args []string
	}{
		{"open", options{}, instance.Request{Verb: instance.VerbOpen}, nil},
		{"fix", options{fix: "dns.set"}, instance.Request{Verb: instance.VerbOpen, Fix: "dns.set"}, []string{"--fix", "dns.set"}},
		{"unknown fix", options{fix: "rm.rf"}, instance.Request{Verb: instance.VerbOpen}, nil},
		{"bundle", options{bundle: true}, instance.Request{Verb: instance.VerbBundle}, []string{"--bundle"}},
		{"guide", options{guide: true}, instance.Request{Verb: instance.VerbGuide}, []string{"--guide"}},
		{"fix wins over guide", options{guide: true, fix: "dns.set"}, instance.Request{Verb: instance.VerbOpen, Fix: "dns.set"}, []string{"--fix", "dns.set"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := windowRequest(tc.o)
			if r != tc.req {
				t.Errorf("request: got %+v, want %+v", r, tc.req)
			}
			if got := windowArgs(r); fmt.Sprint(got) != fmt.Sprint(tc.args) {
				t.Errorf("args: got %q, want %q", got, tc.args)
			}
		})
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// noPanic fails on a Go stack trace in a process's stderr.
func noPanic(t *testing.T, stderr string) {
	t.Helper()
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("stack trace in stderr:\n%s", stderr)
	}
}

// TestWindowWithoutDisplayServer: DISPLAY names a display nobody serves;
// the window says so in the user's language and exits 2, no stack trace.
func TestWindowWithoutDisplayServer(t *testing.T) {
	if eps, _ := displayEndpoints("linux", ":97", "", ""); reachable(eps, time.Second) {
		t.Skip("something serves display :97 on this machine")
	}
	u := newUser(t)
	runtimeDir := t.TempDir()
	for lang, want := range map[string]string{
		"en_US.UTF-8": "The graphical display could not be opened (DISPLAY=:97)",
		"zh_CN.UTF-8": "无法打开图形显示（DISPLAY=:97）",
	} {
		code, stderr := launch(t, u.env("DISPLAY=:97", "XDG_RUNTIME_DIR="+runtimeDir, "LANG="+lang), "--window")
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr:\n%s", lang, code, stderr)
		}
		noPanic(t, stderr)
	}
}

// TestWindowToolkitFailureIsWorded: a "display" that accepts connections
// but is no X server passes the probe; GLFW then panics inside Fyne, and
// the recover turns that into the message and exit 2.
func TestWindowToolkitFailureIsWorded(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	if port <= 6000 {
		t.Skipf("port %d is below X's 6000+N range", port)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close() // hang up on the X handshake
		}
	}()
	u := newUser(t)
	display := "127.0.0.1:" + strconv.Itoa(port-6000)
	code, stderr := launch(t, u.env("DISPLAY="+display, "LANG=en_US.UTF-8"), "--window")
	if code != 2 || !strings.Contains(stderr, "the window toolkit failed: ") ||
		!strings.Contains(stderr, "The graphical display could not be opened (DISPLAY="+display+")") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
		t.Fatalf("stack trace in stderr:\n%s", stderr)
	}
}

func TestKeepLogWritesStderrAndFile(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	logger := log.New(&stderr, "wpsdoctor-tray: ", 0)
	closeLog := keepLog(logger, &stderr, filepath.Join(dir, "new-state"))
	if closeLog == nil {
		t.Fatalf("got no log file in %s, want one", dir)
	}
	logger.Print("hello")
	closeLog()
	logger.Print("after close")
	data, err := os.ReadFile(filepath.Join(dir, "new-state", LogName))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), "wpsdoctor-tray: hello\n"; got != want {
		t.Errorf("log file: got %q, want %q", got, want)
	}
	if got, want := stderr.String(), "wpsdoctor-tray: hello\nwpsdoctor-tray: after close\n"; got != want {
		t.Errorf("stderr: got %q, want %q", got, want)
	}
	var none bytes.Buffer
	blocker := filepath.Join(dir, "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if keepLog(log.New(&none, "", 0), &none, filepath.Join(blocker, "state")) != nil || !strings.Contains(none.String(), "no log file") {
		t.Errorf("unusable state dir: got %q, want a nil closer and \"no log file\"", none.String())
	}
}
