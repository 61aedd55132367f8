package proc

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"reflect"
	"testing"
	"testing/fstest"
	"time"
)

func TestCloseArgvPerOS(t *testing.T) {
	p := Process{PID: 4242, Name: "wps.exe"}
	if got, want := CloseArgv("windows", p, ""), []string{"taskkill", "/PID", "4242"}; !reflect.DeepEqual(got, want) {
		t.Errorf("windows: %q", got)
	}
	want := []string{"osascript", "-e", `if application id "com.kingsoft.wpsoffice.mac" is running then tell application id "com.kingsoft.wpsoffice.mac" to quit`}
	if got := CloseArgv("darwin", p, "com.kingsoft.wpsoffice.mac"); !reflect.DeepEqual(got, want) {
		t.Errorf("darwin: %q", got)
	}
	if got := CloseArgv("darwin", p, `x" to do shell script "rm -rf ~`); got != nil {
		t.Errorf("unknown bundle id must not reach AppleScript: %q", got)
	}
	if got := CloseArgv("linux", p, ""); got != nil {
		t.Errorf("linux has no graceful close: %q", got)
	}
	if got := TerminateArgv("linux", Process{PID: 7}); !reflect.DeepEqual(got, []string{"kill", "-TERM", "7"}) {
		t.Errorf("terminate: %q", got)
	}
}

func TestWaitGone(t *testing.T) {
	calls := 0
	list := func(context.Context) ([]Process, error) {
		calls++
		if calls < 3 {
			return []Process{{PID: 1}, {PID: 2}}, nil
		}
		return []Process{{PID: 1}}, nil
	}
	if err := WaitGone(context.Background(), list, []int{2}, time.Minute, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	stuck := func(context.Context) ([]Process, error) { return []Process{{PID: 2}}, nil }
	if err := WaitGone(context.Background(), stuck, []int{2}, 5*time.Millisecond, time.Millisecond); !errors.Is(err, ErrStillRunning) {
		t.Fatalf("got %v", err)
	}
}

func TestUnsavedHints(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	fsys := fstest.MapFS{
		"docs/report.docx":       {},
		"docs/~$report.docx":     {},
		"docs/.~lock.plan.xlsx#": {},
		"backup/old.et":          {ModTime: now.Add(-time.Hour)},
		"backup/sub/new.wps.bak": {ModTime: now.Add(time.Minute)},
	}
	got := UnsavedHints(dirFS{fsys}, path.Join, []string{"docs"}, []string{"backup"}, now)
	want := []string{"docs/.~lock.plan.xlsx#", "docs/~$report.docx", "backup/sub/new.wps.bak"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("hints = %q, want %q", got, want)
	}
}

type dirFS struct{ fs.FS }

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
