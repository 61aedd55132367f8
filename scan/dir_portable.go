//go:build !(linux && (amd64 || arm64)) || scanportable

package scan

import (
	"context"
	"io"
	"os"
)

// readBatch bounds how many directory entries are held at once, so a folder
// with a million files does not need a million entries in memory.
const readBatch = 512

func (s *scanner) readDir(ctx context.Context, q *queue, j *dirJob, t *tally) error {
	f, err := os.Open(j.abs)
	if err != nil {
		return err
	}
	defer f.Close()
	d := openDir(f, j.abs)
	for ctx.Err() == nil {
		ents, err := f.ReadDir(readBatch)
		for _, e := range ents {
			d.cur = e
			s.entry(q, j, d, e.Name(), e.Type(), t)
		}
		if err == io.EOF || (err == nil && len(ents) == 0) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}
