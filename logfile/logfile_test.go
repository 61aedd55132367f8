package logfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(data)
}

func TestRotation(t *testing.T) {
	tests := []struct {
		name  string
		lines int
		want  map[string]string // file suffix -> content; absent = must not exist
	}{
		{"under the limit", 2, map[string]string{"": "line0\nline1\n"}},
		{"one rotation", 3, map[string]string{"": "line2\n", ".1": "line0\nline1\n"}},
		{"keeps three", 9, map[string]string{"": "line8\n", ".1": "line6\nline7\n", ".2": "line4\nline5\n", ".3": "line2\nline3\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tray.log")
			w, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			w.MaxBytes, w.Keep = 12, 3 // two 6-byte lines a file
			for i := 0; i < tc.lines; i++ {
				if _, err := fmt.Fprintf(w, "line%d\n", i); err != nil {
					t.Fatal(err)
				}
			}
			w.Close()
			for suffix, want := range tc.want {
				if got := read(t, path+suffix); got != want {
					t.Errorf("%s: got %q, want %q", filepath.Base(path+suffix), got, want)
				}
			}
			if _, err := os.Stat(path + ".4"); err == nil {
				t.Errorf("got %s.4, want at most 3 rotated files", filepath.Base(path))
			}
		})
	}
}

func TestAppendsAcrossOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	for i := 0; i < 2; i++ {
		w, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		w.MaxBytes = 12
		fmt.Fprintf(w, "run%d\n", i)
		w.Close()
	}
	if got, want := read(t, path), "run0\nrun1\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// The third run's line would pass 12 bytes: the file rotates on its size on disk.
	w, _ := Open(path)
	w.MaxBytes = 12
	fmt.Fprintf(w, "run2\n")
	w.Close()
	if got, want := read(t, path+".1"), "run0\nrun1\n"; got != want {
		t.Errorf(".1: got %q, want %q", got, want)
	}
	if got, want := read(t, path), "run2\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLongLineNotSplit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.log")
	w, _ := Open(path)
	w.MaxBytes = 4
	long := strings.Repeat("x", 10) + "\n"
	fmt.Fprint(w, long)
	w.Close()
	if got := read(t, path); got != long {
		t.Errorf("got %q, want %q", got, long)
	}
	if _, err := os.Stat(path + ".1"); err == nil {
		t.Errorf("got a rotated file for the first write, want none")
	}
}

func TestOpenFails(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing", "x.log")); err == nil {
		t.Errorf("got no error opening in a missing directory, want one")
	}
}
