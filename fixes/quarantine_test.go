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

// TestQuarantinePruneByAgeOnly: only entries older than the retention
// period and beyond the newest five go, whatever their size (item 5).
func TestQuarantinePruneByAgeOnly(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var clock time.Time
	q := &Quarantine{Dir: t.TempDir(), Now: func() time.Time { return clock }}
	root := t.TempDir()
	move := func(entry string, age time.Duration) {
		clock = now.Add(-age)
		p := filepath.Join(root, entry)
		os.WriteFile(p, []byte(entry), 0o600)
		if _, err := q.Move(entry, "q001", p); err != nil {
			t.Fatal(err)
		}
	}
	day := 24 * time.Hour
	// Oldest first: a..c are older than 14 days, d..h younger.
	for i, age := range []time.Duration{40 * day, 20 * day, 15 * day, 13 * day, 5 * day, 3 * day, 2 * day, time.Hour} {
		move(string(rune('a'+i)), age)
	}
	clock = now
	cases := []struct {
		name string
		r    Retention
		want string
	}{
		{"default", DefaultRetention, "a,b,c"},
		{"a shorter age is not honoured", Retention{MinAge: time.Hour, KeepNewest: 1}, "a,b,c"},
		{"keep more", Retention{MinAge: 14 * day, KeepNewest: 7}, "a"},
		{"longer age", Retention{MinAge: 30 * day, KeepNewest: 5}, "a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			list, err := q.Prunable(c.r)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range list {
				names = append(names, p.Entry)
			}
			if got := strings.Join(names, ","); got != c.want {
				t.Fatalf("got prunable %q, want %q", got, c.want)
			}
		})
	}
	// Restored entries hold only markers: they do not count among the
	// newest five, so b, c and the restored d..e make room for older ones.
	t.Run("restored entries do not count", func(t *testing.T) {
		q2 := &Quarantine{Dir: t.TempDir(), Now: func() time.Time { return clock }}
		for i, age := range []time.Duration{20 * day, 15 * day, 3 * day, 2 * day, time.Hour} {
			clock = now.Add(-age)
			name := "r" + string(rune('a'+i))
			p := filepath.Join(root, name)
			os.WriteFile(p, []byte(name), 0o600)
			if _, err := q2.Move(name, "q001", p); err != nil {
				t.Fatal(err)
			}
		}
		clock = now
		list, _ := q2.Prunable(DefaultRetention)
		if len(list) != 0 {
			t.Fatalf("got %+v, want nothing prunable: five entries hold files", list)
		}
		if _, err := q2.Restore("re", "q001"); err != nil {
			t.Fatal(err)
		}
		list, _ = q2.Prunable(DefaultRetention)
		if len(list) != 0 {
			t.Fatalf("got %+v, want nothing prunable: the restored one is young", list)
		}
		clock = now.Add(15 * day) // everything is old now; ra..rd hold files
		list, _ = q2.Prunable(DefaultRetention)
		if len(list) != 1 || list[0].Entry != "re" || !list[0].Restored || list[0].Bytes != 0 {
			t.Fatalf("got %+v, want only the restored marker re (0 bytes)", list)
		}
		clock = now
	})
	var seen []string
	pruned, err := q.Prune(DefaultRetention, func(p Pruned) error { seen = append(seen, p.Entry); return nil })
	if err != nil || len(pruned) != 3 || strings.Join(seen, ",") != "a,b,c" {
		t.Fatalf("prune: got %v %+v (hook saw %v), want a,b,c", err, pruned, seen)
	}
	for _, e := range []string{"d", "e", "f", "g", "h"} {
		if _, err := os.Stat(filepath.Join(q.Dir, e, "q001", "manifest.json")); err != nil {
			t.Errorf("entry %s must stay: %v", e, err)
		}
	}
	if _, err := os.Stat(filepath.Join(q.Dir, "a")); !os.IsNotExist(err) {
		t.Errorf("entry a must be gone: %v", err)
	}
	if _, err := q.Restore("a", "q001"); !errors.Is(err, ErrItemGone) {
		t.Errorf("restore of a pruned item: got %v, want ErrItemGone", err)
	}
}
