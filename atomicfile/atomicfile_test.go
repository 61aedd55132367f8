package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	p := filepath.Join(dir, "settings.json")
	for _, content := range []string{"first\n", "second, longer content\n", ""} {
		if err := Write(p, []byte(content), 0o640, 0o700); err != nil {
			t.Fatalf("Write: %v", err)
		}
		b, err := os.ReadFile(p)
		if err != nil || string(b) != content {
			t.Fatalf("got %q, %v; want %q", b, err, content)
		}
	}
	if runtime.GOOS != "windows" {
		st, _ := os.Stat(p)
		if st.Mode().Perm() != 0o640 {
			t.Errorf("got mode %v, want 0640", st.Mode().Perm())
		}
		dst, _ := os.Stat(dir)
		if dst.Mode().Perm() != 0o700 {
			t.Errorf("got folder mode %v, want 0700", dst.Mode().Perm())
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %q", left)
	}
}

func TestWriteFailureLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := Write(p, []byte("old"), 0o600, 0o700); err != nil {
		t.Fatal(err)
	}
	// The target is now a folder: the rename fails, the temp file goes.
	q := filepath.Join(dir, "d")
	os.Mkdir(q, 0o700)
	os.WriteFile(filepath.Join(q, "x"), nil, 0o600)
	if err := Write(q, []byte("new"), 0o600, 0o700); err == nil {
		t.Fatal("got no error replacing a non-empty folder")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("got %q, want the old content", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %q", left)
	}
}

func TestWriteNew(t *testing.T) {
	p := filepath.Join(t.TempDir(), "b.zip")
	if err := WriteNew(p, func(w io.Writer) error { _, err := w.Write([]byte("zip")); return err }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("got mode %v, want 0600", st.Mode().Perm())
	}
	if err := WriteNew(p, func(io.Writer) error { return nil }); !errors.Is(err, ErrExists) {
		t.Errorf("an existing file: got %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "zip" {
		t.Errorf("got %q, want the first file untouched", b)
	}
	q := filepath.Join(t.TempDir(), "half.zip")
	if err := WriteNew(q, func(w io.Writer) error { w.Write([]byte("ha")); return errors.New("disk full") }); err == nil {
		t.Error("a failed write: got no error")
	}
	if _, err := os.Stat(q); !os.IsNotExist(err) {
		t.Errorf("a half-written file was left: %v", err)
	}
}
