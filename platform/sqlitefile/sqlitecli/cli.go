// Package sqlitecli drives the sqlite3 command-line shell from tests, so
// that the databases the pure-Go reader is checked against are written by
// real SQLite. SQL always goes to the shell's standard input, never through
// argv or a shell string.
package sqlitecli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// RequireEnv names the variable that turns a missing sqlite3 from a skip
// into a failure (make test sets it, so CI cannot silently skip).
const RequireEnv = "WSD_REQUIRE_SQLITE3"

// Require returns the sqlite3 binary, or skips t when it is not installed
// and WSD_REQUIRE_SQLITE3=1 is not set (then it fails t).
func Require(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("sqlite3")
	if err == nil {
		return path
	}
	msg := "the sqlite3 command-line shell is not on PATH (apt-get install sqlite3)"
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s and %s=1 requires it", msg, RequireEnv)
	}
	t.Skipf("%s; set %s=1 to make this a failure", msg, RequireEnv)
	return ""
}

// Exec runs sql through "sqlite3 -bail [args...] db" and returns what it
// printed; any SQL error fails t.
func Exec(t testing.TB, db, sql string, args ...string) string {
	t.Helper()
	bin := Require(t)
	cmd := exec.Command(bin, append(append([]string{"-bail"}, args...), db)...)
	cmd.Stdin = strings.NewReader(sql)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("sqlite3 %s: %v\n%s\nSQL: %.2000s", db, err, stderr.String(), sql)
	}
	return stdout.String()
}

// Shell is a long-running sqlite3 process holding a database open, the way
// WPS keeps its sync database (and an uncheckpointed WAL) open.
type Shell struct {
	t      testing.TB
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	stderr *syncBuffer
	n      int
	closed bool
}

// Start launches "sqlite3 -bail [args...] db" with a pipe for its input;
// t's cleanup ends it.
func Start(t testing.TB, db string, args ...string) *Shell {
	t.Helper()
	bin := Require(t)
	cmd := exec.Command(bin, append(append([]string{"-bail"}, args...), db)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Shell{t: t, cmd: cmd, stdin: stdin, lines: make(chan string, 64), stderr: &syncBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(s.Close)
	return s
}

// Run sends sql and waits until the shell has executed it, returning what
// it printed meanwhile. A failing statement (the shell exits: -bail) or a
// minute without an answer fails t.
func (s *Shell) Run(sql string) string {
	s.t.Helper()
	s.n++
	marker := fmt.Sprintf("@@sqlitecli-done-%d@@", s.n)
	if _, err := io.WriteString(s.stdin, sql+"\n.print "+marker+"\n"); err != nil {
		s.t.Fatalf("sqlite3 shell: %v\n%s", err, s.stderr.String())
	}
	var out strings.Builder
	timeout := time.After(time.Minute)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("sqlite3 shell exited: %s\nSQL: %.2000s", s.stderr.String(), sql)
			}
			if line == marker {
				return out.String()
			}
			out.WriteString(line)
			out.WriteByte('\n')
		case <-timeout:
			s.t.Fatalf("sqlite3 shell: no answer within a minute\nSQL: %.2000s", sql)
		}
	}
}

// Close ends the shell by closing its input (SQLite then checkpoints and
// removes the WAL, as on a normal exit) and waits for it.
func (s *Shell) Close() {
	if s.closed {
		return
	}
	s.closed = true
	s.stdin.Close()
	done := make(chan struct{})
	go func() {
		for range s.lines {
		}
		s.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
