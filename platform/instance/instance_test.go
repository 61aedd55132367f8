package instance

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a handler that keeps what it was asked.
type recorder struct {
	mu   sync.Mutex
	reqs []Request
	deny string // refuse fix IDs equal to this
}

func (r *recorder) handle(req Request) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if req.Fix != "" && req.Fix == r.deny {
		return errors.New("no such fix: " + req.Fix)
	}
	r.reqs = append(r.reqs, req)
	return nil
}

func (r *recorder) got() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

func opts(dir string, h func(Request) error) Options {
	return Options{Dir: dir, Name: "tray", Handle: h, Wait: 10 * time.Second}
}

func acquire(t *testing.T, o Options) *Instance {
	t.Helper()
	in, err := Acquire(o, Request{Verb: VerbOpen})
	if err != nil {
		t.Fatalf("first copy: %v", err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

func TestSecondCopyHandsItsRequestToTheFirst(t *testing.T) {
	dir := t.TempDir()
	rec := &recorder{}
	first := acquire(t, opts(dir, rec.handle))
	if first.TookOver {
		t.Error("a free lock is not a takeover")
	}
	second, err := Acquire(opts(dir, nil), Request{Verb: VerbOpen, Fix: "dns.set"})
	if !errors.Is(err, ErrRunning) || second != nil {
		t.Fatalf("second copy: %v %v, want ErrRunning", second, err)
	}
	if got := rec.got(); len(got) != 1 || got[0] != (Request{Verb: VerbOpen, Fix: "dns.set"}) {
		t.Fatalf("first copy received %+v", got)
	}
	if err := Send(opts(dir, nil), Request{Verb: VerbOpen}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := rec.got(); len(got) != 2 || got[1] != (Request{Verb: VerbOpen}) {
		t.Fatalf("after Send: %+v", got)
	}
	if err := Send(opts(dir, nil), Request{Verb: VerbReport}); err != nil {
		t.Fatalf("Send(report): %v", err)
	}
	if got := rec.got(); len(got) != 3 || got[2] != (Request{Verb: VerbReport}) {
		t.Fatalf("after Send(report): got %+v, want the report request last", got)
	}
	pid, _ := os.ReadFile(filepath.Join(dir, "tray.lock"))
	if strings.TrimSpace(string(pid)) != strconv.Itoa(os.Getpid()) {
		t.Errorf("lock file holds %q, want this pid", pid)
	}
	// another name is another copy
	other, err := Acquire(Options{Dir: dir, Name: "window"}, Request{Verb: VerbOpen})
	if err != nil {
		t.Fatalf("window beside tray: %v", err)
	}
	other.Close()
}

func TestRefusalReachesTheSecondCopy(t *testing.T) {
	dir := t.TempDir()
	rec := &recorder{deny: "no.such"}
	acquire(t, opts(dir, rec.handle))
	_, err := Acquire(opts(dir, nil), Request{Verb: VerbOpen, Fix: "no.such"})
	var refused *RefusedError
	if !errors.As(err, &refused) || !strings.Contains(refused.Reason, "no such fix") || !errors.Is(err, ErrRunning) {
		t.Fatalf("got %v, want a refusal naming the fix", err)
	}
	if len(rec.got()) != 0 {
		t.Fatal("a refused request was recorded")
	}
}

// raw sends bytes as they are and returns the reply line.
func raw(t *testing.T, dir, payload string) string {
	t.Helper()
	c, err := net.Dial("unix", filepath.Join(dir, "tray.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second)) // hang protection only
	io.WriteString(c, payload)
	if !strings.HasSuffix(payload, "\n") {
		c.(*net.UnixConn).CloseWrite()
	}
	reply, _ := bufio.NewReader(c).ReadString('\n')
	return reply
}

func TestBadRequestsAreRefused(t *testing.T) {
	dir := t.TempDir()
	rec := &recorder{}
	acquire(t, opts(dir, rec.handle))
	for _, p := range []string{
		"exec rm -rf /\n",
		"OPEN\n",
		"open ../../etc/passwd\n",
		"open dns.set; reboot\n",
		"open dns.set extra\n",
		"open  dns.set\n",
		"open \n",
		"open DNS.SET\n",
		"open dns\n",
		"open dns.set\x00\n",
		"open " + strings.Repeat("a.", 200) + "b\n",
		"open", // no newline, then EOF
		"\n",
		"report dns.set\n", // report takes no argument
		"bundle dns.set\n", // nor does bundle
		"BUNDLE\n",
		"report \n",
		"REPORT\n",
	} {
		if got := raw(t, dir, p); !strings.HasPrefix(got, "refused: ") {
			t.Errorf("%q: reply %q, want a refusal", p, got)
		}
	}
	if got := rec.got(); len(got) != 0 {
		t.Fatalf("handler saw bad requests: %+v", got)
	}
	if got := raw(t, dir, "open wps.cache.clear\n"); got != "ok\n" {
		t.Fatalf("good request: %q", got)
	}
	// the client side refuses to send them in the first place
	for _, r := range []Request{{Verb: "quit"}, {Verb: VerbOpen, Fix: "a b"}, {Verb: VerbOpen, Fix: "x\ny"}, {Verb: VerbReport, Fix: "dns.set"}, {Verb: VerbBundle, Fix: "dns.set"}, {Verb: VerbGuide, Fix: "dns.set"}} {
		if err := Send(opts(dir, nil), r); err == nil || errors.Is(err, ErrRunning) {
			t.Errorf("Send(%+v) = %v, want a local validation error", r, err)
		}
	}
}

func TestParse(t *testing.T) {
	for line, want := range map[string]Request{
		"open\n":                 {Verb: VerbOpen},
		"open dns.set\n":         {Verb: VerbOpen, Fix: "dns.set"},
		"open wps.cache.clear\n": {Verb: VerbOpen, Fix: "wps.cache.clear"},
		"open firewall.allow\n":  {Verb: VerbOpen, Fix: "firewall.allow"},
		"report\n":               {Verb: VerbReport},
		"bundle\n":               {Verb: VerbBundle},
		"guide\n":                {Verb: VerbGuide},
	} {
		got, err := parse(line)
		if err != nil || got != want {
			t.Errorf("parse(%q) = %+v, %v", line, got, err)
		}
		if got.line() != line {
			t.Errorf("line() of %+v = %q", got, got.line())
		}
	}
}

// TestDeadHolderIsReplaced: a copy that died leaves its lock file (released
// by the kernel) and its socket file; the next copy becomes the holder.
func TestDeadHolderIsReplaced(t *testing.T) {
	dir := t.TempDir()
	o := opts(dir, nil)
	first, err := Acquire(o, Request{Verb: VerbOpen})
	if err != nil {
		t.Fatal(err)
	}
	first.ln.SetUnlinkOnClose(false) // as after a crash: the socket file stays
	first.ln.Close()
	<-first.done
	first.lock.Close()
	if _, err := os.Stat(filepath.Join(dir, "tray.sock")); err != nil {
		t.Fatalf("the simulated crash should leave the socket file: %v", err)
	}

	rec := &recorder{}
	second, err := Acquire(opts(dir, rec.handle), Request{Verb: VerbOpen})
	if err != nil {
		t.Fatalf("after the holder died: %v", err)
	}
	defer second.Close()
	if second.TookOver {
		t.Error("a released lock must be taken normally, not as a takeover")
	}
	if err := Send(o, Request{Verb: VerbOpen}); err != nil || len(rec.got()) != 1 {
		t.Fatalf("the new holder is not reachable: %v %+v", err, rec.got())
	}
}

func TestGarbageLockFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tray.lock"), []byte("\x00\xffnot a pid at all\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tray.sock"), []byte("not a socket"), 0o600); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	in := acquire(t, opts(dir, rec.handle))
	if in.TookOver {
		t.Error("an unlocked file is not a takeover")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "tray.lock"))
	if string(b) != strconv.Itoa(os.Getpid())+"\n" {
		t.Errorf("lock file = %q, want this pid", b)
	}
	if err := Send(opts(dir, nil), Request{Verb: VerbOpen}); err != nil || len(rec.got()) != 1 {
		t.Fatalf("not reachable: %v %+v", err, rec.got())
	}
}

// holdLock locks name's lock file the way a copy would, without serving.
func holdLock(t *testing.T, dir string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, "tray.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := lockFile(f); err != nil {
		t.Fatal(err)
	}
}

// TestUnresponsiveHolderIsTakenOver: the lock is held but nothing answers
// (a hung copy, or its socket file was deleted): the new copy serves.
func TestUnresponsiveHolderIsTakenOver(t *testing.T) {
	dir := t.TempDir()
	holdLock(t, dir)
	rec := &recorder{}
	o := opts(dir, rec.handle)
	o.Wait = 100 * time.Millisecond
	in, err := Acquire(o, Request{Verb: VerbOpen})
	if err != nil {
		t.Fatalf("takeover: %v", err)
	}
	defer in.Close()
	if !in.TookOver {
		t.Error("TookOver not set")
	}
	// a third copy still finds the lock held, and reaches the new server
	if _, err := Acquire(opts(dir, nil), Request{Verb: VerbOpen, Fix: "clock.sync"}); !errors.Is(err, ErrRunning) {
		t.Fatalf("third copy: %v", err)
	}
	if got := rec.got(); len(got) != 1 || got[0].Fix != "clock.sync" {
		t.Fatalf("got %+v", got)
	}
}

// TestHolderStillStarting: a copy that holds the lock but listens only a
// moment later is waited for, not taken over.
func TestHolderStillStarting(t *testing.T) {
	dir := t.TempDir()
	holdLock(t, dir)
	res := make(chan error, 1)
	go func() {
		_, err := Acquire(opts(dir, nil), Request{Verb: VerbOpen})
		res <- err
	}()
	rec := &recorder{}
	in, err := serve(filepath.Join(dir, "tray.sock"), rec.handle) // the holder's listen
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := <-res; !errors.Is(err, ErrRunning) {
		t.Fatalf("second copy: %v, want ErrRunning", err)
	}
	if len(rec.got()) != 1 {
		t.Fatalf("holder got %+v", rec.got())
	}
}

func TestCloseReleases(t *testing.T) {
	dir := t.TempDir()
	in, err := Acquire(opts(dir, nil), Request{Verb: VerbOpen})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Close(); err != nil {
		t.Fatal(err)
	}
	in.Close() // twice is harmless
	if _, err := os.Stat(filepath.Join(dir, "tray.sock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file left after Close: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tray.lock")); err != nil {
		t.Errorf("lock file must stay: %v", err)
	}
	again, err := Acquire(opts(dir, nil), Request{Verb: VerbOpen})
	if err != nil || again.TookOver {
		t.Fatalf("after Close: %v", err)
	}
	again.Close()
}

// TestConcurrentStarts: many copies start at once; exactly one runs and
// every other one's request reaches it.
func TestConcurrentStarts(t *testing.T) {
	dir := t.TempDir()
	rec := &recorder{}
	const n = 12
	var wg sync.WaitGroup
	var mu sync.Mutex
	var holders []*Instance
	var others int
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in, err := Acquire(opts(dir, rec.handle), Request{Verb: VerbOpen, Fix: "dns.flush"})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				holders = append(holders, in)
			case errors.Is(err, ErrRunning):
				others++
			default:
				t.Errorf("copy %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	for _, h := range holders {
		defer h.Close()
	}
	if len(holders) != 1 || others != n-1 {
		t.Fatalf("%d holders, %d handed over; want 1 and %d", len(holders), others, n-1)
	}
	if holders[0].TookOver {
		t.Error("no copy should have taken over")
	}
	if got := len(rec.got()); got != n-1 {
		t.Fatalf("holder received %d requests, want %d", got, n-1)
	}
	// and concurrent requests to the running copy
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := Send(opts(dir, nil), Request{Verb: VerbOpen}); err != nil {
				t.Errorf("Send: %v", err)
			}
		}()
	}
	wg.Wait()
	if got := len(rec.got()); got != 2*n-1 {
		t.Fatalf("holder received %d requests, want %d", got, 2*n-1)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv(EnvDir, "/some/where")
	if d, err := DefaultDir(); err != nil || d != "/some/where" {
		t.Fatalf("override: %q %v", d, err)
	}
	t.Setenv(EnvDir, "")
	d, err := DefaultDir()
	if err != nil || filepath.Base(d) != "wpsdoctor" {
		t.Fatalf("default: %q %v", d, err)
	}
	if _, err := Acquire(Options{Dir: t.TempDir(), Name: "../x"}, Request{Verb: VerbOpen}); err == nil {
		t.Error("a name with a path separator was accepted")
	}
}
