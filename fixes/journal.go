package fixes

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"wpsdoctor/health"
)

// Journal events, in the order an entry goes through them.
const (
	EvPlan       = "plan"        // the full plan, written before any change
	EvStepStart  = "step_start"  // written (and fsynced) before a step changes anything
	EvStepDone   = "step_done"   // the step's actions succeeded
	EvStepFailed = "step_failed" // the step failed; rollback follows
	EvApplied    = "applied"     // every step done; verification follows
	EvVerified   = "verified"    // verification ran; Outcome says how it went
	EvRolledBack = "rolled_back" // a failure or cancel was rolled back
	EvUndoStart  = "undo_start"
	EvUndone     = "undone"
	EvUndoFailed = "undo_failed"
	// EvPruned: one quarantined item of the entry was deleted for good by
	// an explicit prune (Output: item, original, bytes).
	EvPruned = "pruned"
)

// Record is one line of the journal.
type Record struct {
	Entry   string            `json:"entry"`
	Time    time.Time         `json:"time"`
	Event   string            `json:"event"`
	Fix     string            `json:"fix,omitempty"`
	Plan    *Plan             `json:"plan,omitempty"`
	Step    int               `json:"step,omitempty"`
	Error   string            `json:"error,omitempty"`
	Outcome Outcome           `json:"outcome,omitempty"`
	Before  []health.Finding  `json:"before,omitempty"`
	After   []health.Finding  `json:"after,omitempty"`
	Output  map[string]string `json:"output,omitempty"`
}

// Journal is the append-only JSON-lines file of every change we made.
type Journal struct {
	Path string
	mu   sync.Mutex
	// warnings are what the last read had to skip (lines too long to be
	// a record); Warnings returns them.
	warnings []health.Message
}

// maxRecordLine caps one journal line. A longer line cannot be a record we
// wrote (Append refuses to write one): reading skips it with a warning
// instead of failing history and undo, and never holds more than this in
// memory.
const maxRecordLine = 64 << 20

// OpenJournal returns the journal in dir, creating dir (0700).
func OpenJournal(dir string) (*Journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("journal directory: %w", err)
	}
	return &Journal{Path: filepath.Join(dir, "journal.jsonl")}, nil
}

// Append writes one record and fsyncs the file before returning, so a
// record is on disk before the change it announces is made.
func (j *Journal) Append(r Record) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if r.Time.IsZero() {
		r.Time = time.Now().UTC()
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if len(line) >= maxRecordLine {
		return fmt.Errorf("journal: a record of %d bytes is too large", len(line))
	}
	_, statErr := os.Stat(j.Path)
	f, err := os.OpenFile(j.Path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	// A crash mid-write leaves a torn last line without its newline; the
	// record must start on a line of its own, or it is lost with the torn
	// one.
	if torn, err := endsTorn(f); err != nil {
		f.Close()
		return fmt.Errorf("journal: %w", err)
	} else if torn {
		line = append([]byte{'\n'}, line...)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("journal: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("journal: %w", err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if errors.Is(statErr, os.ErrNotExist) {
		syncDir(filepath.Dir(j.Path))
	}
	return nil
}

// endsTorn reports whether f is non-empty and does not end in a newline.
func endsTorn(f *os.File) (bool, error) {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return false, err
	}
	var last [1]byte
	if _, err := f.ReadAt(last[:], fi.Size()-1); err != nil {
		return false, err
	}
	return last[0] != '\n', nil
}

// syncDir makes a new file's directory entry durable (no-op where the OS
// cannot fsync directories).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Records reads every record. A line that does not parse (torn by a crash
// mid-write) or is longer than maxRecordLine is skipped with a warning
// (see Warnings) rather than failing the read.
func (j *Journal) Records() ([]Record, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.warnings = nil
	f, err := os.Open(j.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	var out []Record
	rd := bufio.NewReaderSize(f, 64*1024)
	for n := 1; ; n++ {
		line, size, err := readLine(rd, maxRecordLine)
		if size > maxRecordLine {
			j.warnings = append(j.warnings, health.Msg("journal.line_skipped", "line", n, "bytes", size, "path", j.Path))
		} else if len(line) > 0 {
			var r Record
			if json.Unmarshal(line, &r) != nil {
				j.warnings = append(j.warnings, health.Msg("journal.line_damaged", "line", n, "path", j.Path))
			} else if r.Entry != "" {
				out = append(out, r)
			}
		}
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("journal: %w", err)
		}
	}
}

// readLine reads one line (without its newline). It keeps at most max
// bytes: a longer line is consumed to its end and discarded (line is nil,
// size is its full length), so no single line can exhaust memory or stop
// the reader. err is io.EOF after the last line.
func readLine(rd *bufio.Reader, max int) (line []byte, size int, err error) {
	for {
		chunk, err := rd.ReadSlice('\n')
		size += len(chunk)
		if size <= max+1 { // +1: the newline
			line = append(line, chunk...)
		} else {
			line = nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if n := len(line); n > 0 && line[n-1] == '\n' {
			line = line[:n-1]
		}
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
			size--
		}
		return line, size, err
	}
}

// Warnings returns what the last read of the journal skipped (damaged or
// over-long lines), as messages for the user.
func (j *Journal) Warnings() []health.Message {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.warnings)
}

// Entries folds the records into entries, newest first.
func (j *Journal) Entries() ([]Entry, error) {
	recs, err := j.Records()
	if err != nil {
		return nil, err
	}
	idx := map[string]*Entry{}
	var order []string
	for _, r := range recs {
		e := idx[r.Entry]
		if e == nil {
			if r.Event != EvPlan || r.Plan == nil {
				continue
			}
			e = &Entry{ID: r.Entry, Fix: r.Fix, Time: r.Time, Plan: *r.Plan, State: "in_progress"}
			idx[r.Entry] = e
			order = append(order, r.Entry)
			continue
		}
		switch r.Event {
		case EvStepStart:
			e.Started = appendOnce(e.Started, r.Step)
		case EvStepDone:
			e.Done = appendOnce(e.Done, r.Step)
		case EvStepFailed:
			e.Error = r.Error
		case EvApplied:
			e.State = "applied"
		case EvVerified:
			e.State, e.Outcome = "verified", r.Outcome
		case EvRolledBack:
			e.State, e.Outcome, e.Error = "rolled_back", r.Outcome, firstNonEmpty(r.Error, e.Error)
		case EvUndone:
			e.State = "undone"
		case EvUndoFailed:
			e.State, e.Error = "undo_failed", r.Error
		case EvPruned:
			if it := r.Output["item"]; it != "" && !slices.Contains(e.Pruned, it) {
				e.Pruned = append(e.Pruned, it)
			}
		}
	}
	out := make([]Entry, 0, len(order))
	for i := len(order) - 1; i >= 0; i-- {
		out = append(out, *idx[order[i]])
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Time.After(out[b].Time) })
	return out, nil
}

func appendOnce(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
