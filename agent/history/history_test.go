package history

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
)

var t0 = time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)

func record(i int) Record {
	r := Record{Time: t0.Add(time.Duration(i) * 30 * time.Minute), State: "healthy", Overall: "ok",
		Counts: health.Summary{OK: 30, Info: 2}, DurationMS: int64(1000 + i%500)}
	if i%7 == 0 {
		r.State, r.Overall, r.Failing, r.Counts.Fail = "problem", "fail", []string{"WSD-NET-001", "WSD-CLK-002"}, 2
	}
	return r
}

// TestBoundOver10000Runs: the acceptance of issue 19: ten thousand runs
// (a fake clock: 30 minutes apart, over 200 days) keep the history within
// its bound, the newest run last, and every file parses.
func TestBoundOver10000Runs(t *testing.T) {
	dir := t.TempDir()
	l := &Log{Dir: dir, MaxBytes: 64 << 10, Keep: 3}
	const runs = 10000
	for i := range runs {
		if err := l.Append(record(i)); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if i%500 == 0 || i == runs-1 {
			if got := dirSize(t, dir); got > l.Bound() {
				t.Fatalf("after run %d: got %d bytes on disk, want at most %d", i, got, l.Bound())
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 4 {
		t.Errorf("got files %v, want the live file and 3 rotated ones", files)
	}
	for _, f := range files {
		checkParses(t, f)
	}
	recs, skipped, err := Scan(dir, 0)
	if err != nil || skipped != 0 {
		t.Fatalf("Scan: got %d skipped, %v; want 0, nil", skipped, err)
	}
	if len(recs) < 100 || len(recs) >= runs {
		t.Fatalf("got %d records kept, want a bounded tail of the %d runs", len(recs), runs)
	}
	if got, want := recs[len(recs)-1].Time, record(runs-1).Time; !got.Equal(want) {
		t.Errorf("last record: got %v, want the newest run %v", got, want)
	}
	for i := 1; i < len(recs); i++ {
		if d := recs[i].Time.Sub(recs[i-1].Time); d != 30*time.Minute {
			t.Fatalf("records %d and %d: got %v apart, want 30m (in order, none lost inside the kept tail)", i-1, i, d)
		}
	}
	last, err := Read(dir, 5)
	if err != nil || len(last) != 5 || !last[4].Time.Equal(recs[len(recs)-1].Time) {
		t.Errorf("Read(dir, 5): got %d records, %v; want the 5 newest, newest last", len(last), err)
	}
}

func dirSize(t *testing.T, dir string) int64 {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, e := range ents {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		n += info.Size()
	}
	return n
}

func checkParses(t *testing.T, name string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s line %d: %v", name, n, err)
		}
	}
}

func TestPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := filepath.Join(t.TempDir(), "state", "wpsdoctor")
	l := &Log{Dir: dir}
	if err := l.Append(record(1)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		want os.FileMode
	}{{dir, DirPerm}, {filepath.Join(dir, FileName), FilePerm}} {
		st, err := os.Stat(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != tt.want {
			t.Errorf("%s: got mode %o, want %o (readable by every user)", tt.name, got, tt.want)
		}
	}
}

// TestNoPersonalData: a record keeps codes only; anything that is not a
// code (a path, a name, a control character) is dropped on the way in.
func TestNoPersonalData(t *testing.T) {
	dir := t.TempDir()
	l := &Log{Dir: dir}
	r := Record{Time: t0, State: "problem", Overall: "fail",
		Failing: []string{"WSD-NET-001", `C:\Users\王伟\Documents`, "/home/ana/.config", "a\nb", strings.Repeat("X", 41)},
		Warning: []string{"WSD-CLK-001", "ana@example.com"}}
	if err := l.Append(r); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, FileName))
	for _, bad := range []string{"王伟", "ana", "Users", "XXXX", "example"} {
		if strings.Contains(string(data), bad) {
			t.Errorf("history line %s: got %q in it, want codes only", data, bad)
		}
	}
	got, _ := Read(dir, 0)
	if len(got) != 1 || !slices.Equal(got[0].Failing, []string{"WSD-NET-001"}) || !slices.Equal(got[0].Warning, []string{"WSD-CLK-001"}) {
		t.Errorf("got %+v, want failing [WSD-NET-001] and warning [WSD-CLK-001]", got)
	}
}

func TestCodes(t *testing.T) {
	rep := health.Report{Findings: []health.Finding{
		{Code: "WSD-B", Status: health.StatusFail}, {Code: "WSD-A", Status: health.StatusFail},
		{Code: "WSD-A", Status: health.StatusFail}, {Code: "WSD-W", Status: health.StatusWarn},
		{Code: "WSD-E", Status: health.StatusError}, {Code: "WSD-OK", Status: health.StatusOK},
		{Code: "WSD-S", Status: health.StatusSkipped}, {Code: "bad code", Status: health.StatusFail},
	}}
	fail, warn := Codes(rep)
	if !slices.Equal(fail, []string{"WSD-A", "WSD-B"}) || !slices.Equal(warn, []string{"WSD-E", "WSD-W"}) {
		t.Errorf("got failing %v warning %v, want [WSD-A WSD-B] and [WSD-E WSD-W]", fail, warn)
	}
}

func TestReadSkipsDamagedLines(t *testing.T) {
	dir := t.TempDir()
	l := &Log{Dir: dir}
	for i := range 3 {
		if err := l.Append(record(i)); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := os.OpenFile(filepath.Join(dir, FileName), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("{\"time\":\"2026-12-02T09:00:00Z\",\"sta") // a crash mid-line
	f.Close()
	recs, skipped, err := Scan(dir, 0)
	if err != nil || len(recs) != 3 || skipped != 1 {
		t.Errorf("got %d records, %d skipped, %v; want 3, 1, nil", len(recs), skipped, err)
	}
}

func TestReadMissing(t *testing.T) {
	recs, err := Read(filepath.Join(t.TempDir(), "none"), 10)
	if err != nil || len(recs) != 0 {
		t.Errorf("got %v, %v; want an empty history", recs, err)
	}
}

func TestOversizedRecordRefused(t *testing.T) {
	l := &Log{Dir: t.TempDir(), MaxBytes: 50}
	if err := l.Append(record(0)); err == nil {
		t.Error("got nil, want an error for a record larger than the file limit")
	}
}

func TestKeepNone(t *testing.T) {
	dir := t.TempDir()
	l := &Log{Dir: dir, MaxBytes: 1 << 10, Keep: -1}
	for i := range 100 {
		if err := l.Append(record(i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := dirSize(t, dir); got > 1<<10 {
		t.Errorf("got %d bytes, want at most 1024 with no rotated files", got)
	}
}

func TestAppendWithoutFolder(t *testing.T) {
	var nilLog *Log
	for _, l := range []*Log{nilLog, {}} {
		if err := l.Append(record(0)); err == nil {
			t.Errorf("%+v: got nil, want an error without a folder", l)
		}
	}
}
