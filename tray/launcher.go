package tray

import (
	"errors"
	"os"
	"os/exec"
	"sync"
)

// Launcher starts the window process (this same binary with --window) on
// demand and remembers it, so a second "Open" does not start a second
// window while the first is open.
type Launcher struct {
	Exe  string   // the program; "" means os.Executable()
	Args []string // always passed (e.g. --endpoints FILE)
	Env  []string // nil means the tray's environment

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// ErrAlreadyOpen means the window process is running already.
var ErrAlreadyOpen = errors.New("the window is already open")

// Open starts the window with extra arguments unless one is running.
func (l *Launcher) Open(extra ...string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done != nil {
		select {
		case <-l.done:
		default:
			return ErrAlreadyOpen
		}
	}
	exe := l.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return err
		}
	}
	args := append([]string{"--window"}, l.Args...)
	cmd := exec.Command(exe, append(args, extra...)...)
	cmd.Env = l.Env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	l.cmd, l.done = cmd, done
	go func() { cmd.Wait(); close(done) }()
	return nil
}

// Done returns a channel closed when the current window exits (nil if no
// window was ever opened).
func (l *Launcher) Done() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done
}
