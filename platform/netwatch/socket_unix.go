//go:build linux || darwin

package netwatch

import (
	"context"
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Changes returns a channel that receives a value soon after each change
// of the network configuration; a burst of changes may arrive as one. It
// is closed when ctx ends or the socket fails.
func Changes(ctx context.Context) (<-chan struct{}, error) {
	fd, err := open()
	if err != nil {
		return nil, err
	}
	// Non-blocking, so the runtime's poller serves Read and Close wakes it.
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "netwatch")
	out := make(chan struct{}, 1)
	go func() {
		<-ctx.Done()
		f.Close()
	}()
	go read(f, out)
	return out, nil
}

// read signals out for every relevant message until the socket closes.
func read(f *os.File, out chan<- struct{}) {
	defer close(out)
	buf := make([]byte, 64<<10)
	for {
		n, err := f.Read(buf)
		switch {
		case errors.Is(err, unix.ENOBUFS):
			signal(out) // the kernel dropped messages: something changed
		case err != nil:
			return
		case relevant(buf[:n]):
			signal(out)
		}
	}
}
