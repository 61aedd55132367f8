package agent

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Record is one line of the agent's journal: every request but a ping,
// with who asked (from the OS), what it asked, and how it ended.
type Record struct {
	Time  time.Time `json:"time"`
	Peer  string    `json:"peer"`
	UID   int       `json:"uid"`
	User  string    `json:"user,omitempty"`
	PID   int       `json:"pid,omitempty"`
	Entry string    `json:"entry,omitempty"`
	// Query is what an inspect request asked (nothing was changed).
	Query   string   `json:"query,omitempty"`
	Fixes   []string `json:"fixes,omitempty"`
	Actions []string `json:"actions,omitempty"`
	// Outcome: done, failed (a step failed) or refused (nothing ran).
	Outcome string `json:"outcome"`
	Refused string `json:"refused,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Journal appends records to the agent's journal in the system state
// directory (readable by users, written only by the agent).
type Journal struct {
	Path string
	mu   sync.Mutex
}

// Append writes one record as a JSON line.
func (j *Journal) Append(r Record) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(j.Path), 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(j.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
