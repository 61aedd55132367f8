//go:build unix

package instance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDirIsMadePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "open")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil { // past the umask
		t.Fatal(err)
	}
	in, err := Acquire(Options{Dir: dir, Name: "tray"}, Request{Verb: VerbOpen})
	if err != nil {
		t.Fatal(err)
	}
	in.Close()
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v, want 0700", fi.Mode().Perm())
	}
	fresh := filepath.Join(t.TempDir(), "a", "b")
	if in, err = Acquire(Options{Dir: fresh, Name: "tray"}, Request{Verb: VerbOpen}); err != nil {
		t.Fatal(err)
	}
	in.Close()
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o700 {
		t.Fatalf("new dir mode %v, want 0700", fi.Mode().Perm())
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(Options{Dir: link, Name: "tray"}, Request{Verb: VerbOpen}); err == nil {
		t.Fatal("a symlinked directory was accepted")
	}
}

func TestForeignDirIsRefused(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a directory to another user")
	}
	dir := filepath.Join(t.TempDir(), "theirs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	_, err := Acquire(Options{Dir: dir, Name: "tray"}, Request{Verb: VerbOpen})
	if err == nil || !strings.Contains(err.Error(), "not to this user") {
		t.Fatalf("got %v, want a refusal of another user's directory", err)
	}
}
