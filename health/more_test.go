package health

import (
	"context"
	"testing"
	"time"
)

// TestRunnerListsMoreFindings: a check that reports several findings
// (Finding.And) gets each listed after the first, with its ID, area and
// duration; none keeps More.
func TestRunnerListsMoreFindings(t *testing.T) {
	r := Runner{Checks: []Check{
		{ID: "a", Area: AreaInstall, Run: func(context.Context, *Env) Finding { return OK("A-1", Msg("a")) }},
		{ID: "files", Area: AreaFiles, Run: func(context.Context, *Env) Finding {
			return Warn("F-10", Msg("x")).And(Info("F-16", Msg("y")), Warn("F-13", Msg("z")))
		}},
	}}
	got := r.Run(context.Background(), nil)
	want := []struct {
		check, code string
		status      Status
	}{{"a", "A-1", StatusOK}, {"files", "F-10", StatusWarn}, {"files", "F-16", StatusInfo}, {"files", "F-13", StatusWarn}}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		f := got[i]
		if f.Check != w.check || f.Code != w.code || f.Status != w.status || f.Area == "" || f.More != nil {
			t.Errorf("finding %d: got %s %s %s area %q more %v, want %s %s %s", i, f.Check, f.Code, f.Status, f.Area, f.More, w.check, w.code, w.status)
		}
	}
	if rep := NewReport(Tool{}, Host{}, "en", time.Time{}, 0, got); rep.Summary.Warn != 2 || rep.Summary.Info != 1 {
		t.Errorf("got summary %+v, want 2 warn and 1 info", rep.Summary)
	}
}
