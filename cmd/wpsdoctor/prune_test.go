package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wpsdoctor/fixes"
)

// inflate rewrites the manifests of a quarantine entry to claim size bytes
// each: what retention used to measure.
func inflate(t *testing.T, state, entry string, size int64) {
	t.Helper()
	items, err := filepath.Glob(filepath.Join(state, "quarantine", entry, "*", "manifest.json"))
	if err != nil || len(items) == 0 {
		t.Fatalf("no manifests for %s: %v", entry, err)
	}
	for _, p := range items {
		b, _ := os.ReadFile(p)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		m["bytes"] = size
		b, _ = json.Marshal(m)
		os.WriteFile(p, b, 0o600)
	}
}

// TestYoungBigQuarantineSurvivesAFixRun: a quarantine over 2 GiB, minutes
// old, must survive the next `fix` (which used to prune it before asking),
// and undo must still restore it (issue 11, item 5).
func TestYoungBigQuarantineSurvivesAFixRun(t *testing.T) {
	home, env := fixHome(t)
	before := listTree(t, home)
	code, out, errOut := runCLI(t, env, "fix", "wps.cache.clear", "--yes", "--json")
	var rep fixReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Results) != 1 {
		t.Fatalf("first fix: %d %q %q", code, out, errOut)
	}
	first := rep.Results[0].EntryID
	inflate(t, env["WSD_STATE_DIR"], first, 3<<30)
	// WPS writes a new log; the user clears the cache again.
	os.MkdirAll(filepath.Join(home, ".local/share/Kingsoft/office6/log"), 0o755)
	os.WriteFile(filepath.Join(home, ".local/share/Kingsoft/office6/log/new.log"), []byte("new"), 0o644)
	if code, out, errOut = runCLI(t, env, "fix", "wps.cache.clear", "--yes", "--json"); code != 0 {
		t.Fatalf("second fix: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(env["WSD_STATE_DIR"], "quarantine", first)); err != nil {
		t.Fatalf("the first fix's quarantine is gone after the second fix: %v", err)
	}
	// Undo the second, then the first: everything is back.
	if code, out, errOut = runCLI(t, env, "undo", "--last"); code != 0 {
		t.Fatalf("undo of the second fix: %d %q %q", code, out, errOut)
	}
	os.Remove(filepath.Join(home, ".local/share/Kingsoft/office6/log/new.log"))
	os.Remove(filepath.Join(home, ".local/share/Kingsoft/office6/log"))
	if code, out, errOut = runCLI(t, env, "undo", first); code != 0 || !strings.Contains(out, "Undone") {
		t.Fatalf("undo of the first fix: got %d %q %q, want it undone", code, out, errOut)
	}
	if after := listTree(t, home); after != before {
		t.Fatalf("tree differs after undo:\n%s\n---\n%s", before, after)
	}
}

// TestQuarantinePruneCommand: only entries older than 14 days and beyond
// the newest 5 are listed (--dry-run deletes nothing), deleted with
// consent, journaled on their entries; undo then says they are gone.
func TestQuarantinePruneCommand(t *testing.T) {
	home, env := fixHome(t)
	state := env["WSD_STATE_DIR"]
	// One real fix, then pretend it is 30 days old.
	code, out, errOut := runCLI(t, env, "fix", "wps.cache.clear", "--yes", "--json")
	var rep fixReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Results) != 1 {
		t.Fatalf("fix: %d %q %q", code, out, errOut)
	}
	old := rep.Results[0].EntryID
	ages := map[string]time.Duration{old: 30 * 24 * time.Hour}
	// Six more entries: five young ones (kept as the newest five whatever
	// their age) and one of 20 days (pruned: old and not among them).
	src := t.TempDir()
	for i, age := range []time.Duration{20 * 24 * time.Hour, 20 * time.Hour, 16 * time.Hour, 12 * time.Hour, 8 * time.Hour, time.Hour} {
		entry := "e" + string(rune('1'+i))
		ages[entry] = age
		now := time.Now().Add(-age)
		q := &fixes.Quarantine{Dir: filepath.Join(state, "quarantine"), Now: func() time.Time { return now }}
		p := filepath.Join(src, entry)
		os.WriteFile(p, []byte(entry), 0o600)
		if _, err := q.Move(entry, "q001", p); err != nil {
			t.Fatal(err)
		}
	}
	age := func(entry string) {
		items, _ := filepath.Glob(filepath.Join(state, "quarantine", entry, "*", "manifest.json"))
		for _, p := range items {
			b, _ := os.ReadFile(p)
			var m map[string]any
			json.Unmarshal(b, &m)
			m["time"] = time.Now().Add(-ages[entry]).UTC()
			b, _ = json.Marshal(m)
			os.WriteFile(p, b, 0o600)
		}
	}
	age(old)
	want := []string{old, "e1"}
	listed := func(items []fixes.Pruned) []string {
		var out []string
		for _, p := range items {
			if len(out) == 0 || out[len(out)-1] != p.Entry {
				out = append(out, p.Entry)
			}
		}
		return out
	}
	code, out, _ = runCLI(t, env, "quarantine", "prune", "--dry-run", "--json")
	var pr pruneReport
	if code != 0 || json.Unmarshal([]byte(out), &pr) != nil || strings.Join(listed(pr.Items), ",") != strings.Join(want, ",") || pr.Deleted {
		t.Fatalf("dry run: got %d %q, want %v listed and nothing deleted", code, out, want)
	}
	if _, err := os.Stat(filepath.Join(state, "quarantine", old)); err != nil {
		t.Fatalf("dry run deleted %s: %v", old, err)
	}
	// Without a terminal and without --yes, nothing is deleted.
	if code, _, errOut = runCLI(t, env, "quarantine", "prune"); code != exitFixNotApplied || !strings.Contains(errOut, "--yes") {
		t.Fatalf("prune without consent: got %d %q, want exit 2 asking for --yes", code, errOut)
	}
	code, out, errOut = runCLI(t, env, "quarantine", "prune", "--yes")
	if code != 0 || !strings.Contains(out, "Deleted") {
		t.Fatalf("prune: %d %q %q", code, out, errOut)
	}
	for entry := range ages {
		_, err := os.Stat(filepath.Join(state, "quarantine", entry))
		if gone := os.IsNotExist(err); gone != (entry == old || entry == "e1") {
			t.Errorf("%s: gone=%v after prune (%v)", entry, gone, err)
		}
	}
	code, out, _ = runCLI(t, env, "history", "--json")
	var h []fixes.Entry
	if code != 0 || json.Unmarshal([]byte(out), &h) != nil || len(h) != 1 || len(h[0].Pruned) == 0 {
		t.Fatalf("history: got %d %q, want the entry with its pruned items", code, out)
	}
	code, out, errOut = runCLI(t, env, "undo", old)
	if code == 0 || !strings.Contains(errOut+out, "pruned") {
		t.Errorf("undo of a pruned entry: got %d %q, want a failure naming the pruning", code, errOut)
	}
	_ = home
}

// TestHistoryWarnsAboutADamagedJournalLine: a torn record is skipped with
// a warning in the user's language; the entry after it is listed and
// undone.
func TestHistoryWarnsAboutADamagedJournalLine(t *testing.T) {
	_, env := fixHome(t)
	journal := filepath.Join(env["WSD_STATE_DIR"], "journal.jsonl")
	os.MkdirAll(filepath.Dir(journal), 0o700)
	os.WriteFile(journal, []byte(`{"entry":"20260101T000000Z-x","event":"pl`), 0o600)
	code, out, errOut := runCLI(t, env, "fix", "wps.cache.clear", "--yes", "--json")
	var rep fixReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Results) != 1 {
		t.Fatalf("fix: %d %q %q", code, out, errOut)
	}
	for _, lang := range []string{"en", "zh-CN"} {
		code, out, errOut = runCLI(t, env, "history", "--lang", lang)
		if code != 0 || !strings.Contains(out, rep.Results[0].EntryID) {
			t.Fatalf("history: got %d %q, want the entry listed", code, out)
		}
		want := map[string]string{"en": "Line 1 of the fix journal", "zh-CN": "第 1 行已损坏"}[lang]
		if !strings.Contains(errOut, want) {
			t.Errorf("history --lang %s: got stderr %q, want %q", lang, errOut, want)
		}
	}
	if code, out, errOut = runCLI(t, env, "undo", "--last"); code != 0 {
		t.Fatalf("undo: %d %q %q", code, out, errOut)
	}
}
