package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wpsdoctor/agent/history"
	"wpsdoctor/health"
)

// TestServiceHistory: `service history` shows the agent's last runs, newest
// last, as lines or JSON; no history yet is said in words, not an error.
func TestServiceHistory(t *testing.T) {
	dir := t.TempDir()
	sys := filepath.Join(dir, "sys")
	env := map[string]string{"HOME": dir, "WSD_STATE_DIR": filepath.Join(dir, "state"), "WSD_SYSTEM_STATE_DIR": sys, "LANG": "en_US.UTF-8"}

	code, out, errOut := runCLI(t, env, "service", "history")
	if code != 0 || !strings.Contains(out, "has not recorded a check yet") {
		t.Fatalf("empty history: exit %d, out %q, err %q; want 0 and a sentence", code, out, errOut)
	}
	log := &history.Log{Dir: sys}
	t0 := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	for i, st := range []string{"healthy", "problem", "warning"} {
		r := history.Record{Time: t0.Add(time.Duration(i) * time.Hour), State: st}
		if st == "problem" {
			r.Counts = health.Summary{Fail: 1}
			r.Failing = []string{"WSD-NET-012"}
		}
		if err := log.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut = runCLI(t, env, "service", "history", "-n", "2")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "problem") || !strings.Contains(lines[0], "WSD-NET-012") || !strings.Contains(lines[1], "warning") {
		t.Fatalf("-n 2: exit %d, lines %q (err %q); want the last two runs, problem then warning", code, lines, errOut)
	}
	code, out, _ = runCLI(t, env, "service", "history", "--json")
	var recs []history.Record
	if err := json.Unmarshal([]byte(out), &recs); code != 0 || err != nil || len(recs) != 3 || recs[2].State != "warning" {
		t.Fatalf("--json: exit %d, %v, %+v; want 3 records, the newest last", code, err, recs)
	}
	if code, _, errOut = runCLI(t, env, "service", "history", "-n", "0"); code != exitToolFailure || !strings.Contains(errOut, "-n 0") {
		t.Errorf("-n 0: exit %d, err %q; want %d and the reason", code, errOut, exitToolFailure)
	}
}
