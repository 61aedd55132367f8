package fixes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestQuarantineRestoreRefusesNewerFile(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"cache/a": "", "cache/sub/b": ""})
	q := &Quarantine{Dir: filepath.Join(t.TempDir(), "q")}
	m, err := q.Move("e1", "q001", filepath.Join(root, "cache"))
	if err != nil || len(m.Files) != 4 || m.Bytes == 0 {
		t.Fatalf("move: %v %+v", err, m)
	}
	for _, f := range m.Files {
		if !f.Dir && len(f.SHA256) != 64 {
			t.Errorf("no hash for %s", f.Rel)
		}
	}
	// WPS recreated the folder and wrote a new file into it.
	writeTree(t, root, map[string]string{"cache/new": "fresh"})
	_, err = q.Restore("e1", "q001")
	if !errors.Is(err, ErrNewerExists) || !strings.Contains(err.Error(), filepath.Join(root, "cache")) {
		t.Fatalf("restore over a newer folder: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "cache/new")); string(b) != "fresh" {
		t.Fatal("the newer file was overwritten")
	}
	// An empty folder recreated by WPS is fine to replace.
	os.Remove(filepath.Join(root, "cache/new"))
	if _, err := q.Restore("e1", "q001"); err != nil {
		t.Fatalf("restore over an empty folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "cache/sub/b")); err != nil {
		t.Fatal(err)
	}
}

func TestQuarantineDetectsTampering(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"c/a": ""})
	q := &Quarantine{Dir: filepath.Join(t.TempDir(), "q")}
	if _, err := q.Move("e", "i", filepath.Join(root, "c")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(q.Dir, "e", "i", "data", "a"), []byte("changed in quarantine"), 0o600)
	if _, err := q.Restore("e", "i"); err == nil || !strings.Contains(err.Error(), "differs from its manifest") {
		t.Fatalf("got %v", err)
	}
}

func TestQuarantineRejectsBadIDsAndRelativePaths(t *testing.T) {
	q := &Quarantine{Dir: t.TempDir()}
	for _, c := range [][3]string{{"..", "x", "/tmp/x"}, {"e", "../../x", "/tmp/x"}, {"e", "x", "relative/path"}} {
		if _, err := q.Move(c[0], c[1], c[2]); err == nil {
			t.Errorf("accepted %q", c)
		}
	}
	// A missing path is nothing to move, not an error.
	if m, err := q.Move("e", "gone", filepath.Join(t.TempDir(), "nope")); err != nil || len(m.Files) != 0 {
		t.Errorf("missing path: %v %+v", err, m)
	}
	if _, err := q.Restore("e", "gone"); err != nil {
		t.Errorf("restore of nothing: %v", err)
	}
}

func TestQuarantinePruneByAgeAndSize(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	clock := now.Add(-10 * 24 * time.Hour)
	q := &Quarantine{Dir: t.TempDir(), Now: func() time.Time { return clock }}
	root := t.TempDir()
	move := func(item string, size int) {
		p := filepath.Join(root, item)
		os.WriteFile(p, make([]byte, size), 0o600)
		if _, err := q.Move("e", item, p); err != nil {
			t.Fatal(err)
		}
	}
	move("old", 10) // 10 days old
	clock = now.Add(-2 * time.Hour)
	move("mid", 300)
	clock = now.Add(-time.Hour)
	move("new", 300)
	clock = now
	pruned, err := q.Prune(7*24*time.Hour, 400)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pruned {
		names = append(names, p.Item)
	}
	if strings.Join(names, ",") != "old,mid" {
		t.Fatalf("pruned %v, want old (age) then mid (size, oldest first)", names)
	}
	if _, err := os.Stat(filepath.Join(q.Dir, "e", "new", "manifest.json")); err != nil {
		t.Error("the newest item must stay")
	}
}
