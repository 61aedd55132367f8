// Package instance keeps one running copy of a program part per user and
// lets a second copy hand its request to the first. It holds two things,
// side by side in a private directory: a lock file, whose OS lock (flock on
// unix, LockFileEx on Windows) decides who runs and is released by the
// kernel when the holder dies, so a crash never leaves a lock that blocks
// the next start; and a unix-domain socket on which the holder takes
// one-line requests ("open", optionally with a fix ID; "report": the
// window saved a report, which the tray then shows at once).
//
// Why a unix-domain socket and not loopback TCP with a token: the socket
// file lives in a directory only the user can enter (0700, checked on
// unix; on Windows %LocalAppData% carries a user-only ACL), so the file
// system already says who may connect — no port to publish, no secret to
// write, read and compare, nothing reachable by other local users or
// exposed to firewall prompts. Go supports AF_UNIX on Linux, macOS and
// Windows 10 1803+. Requests are a fixed verb and a strictly shaped
// argument, parsed on both ends; nothing received is ever executed.
//
// A later background agent with its own local IPC would use its own name
// (and verbs) in the same directory; this package stays the single-copy
// rule, not a general RPC.
package instance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"wpsdoctor/platform/locations"
)

// EnvDir overrides the directory (tests; several isolated users in one
// login session).
const EnvDir = locations.EnvInstance

// VerbOpen asks the running copy to open (or raise) its window.
const VerbOpen = "open"

// VerbReport tells the running copy (the tray) that a new report was
// saved in the state directory; it takes no argument.
const VerbReport = "report"

// VerbBundle asks the running copy to open (or raise) its window on the
// support bundle page; it takes no argument.
const VerbBundle = "bundle"

// VerbGuide asks the running copy to open (or raise) its window on the
// "What is wrong?" page; it takes no argument.
const VerbGuide = "guide"

// verbs are the only requests a copy accepts.
var verbs = map[string]bool{VerbOpen: true, VerbReport: true, VerbBundle: true, VerbGuide: true}

// fixShape is the shape of a fix ID ("dns.set", "wps.cache.clear"); the
// caller checks it names a real fix.
var fixShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,4}$`)

// maxLine bounds a request or reply line; anything longer is refused.
const maxLine = 128

// ioTimeout bounds each exchange, so a stuck peer cannot hold either side.
const ioTimeout = 3 * time.Second

// ErrRunning means another copy holds the lock and accepted the request.
var ErrRunning = errors.New("another copy is running")

// RefusedError means another copy holds the lock and answered, but
// refused the request.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string {
	return "another copy is running and refused the request: " + e.Reason
}

// Unwrap makes errors.Is(err, ErrRunning) hold: a copy is running either way.
func (e *RefusedError) Unwrap() error { return ErrRunning }

// Request is what a second copy asks of the first.
type Request struct {
	Verb string // VerbOpen, VerbReport, VerbBundle or VerbGuide
	Fix  string // VerbOpen only: optional fix ID for the window to start on
}

// Valid reports whether r is a request this package carries.
func (r Request) Valid() error {
	if !verbs[r.Verb] {
		return fmt.Errorf("unknown request %q", r.Verb)
	}
	if r.Verb != VerbOpen && r.Fix != "" {
		return fmt.Errorf("%s takes no argument", r.Verb)
	}
	if r.Fix != "" && (len(r.Fix) > 64 || !fixShape.MatchString(r.Fix)) {
		return fmt.Errorf("malformed fix ID %q", r.Fix)
	}
	return nil
}

func (r Request) line() string {
	if r.Fix == "" {
		return r.Verb + "\n"
	}
	return r.Verb + " " + r.Fix + "\n"
}

// parse reads one request line, strictly: a verb, at most one argument,
// single spaces, nothing else.
func parse(line string) (Request, error) {
	line, ok := strings.CutSuffix(line, "\n")
	if !ok {
		return Request{}, errors.New("request line not terminated")
	}
	f := strings.Split(line, " ")
	if len(f) > 2 {
		return Request{}, errors.New("too many fields")
	}
	r := Request{Verb: f[0]}
	if len(f) == 2 {
		r.Fix = f[1]
		if r.Fix == "" {
			return Request{}, errors.New("empty fix ID")
		}
	}
	return r, r.Valid()
}

// Options name the lock and say who handles requests.
type Options struct {
	// Dir holds the lock and the socket; "" means DefaultDir().
	Dir string
	// Name is the part of the program ("tray", "window"): one copy per name.
	Name string
	// Handle acts on a valid request from a second copy; its error is sent
	// back as the refusal. Calls come one at a time, from one goroutine.
	Handle func(Request) error
	// Wait is how long a second copy keeps trying to reach a holder that
	// is still starting (locked, not yet listening) before it takes over;
	// 0 means 2 s.
	Wait time.Duration
}

// Instance is the running copy: it holds the lock (unless it took over
// from an unresponsive holder) and serves the socket.
type Instance struct {
	// TookOver is set when the lock was held by a copy that did not
	// answer: this one serves the socket without the lock.
	TookOver bool

	lock   *os.File
	ln     *net.UnixListener
	handle func(Request) error
	done   chan struct{}
	once   sync.Once
}

// DefaultDir is where the lock and socket live (see package locations:
// $WSD_INSTANCE_DIR, else $XDG_RUNTIME_DIR/wpsdoctor on Linux, else the
// user's cache directory).
func DefaultDir() (string, error) {
	l, err := locations.Current()
	if l.Instance == "" {
		if err == nil {
			err = errors.New("no directory for the single-instance lock")
		}
		return "", err
	}
	return l.Instance, nil
}

func (o Options) paths() (lock, sock string, err error) {
	if o.Name == "" || strings.ContainsAny(o.Name, `/\:`) {
		return "", "", fmt.Errorf("bad instance name %q", o.Name)
	}
	dir := o.Dir
	if dir == "" {
		if dir, err = DefaultDir(); err != nil {
			return "", "", err
		}
	}
	return filepath.Join(dir, o.Name+".lock"), filepath.Join(dir, o.Name+".sock"), nil
}

// Acquire makes this process the running copy named o.Name, or hands req
// to the copy already running. It returns the Instance when this process
// is the copy (the caller then runs and Closes it at the end); ErrRunning
// when another copy took req; a *RefusedError when it answered with a
// refusal; any other error when the mechanism itself failed (the caller
// should then run anyway rather than not at all).
//
// A holder that keeps the lock but does not answer within o.Wait (hung,
// or its socket file was deleted) is taken over: this copy serves the
// socket without the lock, and later copies reach it.
func Acquire(o Options, req Request) (*Instance, error) {
	if err := req.Valid(); err != nil {
		return nil, err
	}
	lockPath, sockPath, err := o.paths()
	if err != nil {
		return nil, err
	}
	if err := privateDir(filepath.Dir(lockPath)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	wait := o.Wait
	if wait <= 0 {
		wait = 2 * time.Second
	}
	end := time.Now().Add(wait)
	for {
		err := lockFile(f)
		if err == nil {
			// ours: the pid is for people looking at the file; garbage a
			// crashed copy left there does not matter
			f.Truncate(0)
			f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			in, err := serve(sockPath, o.Handle)
			if err != nil {
				f.Close()
				return nil, err
			}
			in.lock = f
			return in, nil
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", lockPath, err)
		}
		err = send(sockPath, req)
		var refused *RefusedError
		if err == nil || errors.As(err, &refused) {
			f.Close()
			if err == nil {
				return nil, ErrRunning
			}
			return nil, err
		}
		if time.Now().After(end) {
			f.Close()
			in, serr := serve(sockPath, o.Handle)
			if serr != nil {
				return nil, fmt.Errorf("a copy holds %s but does not answer (%v), and taking over failed: %w", lockPath, err, serr)
			}
			in.TookOver = true
			return in, nil
		}
		time.Sleep(50 * time.Millisecond) // the holder may be between lock and listen
	}
}

// Send hands req to the running copy named o.Name, if any: nil when it
// took the request, a *RefusedError when it refused, another error when
// none answered.
func Send(o Options, req Request) error {
	if err := req.Valid(); err != nil {
		return err
	}
	_, sockPath, err := o.paths()
	if err != nil {
		return err
	}
	return send(sockPath, req)
}

func send(sockPath string, req Request) error {
	c, err := net.DialTimeout("unix", sockPath, ioTimeout)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(ioTimeout))
	if _, err := io.WriteString(c, req.line()); err != nil {
		return err
	}
	reply, err := bufio.NewReader(io.LimitReader(c, maxLine)).ReadString('\n')
	if err != nil {
		return fmt.Errorf("no reply: %w", err)
	}
	reply = strings.TrimSuffix(reply, "\n")
	if reply == "ok" {
		return nil
	}
	if reason, ok := strings.CutPrefix(reply, "refused: "); ok {
		return &RefusedError{Reason: reason}
	}
	return fmt.Errorf("unexpected reply %q", reply)
}

// serve replaces a socket file left by a dead copy and starts answering.
func serve(sockPath string, handle func(Request) error) (*Instance, error) {
	if err := os.Remove(sockPath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: sockPath, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", sockPath, err)
	}
	in := &Instance{ln: ln, handle: handle, done: make(chan struct{})}
	go in.loop()
	return in, nil
}

func (in *Instance) loop() {
	defer close(in.done)
	for {
		c, err := in.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(50 * time.Millisecond) // e.g. out of file descriptors
			continue
		}
		in.answer(c)
	}
}

// answer handles one connection: one request line, one reply line.
func (in *Instance) answer(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(ioTimeout))
	line, err := bufio.NewReader(io.LimitReader(c, maxLine)).ReadString('\n')
	var req Request
	if err == nil {
		req, err = parse(line)
	} else {
		err = errors.New("unreadable request")
	}
	if err == nil {
		if in.handle == nil {
			err = errors.New("this copy takes no requests")
		} else {
			err = in.handle(req)
		}
	}
	reply := "ok\n"
	if err != nil {
		reason := strings.Map(func(r rune) rune {
			if r < ' ' {
				return ' '
			}
			return r
		}, err.Error())
		if len(reason) > maxLine-len("refused: \n") {
			reason = strings.ToValidUTF8(reason[:maxLine-len("refused: \n")], "")
		}
		reply = "refused: " + reason + "\n"
	}
	io.WriteString(c, reply)
}

// Close stops answering and releases the lock. The lock file stays: removing
// it would let a copy that opened the old file lock it alongside a new one.
func (in *Instance) Close() error {
	var err error
	in.once.Do(func() {
		err = in.ln.Close() // also removes the socket file
		<-in.done
		if in.lock != nil {
			if cerr := in.lock.Close(); err == nil {
				err = cerr
			}
		}
	})
	return err
}

// errLocked is what lockFile returns when another open file holds the lock.
var errLocked = errors.New("locked")
