package agent

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kardianos/service"
)

// RunOptions are what `service run` serves.
type RunOptions struct {
	// Socket is the Unix socket or named pipe (locations.SystemFor).
	Socket string
	// Server answers the requests.
	Server *Server
	// Watch is the scheduled watching (agent/watch's Loop), set by the
	// composition root; nil means the agent only serves requests. It runs
	// beside the server until the service stops; its error is logged, and
	// the server goes on.
	Watch func(ctx context.Context) error
}

// Config is the service's registration on goos for the binary exe: the
// unit file or plist rendered here (units.go), the Windows recovery
// options.
func Config(goos, exe string) (*service.Config, error) {
	c := &service.Config{
		Name: NameFor(goos), DisplayName: DisplayName, Description: Description,
		Executable: exe, Arguments: RunArgs, Option: service.KeyValue{},
	}
	var err error
	switch goos {
	case "linux":
		var unit string
		unit, err = SystemdUnit(exe)
		c.Option["SystemdScript"] = unit
	case "darwin":
		var plist string
		plist, err = LaunchdPlist(exe)
		c.Option["LaunchdConfig"] = plist
	case "windows":
		err = checkExe(exe)
		for k, v := range WindowsOptions() {
			c.Option[k] = v
		}
	}
	return c, err
}

// program is the kardianos side of `service run`: Start listens (so a
// socket that cannot be opened fails the start) and serves in the
// background; Stop cancels and waits a little.
type program struct {
	o      RunOptions
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

func (p *program) Start(service.Service) error {
	l, err := Listen(p.o.Socket)
	if err != nil {
		return fmt.Errorf("the agent's socket %s: %w", p.o.Socket, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go func() {
		defer p.once.Do(func() { close(p.done) })
		serveAndWatch(ctx, l, p.o)
	}()
	return nil
}

func (p *program) Stop(service.Service) error {
	if p.cancel != nil {
		p.cancel()
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
		}
	}
	return nil
}

// serveAndWatch serves on l and runs the watching until ctx ends or the
// server stops by itself.
func serveAndWatch(ctx context.Context, l net.Listener, o RunOptions) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	if o.Watch != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := o.Watch(ctx); err != nil && ctx.Err() == nil {
				o.Server.logf("agent: watching stopped: %v", err)
			}
		}()
	}
	if err := o.Server.Serve(ctx, l); err != nil {
		o.Server.logf("agent: serving stopped: %v", err)
	}
	cancel()
	wg.Wait()
}

// Run is `service run`: in the foreground (or under the service manager)
// until SIGINT/SIGTERM, or the service manager's stop on Windows.
func Run(goos, exe string, o RunOptions) error {
	c, err := Config(goos, exe)
	if err != nil {
		return err
	}
	p := &program{o: o, done: make(chan struct{})}
	c.Option["RunWait"] = func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sig)
		select {
		case <-sig:
		case <-p.done: // the server stopped by itself: exit, to be restarted
		}
	}
	s, err := service.New(p, c)
	if err != nil {
		return err
	}
	return s.Run()
}

// Control is what `service install|uninstall|start|stop|status` drive:
// kardianos' service, or a fake in tests.
type Control interface {
	Install() error
	Uninstall() error
	Start() error
	Stop() error
	Status() (service.Status, error)
}

// NewControl is the service manager's handle of the agent for exe.
func NewControl(goos, exe string) (Control, error) {
	c, err := Config(goos, exe)
	if err != nil {
		return nil, err
	}
	prog := &program{done: make(chan struct{})}
	s, err := service.New(prog, c)
	if err != nil {
		return nil, err
	}
	return wrapControl(s, func() (service.Service, error) { return service.New(prog, withoutDelayedStart(c)) }), nil
}

// withoutDelayedStart is c with a plain automatic start, for a service
// manager that does not know the delayed one (Wine's).
func withoutDelayedStart(c *service.Config) *service.Config {
	plain := *c
	plain.Option = service.KeyValue{}
	for k, v := range c.Option {
		plain.Option[k] = v
	}
	plain.Option["DelayedAutoStart"] = false
	return &plain
}

// State is the service's state in words a person reads.
type State string

const (
	StateRunning      State = "running"
	StateStopped      State = "stopped"
	StateNotInstalled State = "not_installed"
	StateNoRights     State = "no_rights" // cannot tell without administrator rights
	StateUnknown      State = "unknown"
)

// ErrAlreadyInstalled: install found the service registered.
var ErrAlreadyInstalled = errors.New("the WPS Sync Doctor agent service is already installed")

// Install registers the service and starts it; an installed one is left
// as it is (kardianos' Install is not idempotent).
func Install(c Control) error {
	if _, err := c.Status(); err == nil {
		return ErrAlreadyInstalled
	}
	if err := c.Install(); err != nil {
		return err
	}
	return c.Start()
}

// StopTimeout bounds a stop: kardianos' Windows stop can wait forever.
var StopTimeout = 30 * time.Second

// Stop stops the service within StopTimeout.
func Stop(c Control) error {
	done := make(chan error, 1)
	go func() { done <- c.Stop() }()
	select {
	case err := <-done:
		return err
	case <-time.After(StopTimeout):
		return fmt.Errorf("the service did not stop within %s", StopTimeout)
	}
}

// Uninstall stops the service first (kardianos' Uninstall leaves a
// systemd service running and a Windows one marked for deletion), then
// removes it.
func Uninstall(c Control) error {
	st, err := c.Status()
	if errors.Is(err, service.ErrNotInstalled) {
		return service.ErrNotInstalled
	}
	if st == service.StatusRunning || err != nil {
		if err := Stop(c); err != nil && st == service.StatusRunning {
			return fmt.Errorf("stopping before removal: %w", err)
		}
	}
	return c.Uninstall()
}

// StatusOf says the service's state: running when the agent answers on
// socket (whoever asks), else what the service manager says, with "no
// rights" instead of a raw access-denied error.
func StatusOf(ctx context.Context, c Control, socket string) (State, error) {
	if Ping(ctx, socket) {
		return StateRunning, nil
	}
	st, err := c.Status()
	switch {
	case errors.Is(err, service.ErrNotInstalled):
		return StateNotInstalled, nil
	case err != nil && IsAccessDenied(err):
		return StateNoRights, nil
	case err != nil:
		return StateUnknown, err
	case st == service.StatusRunning:
		return StateRunning, nil
	case st == service.StatusStopped:
		return StateStopped, nil
	}
	return StateUnknown, nil
}

// IsAccessDenied tells an access-denied error of a service manager.
func IsAccessDenied(err error) bool {
	if errors.Is(err, os.ErrPermission) {
		return true
	}
	s := strings.ToLower(err.Error())
	for _, w := range []string{"access is denied", "access denied", "permission denied", "interactive authentication required", "operation not permitted"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
