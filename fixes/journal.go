package fixes

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// Entry is one apply, folded from its records.
type Entry struct {
	ID      string    `json:"id"`
	Fix     string    `json:"fix"`
	Time    time.Time `json:"time"`
	Plan    Plan      `json:"plan"`
	Started []int     `json:"started,omitempty"` // steps whose start was journaled
	Done    []int     `json:"done,omitempty"`    // steps that completed
	// State: in_progress (crashed or running), applied (not verified),
	// verified, rolled_back, undone, undo_failed.
	State   string  `json:"state"`
	Outcome Outcome `json:"outcome,omitempty"`
	Error   string  `json:"error,omitempty"`
}

// Pending reports whether the entry was left applied (or half-applied) and
// never verified, rolled back or undone: a crash or kill interrupted it.
// An entry killed before its first step changed nothing and is not pending.
func (e Entry) Pending() bool {
	return (e.State == "in_progress" || e.State == "applied") && len(e.Started) > 0
}

// Undoable reports whether undo can still do something for this entry.
func (e Entry) Undoable() bool {
	return len(e.Started) > 0 && e.State != "undone" && e.State != "rolled_back"
}

// Journal is the append-only JSON-lines file of every change we made.
type Journal struct {
	Path string
	mu   sync.Mutex
}

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
	_, statErr := os.Stat(j.Path)
	f, err := os.OpenFile(j.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
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

// syncDir makes a new file's directory entry durable (no-op where the OS
// cannot fsync directories).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Records reads every record; a torn last line (a crash mid-write) is
// skipped, as is any line that does not parse.
func (j *Journal) Records() ([]Record, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f, err := os.Open(j.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for sc.Scan() {
		var r Record
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Entry != "" {
			out = append(out, r)
		}
	}
	return out, sc.Err()
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
