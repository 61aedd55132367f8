package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
)

// maxRotated is the most rotated files a reader looks for.
const maxRotated = 64

// maxReadBytes caps what is read of one file: a history file is far
// smaller unless something else wrote it.
const maxReadBytes = 8 << 20

// Read returns the last n records of the history in dir (all when n <= 0),
// oldest first, the newest run last. Damaged lines (a crash mid-write) are
// skipped; a history that does not exist yet is empty, not an error.
func Read(dir string, n int) ([]Record, error) {
	recs, _, err := Scan(dir, n)
	return recs, err
}

// Scan is Read that also counts the damaged lines it skipped.
func Scan(dir string, n int) (recs []Record, skipped int, err error) {
	last := 0
	for last < maxRotated {
		if _, err := os.Stat(path(dir, last+1)); err != nil {
			break
		}
		last++
	}
	for i := last; i >= 0; i-- {
		data, err := readCapped(path(dir, i))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, skipped, err
		}
		got, bad := parse(data)
		recs, skipped = append(recs, got...), skipped+bad
	}
	if n > 0 && len(recs) > n {
		recs = recs[len(recs)-n:]
	}
	return recs, skipped, nil
}

func readCapped(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxReadBytes))
}

// parse decodes the JSON lines of data, counting the lines that are not a
// record (a torn last line, garbage).
func parse(data []byte) (recs []Record, bad int) {
	for line := range bytes.Lines(data) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(line, &r); err != nil || r.Time.IsZero() || r.State == "" {
			bad++
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}
