//go:build !windows

package agent

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Listen opens the agent's Unix socket at path: its directory 0755 (made
// when missing), a stale socket of a dead agent removed, the socket 0666 —
// every local user may connect; the peer's credentials decide what it may
// do. A live agent on path is an error.
func Listen(path string) (net.Listener, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&fs.ModeSocket == 0 {
			return nil, fmt.Errorf("%s exists and is not a socket", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("another agent is already serving %s", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	l.(*net.UnixListener).SetUnlinkOnClose(true)
	if err := os.Chmod(path, 0o666); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// dial connects to the agent's socket.
func dial(ctx context.Context, path string) (net.Conn, error) {
	if path == "" {
		return nil, errors.New("no agent socket")
	}
	var d net.Dialer
	return d.DialContext(ctx, "unix", path)
}
