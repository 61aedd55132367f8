package agent

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// pipeSDDL lets LocalSystem and Administrators do anything, interactive
// users read and write (not create instances: 0x12008b is generic read and
// write-data), and denies the network logon outright.
const pipeSDDL = "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12008b;;;IU)(D;;GA;;;NU)"

// Listen creates the agent's named pipe (\\.\pipe\NAME): the first
// instance is ours or it fails (no squatting), remote clients rejected.
func Listen(path string) (net.Listener, error) {
	sd, err := windows.SecurityDescriptorFromString(pipeSDDL)
	if err != nil {
		return nil, err
	}
	l := &pipeListener{path: path, sa: &windows.SecurityAttributes{SecurityDescriptor: sd}}
	l.sa.Length = uint32(unsafe.Sizeof(*l.sa))
	h, err := l.create(true)
	if err != nil {
		return nil, err
	}
	l.next = h
	return l, nil
}

type pipeListener struct {
	path   string
	sa     *windows.SecurityAttributes
	mu     sync.Mutex
	next   windows.Handle
	closed bool
}

func (l *pipeListener) create(first bool) (windows.Handle, error) {
	name, err := windows.UTF16PtrFromString(l.path)
	if err != nil {
		return 0, err
	}
	flags := uint32(windows.PIPE_ACCESS_DUPLEX)
	if first {
		flags |= windows.FILE_FLAG_FIRST_PIPE_INSTANCE
	}
	mode := uint32(windows.PIPE_TYPE_BYTE | windows.PIPE_READMODE_BYTE | windows.PIPE_WAIT | windows.PIPE_REJECT_REMOTE_CLIENTS)
	return windows.CreateNamedPipe(name, flags, mode, windows.PIPE_UNLIMITED_INSTANCES, 64<<10, 64<<10, 0, l.sa)
}

// Accept waits for a client on the prepared instance and prepares the next.
func (l *pipeListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	h := l.next
	closed := l.closed
	l.mu.Unlock()
	if closed {
		return nil, net.ErrClosed
	}
	err := windows.ConnectNamedPipe(h, nil)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		windows.CloseHandle(h)
		return nil, net.ErrClosed
	}
	nh, cerr := l.create(false)
	if cerr != nil {
		return nil, cerr
	}
	l.next = nh
	if err != nil && !errors.Is(err, windows.ERROR_PIPE_CONNECTED) {
		windows.CloseHandle(h)
		return nil, err
	}
	return &pipeConn{h: h, server: true}, nil
}

// Close stops accepting: a client of our own wakes a waiting Accept.
func (l *pipeListener) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	l.mu.Unlock()
	if c, err := dial(context.Background(), l.path); err == nil {
		c.Close()
	}
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr(l.path) }

type pipeAddr string

func (a pipeAddr) Network() string { return "pipe" }
func (a pipeAddr) String() string  { return string(a) }

// pipeConn is one end of a pipe instance; a deadline that passes cancels
// the pending I/O and disconnects, so a stalled client cannot hold it.
type pipeConn struct {
	h      windows.Handle
	server bool
	mu     sync.Mutex
	timer  *time.Timer
	once   sync.Once
}

func (c *pipeConn) Read(b []byte) (int, error) {
	var n uint32
	err := windows.ReadFile(c.h, b, &n, nil)
	if err != nil {
		if errors.Is(err, windows.ERROR_BROKEN_PIPE) || errors.Is(err, windows.ERROR_PIPE_NOT_CONNECTED) {
			return int(n), errEOF
		}
		return int(n), err
	}
	if n == 0 && len(b) > 0 {
		return 0, errEOF
	}
	return int(n), nil
}

func (c *pipeConn) Write(b []byte) (int, error) {
	var n uint32
	err := windows.WriteFile(c.h, b, &n, nil)
	return int(n), err
}

func (c *pipeConn) Close() error {
	var err error
	c.once.Do(func() {
		c.mu.Lock()
		if c.timer != nil {
			c.timer.Stop()
		}
		c.mu.Unlock()
		if c.server {
			_ = windows.FlushFileBuffers(c.h)
			_ = windows.DisconnectNamedPipe(c.h)
		}
		err = windows.CloseHandle(c.h)
	})
	return err
}

func (c *pipeConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
	if t.IsZero() {
		return nil
	}
	c.timer = time.AfterFunc(time.Until(t), func() {
		_ = windows.CancelIoEx(c.h, nil)
		if c.server {
			_ = windows.DisconnectNamedPipe(c.h)
		}
	})
	return nil
}

func (c *pipeConn) SetReadDeadline(t time.Time) error  { return c.SetDeadline(t) }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { return c.SetDeadline(t) }
func (c *pipeConn) LocalAddr() net.Addr                { return pipeAddr("agent") }
func (c *pipeConn) RemoteAddr() net.Addr               { return pipeAddr("client") }

// dial opens the agent's pipe as a client that lets the agent identify
// (not impersonate) it, retrying while every instance is busy.
func dial(ctx context.Context, path string) (net.Conn, error) {
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	for {
		h, err := windows.CreateFile(name, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING,
			windows.SECURITY_SQOS_PRESENT|windows.SECURITY_IDENTIFICATION, 0)
		if err == nil {
			return &pipeConn{h: h}, nil
		}
		if !errors.Is(err, windows.ERROR_PIPE_BUSY) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
