// Package logfile is a tiny size-rotated log file: writes go to NAME;
// once it would pass MaxBytes, NAME becomes NAME.1 (NAME.1 becomes NAME.2,
// …) and a new NAME starts, keeping Keep rotated copies. Pure std, for the
// tray's and the window's own log, which the support bundle collects.
package logfile

import (
	"fmt"
	"os"
	"sync"
)

// Defaults: rotate at about 1 MiB, keep three old files.
const (
	DefaultMaxBytes = 1 << 20
	DefaultKeep     = 3
)

// Writer is an io.Writer over a rotated file, safe for concurrent use
// (several processes may append to the same file; each rotates on what it
// sees, which at worst makes one file a little larger).
type Writer struct {
	Path     string
	MaxBytes int64 // <= 0: DefaultMaxBytes
	Keep     int   // <= 0: DefaultKeep

	mu   sync.Mutex
	f    *os.File
	size int64
}

// Open opens (or creates, readable by the user only) path for appending.
func Open(path string) (*Writer, error) {
	w := &Writer{Path: path}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) max() int64 {
	if w.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return w.MaxBytes
}

func (w *Writer) keep() int {
	if w.Keep <= 0 {
		return DefaultKeep
	}
	return w.Keep
}

func (w *Writer) open() error {
	f, err := os.OpenFile(w.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	w.f, w.size = f, fi.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past
// MaxBytes (a file never rotates while empty, so one long line is kept).
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		if err := w.open(); err != nil {
			return 0, err
		}
	}
	if w.size > 0 && w.size+int64(len(p)) > w.max() {
		if err := w.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := w.f.Write(p)
	w.size += int64(n)
	return n, err
}

// rotate shifts NAME.(k-1) to NAME.k down to NAME to NAME.1, dropping the
// oldest, and opens a new NAME.
func (w *Writer) rotate() error {
	w.f.Close()
	w.f = nil
	k := w.keep()
	os.Remove(fmt.Sprintf("%s.%d", w.Path, k))
	for i := k - 1; i >= 1; i-- {
		from := fmt.Sprintf("%s.%d", w.Path, i)
		if _, err := os.Lstat(from); err == nil {
			if err := os.Rename(from, fmt.Sprintf("%s.%d", w.Path, i+1)); err != nil {
				return err
			}
		}
	}
	if err := os.Rename(w.Path, w.Path+".1"); err != nil && !os.IsNotExist(err) {
		return err
	}
	return w.open()
}

// Close closes the current file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}
