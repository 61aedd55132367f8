package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Permissions: the history is for every user of the computer to read
// (`wpsdoctor service history`, support staff), written only by the agent.
const (
	FilePerm = 0o644
	DirPerm  = 0o755
)

// Log appends records to the history in Dir, rotating it within its bound.
// It is safe for concurrent use within one process; one process (the
// agent) writes the history.
type Log struct {
	Dir      string
	MaxBytes int64 // 0: DefaultMaxBytes
	Keep     int   // rotated files kept; <0: none; 0: DefaultKeep

	mu sync.Mutex
}

func (l *Log) limits() (int64, int) {
	max, keep := l.MaxBytes, l.Keep
	if max <= 0 {
		max = DefaultMaxBytes
	}
	switch {
	case keep == 0:
		keep = DefaultKeep
	case keep < 0:
		keep = 0
	}
	return max, keep
}

// Bound is the most this history takes on disk.
func (l *Log) Bound() int64 { return Bound(l.limits()) }

// path is the live file (i == 0) or the i-th rotated one.
func path(dir string, i int) string {
	if i == 0 {
		return filepath.Join(dir, FileName)
	}
	return filepath.Join(dir, FileName+"."+strconv.Itoa(i))
}

// Append writes r as one line, rotating first when the line would take
// the live file past MaxBytes.
func (l *Log) Append(r Record) error {
	if l == nil || l.Dir == "" {
		return errors.New("history: no folder to write to")
	}
	line, err := json.Marshal(sanitize(r))
	if err != nil {
		return err
	}
	line = append(line, '\n')
	max, keep := l.limits()
	if int64(len(line)) > max {
		return fmt.Errorf("history: a record of %d bytes does not fit the %d-byte file limit", len(line), max)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := ensureDir(l.Dir); err != nil {
		return err
	}
	live := path(l.Dir, 0)
	if st, err := os.Stat(live); err == nil && st.Size()+int64(len(line)) > max {
		if err := rotate(l.Dir, keep); err != nil {
			return err
		}
	}
	return appendLine(live, line)
}

// ensureDir creates the history's folder, readable by everyone, when it
// is missing; an existing folder keeps the permissions it was given.
func ensureDir(dir string) error {
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, DirPerm); err != nil {
		return err
	}
	return os.Chmod(dir, DirPerm) // the umask may have narrowed it
}

// rotate shifts history.jsonl.i to .i+1 (dropping .keep) and the live
// file to .1; with keep 0 it removes the live file.
func rotate(dir string, keep int) error {
	if err := os.Remove(path(dir, keep)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for i := keep - 1; i >= 0; i-- {
		if err := os.Rename(path(dir, i), path(dir, i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func appendLine(name string, line []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, FilePerm)
	if err != nil {
		return err
	}
	if st, err := f.Stat(); err == nil && st.Mode().Perm() != FilePerm {
		_ = f.Chmod(FilePerm) // a new file narrowed by the umask
	}
	_, err = f.Write(line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
