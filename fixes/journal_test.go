package fixes

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"wpsdoctor/health"
)

// cacheFixApplied applies wps.cache.clear over a fresh Linux tree and
// returns the engine, the entry and the home.
func cacheFixApplied(t *testing.T) (*Engine, string, string) {
	t.Helper()
	env, home := linuxCacheEnv(t)
	e, _ := newTestEngine(t, env)
	p, err := e.Plan(context.Background(), health.FixCacheClear)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan: %v %v", err, p.Refusal)
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	return e, res.EntryID, home
}

// TestJournalTornLineDoesNotSwallowTheNextEntry: a crash left a partial
// record without a newline; the next entry must still be found by history
// and undo (issue 11, item 6).
func TestJournalTornLineDoesNotSwallowTheNextEntry(t *testing.T) {
	env, home := linuxCacheEnv(t)
	before := snapshot(t, home)
	e, state := newTestEngine(t, env)
	journal := filepath.Join(state, "journal.jsonl")
	if err := os.WriteFile(journal, []byte(`{"entry":"20260101T000000Z-wps-cache-clear-aaaaaa","event":"plan","plan":{"fix":"wps.ca`), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := e.Plan(context.Background(), health.FixCacheClear)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan: %v %v", err, p.Refusal)
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	h, err := e.History()
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	if len(h) != 1 || h[0].ID != res.EntryID {
		t.Fatalf("history has %d entries (%+v), want the one entry %s", len(h), h, res.EntryID)
	}
	u, err := e.Undo(context.Background(), res.EntryID, nil)
	if err != nil || u.Outcome != OutcomeUndone {
		t.Fatalf("undo: got %v %+v, want undone", err, u)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("tree differs after undo:\n%s", d)
	}
	if w := e.Journal.Warnings(); len(w) != 1 {
		t.Errorf("got warnings %v, want one about the torn line", w)
	}
}

// TestJournalHugeLineIsSkippedWithAWarning: one 70 MiB garbage line in
// the middle must not make history or undo fail.
func TestJournalHugeLineIsSkippedWithAWarning(t *testing.T) {
	e, entry, _ := cacheFixApplied(t)
	f, err := os.OpenFile(e.Journal.Path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for range 70 {
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	f.Write([]byte("\n"))
	f.Close()
	// Records after the huge line are read too.
	if err := e.Journal.Append(Record{Entry: entry, Event: EvVerified, Outcome: OutcomeFixed}); err != nil {
		t.Fatal(err)
	}
	h, err := e.History()
	if err != nil {
		t.Fatalf("history: got error %v, want the entry and a warning", err)
	}
	if len(h) != 1 || h[0].ID != entry || h[0].State != "verified" {
		t.Fatalf("history: got %+v, want entry %s verified", h, entry)
	}
	w := e.Journal.Warnings()
	if len(w) != 1 || w[0].Key != "journal.line_skipped" {
		t.Fatalf("got warnings %+v, want one journal.line_skipped", w)
	}
	if line, _ := w[0].Args["line"].(int); line < 2 {
		t.Errorf("got warning args %+v, want the line number of the huge line", w[0].Args)
	}
	u, err := e.Undo(context.Background(), entry, nil)
	if err != nil || u.Outcome != OutcomeUndone {
		t.Fatalf("undo: got %v %+v, want undone", err, u)
	}
}

// TestJournalAppendStartsOnAFreshLine checks the bytes: a torn tail gets a
// newline before the next record.
func TestJournalAppendStartsOnAFreshLine(t *testing.T) {
	for _, c := range []struct{ name, tail string }{{"empty", ""}, {"complete", "{}\n"}, {"torn", `{"entry":"x","ev`}} {
		t.Run(c.name, func(t *testing.T) {
			j, err := OpenJournal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if c.tail != "" {
				os.WriteFile(j.Path, []byte(c.tail), 0o600)
			}
			if err := j.Append(Record{Entry: "e1", Event: EvApplied}); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(j.Path)
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, `{"entry":"e1"`) {
				t.Errorf("got last line %q, want the new record on its own line", last)
			}
			if c.tail != "" && !strings.HasPrefix(string(b), c.tail) {
				t.Errorf("got %q, want the old bytes kept", b)
			}
		})
	}
}

func TestReadLineCapsEachLine(t *testing.T) {
	in := "a\nbb\n\nccc\ndd"
	type got struct {
		line string
		size int
		eof  bool
	}
	want := []got{{"a", 1, false}, {"bb", 2, false}, {"", 0, false}, {"", 3, false}, {"dd", 2, true}}
	rd := bufio.NewReaderSize(strings.NewReader(in), 16)
	for i, w := range want {
		line, size, err := readLine(rd, 2)
		g := got{string(line), size, errors.Is(err, io.EOF)}
		if g != w {
			t.Errorf("line %d: got %+v, want %+v", i+1, g, w)
		}
	}
	// A line longer than the reader's buffer is still measured in full.
	rd = bufio.NewReaderSize(strings.NewReader(strings.Repeat("x", 100)+"\nok\n"), 16)
	if line, size, _ := readLine(rd, 50); line != nil || size != 100 {
		t.Errorf("got %q (%d bytes), want nothing kept of a 100-byte line", line, size)
	}
	if line, _, _ := readLine(rd, 50); string(line) != "ok" {
		t.Errorf("got %q after the long line, want ok", line)
	}
}
