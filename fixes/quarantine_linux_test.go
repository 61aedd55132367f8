//go:build linux

package fixes

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"wpsdoctor/health"

	"wpsdoctor/platform/wps"
)

func deviceID(t *testing.T, p string) uint64 {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(p, &st); err != nil {
		t.Fatal(err)
	}
	return st.Dev
}

// withCrossDevice runs fn with two directories on different file systems:
// the test's temp dir and /dev/shm (tmpfs) when they differ, else a tmpfs
// mounted in a private mount namespace (a child process, as root).
func withCrossDevice(t *testing.T, fn func(t *testing.T, a, b string)) {
	t.Helper()
	if mnt := os.Getenv("WPSD_XDEV_MNT"); mnt != "" {
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=64m"); err != nil {
			t.Fatalf("mount tmpfs in the private namespace: %v", err)
		}
		fn(t, mnt, t.TempDir())
		if !t.Failed() {
			fmt.Println("CHILD-OK")
		}
		return
	}
	a := t.TempDir()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		shm, err := os.MkdirTemp("/dev/shm", "wpsd-safety-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(shm) })
			if deviceID(t, shm) != deviceID(t, a) {
				fn(t, shm, a)
				return
			}
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("needs two file systems: /dev/shm is missing or on the temp dir's device, and mounting a tmpfs needs root")
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("needs unshare (util-linux) to mount a tmpfs in a private mount namespace")
	}
	mnt := t.TempDir()
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "WPSD_XDEV_MNT="+mnt)
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("CHILD-OK")) {
		t.Fatalf("child in a private mount namespace failed: %v\n%s", err, out)
	}
}

// TestQuarantineRestoresModesAcrossFileSystems: a move and a restore that
// both cross file systems (copy, not rename) bring back every mode bit
// (0666 files, setgid and sticky folders) whatever the umask (item 7).
func TestQuarantineRestoresModesAcrossFileSystems(t *testing.T) {
	withCrossDevice(t, func(t *testing.T, a, b string) {
		old := syscall.Umask(0o022)
		defer syscall.Umask(old)
		cache := filepath.Join(a, "cache")
		want := map[string]fs.FileMode{
			".":             fs.ModeDir | 0o755,
			"shared.dat":    0o666,
			"group":         fs.ModeDir | fs.ModeSetgid | 0o775,
			"group/f":       0o664,
			"sticky":        fs.ModeDir | fs.ModeSticky | 0o777,
			"sticky/s":      0o600,
			"ro.txt":        0o444,
			"tool":          0o755,
			"private":       fs.ModeDir | 0o700,
			"private/k.bin": 0o640,
		}
		for _, rel := range []string{".", "group", "sticky", "private"} {
			os.MkdirAll(filepath.Join(cache, rel), 0o700)
		}
		for rel, m := range want {
			p := filepath.Join(cache, rel)
			if !m.IsDir() {
				if err := os.WriteFile(p, []byte("data of "+rel), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		for rel, m := range want {
			if err := os.Chmod(filepath.Join(cache, rel), m&(fs.ModePerm|fs.ModeSetgid|fs.ModeSticky)); err != nil {
				t.Fatal(err)
			}
		}
		modes := func(root string) map[string]fs.FileMode {
			got := map[string]fs.FileMode{}
			for rel := range want {
				fi, err := os.Lstat(filepath.Join(root, rel))
				if err != nil {
					t.Fatalf("%s: %v", rel, err)
				}
				got[rel] = fi.Mode()
			}
			return got
		}
		for rel, m := range modes(cache) {
			if m != want[rel] {
				t.Fatalf("setup: %s is %v, want %v", rel, m, want[rel])
			}
		}
		q := &Quarantine{Dir: filepath.Join(b, "q")}
		if _, err := q.Move("e1", "q001", cache); err != nil {
			t.Fatalf("move: %v", err)
		}
		data := filepath.Join(q.Dir, "e1", "q001", "data")
		if deviceID(t, data) == deviceID(t, a) {
			t.Fatal("the quarantine is on the cache's file system: the test proves nothing")
		}
		for rel, m := range modes(data) {
			if m != want[rel] {
				t.Errorf("in the quarantine: %s is %v, want %v", rel, m, want[rel])
			}
		}
		if _, err := q.Restore("e1", "q001"); err != nil {
			t.Fatalf("restore: %v", err)
		}
		for rel, m := range modes(cache) {
			if m != want[rel] {
				t.Errorf("restored: %s is %v, want %v", rel, m, want[rel])
			}
		}
	})
}

// TestQuarantineRestoreComparesModes: a mode changed in the quarantine
// makes the restored item differ from its manifest (item 7).
func TestQuarantineRestoreComparesModes(t *testing.T) {
	for _, forceCopy := range []bool{false, true} {
		t.Run(strconv.FormatBool(forceCopy), func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{"c/a": ""})
			q := &Quarantine{Dir: filepath.Join(t.TempDir(), "q"), forceCopy: forceCopy}
			if _, err := q.Move("e", "i", filepath.Join(root, "c")); err != nil {
				t.Fatal(err)
			}
			os.Chmod(filepath.Join(q.Dir, "e", "i", "data", "a"), 0o666)
			// The rename path finds it after the move, the copy path when it
			// verifies its copy (and keeps the item in the quarantine).
			if _, err := q.Restore("e", "i"); err == nil || !strings.Contains(err.Error(), "has mode -rw-rw-rw-, expected -rw-r-----") {
				t.Fatalf("got %v, want a restore that reports the changed mode", err)
			}
		})
	}
}

// bigCacheEnv is linuxCacheEnv with a 1 MiB file in the first cache
// folder, so a copy can be cut in the middle of a file.
func bigCacheEnv(t *testing.T, home string) *Env {
	writeTree(t, home, linuxTree)
	big := filepath.Join(home, ".kingsoft/wps/addons/pool/big.bin")
	if err := os.WriteFile(big, bytes.Repeat([]byte("0123456789abcdef"), 1<<16), 0o644); err != nil {
		t.Fatal(err)
	}
	return cacheEnvAt(home)
}

func cacheEnvAt(home string) *Env {
	in := wps.DiscoverLinux(wps.OSFS{}, home, nil)
	return &Env{OS: "linux", FS: wps.OSFS{}, Home: home, Install: func() (wps.Install, error) { return in, nil }}
}

// crashChild runs this test in a child process that is killed (SIGKILL,
// by itself) once a cross-device copy has written 512 KiB.
func crashChild(t *testing.T, env ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err == nil || !errorsAs(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("got child %v, want it killed mid-copy\n%s", err, out)
	}
}

func errorsAs(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	*target = e
	return ok
}

func killAfter(n int64) func(int64) {
	return func(total int64) {
		if total >= n {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		}
	}
}

// TestCrashDuringQuarantineCopy: the fix is killed while it copies a
// cache folder across file systems. Undo must say nothing was moved, clean
// the partial copy and leave the tree as it was (item 8).
func TestCrashDuringQuarantineCopy(t *testing.T) {
	if os.Getenv("WPSD_CRASH_CHILD") == "apply" {
		e, err := NewEngine(os.Getenv("WPSD_STATE"), cacheEnvAt(os.Getenv("WPSD_HOME")))
		if err != nil {
			t.Fatal(err)
		}
		e.Elevated, e.Elevator = true, nil
		e.Local.Quarantine.forceCopy = true
		e.Local.Quarantine.copied = killAfter(512 << 10)
		p, err := e.Plan(context.Background(), health.FixCacheClear)
		if err != nil || p.Refusal != nil {
			t.Fatalf("plan: %v %v", err, p.Refusal)
		}
		e.Apply(context.Background(), p, nil)
		t.Fatal("the copy finished: never killed")
	}
	home, state := t.TempDir(), t.TempDir()
	env := bigCacheEnv(t, home)
	before := snapshot(t, home)
	crashChild(t, "WPSD_CRASH_CHILD=apply", "WPSD_HOME="+home, "WPSD_STATE="+state)
	e, err := NewEngine(state, env)
	if err != nil {
		t.Fatal(err)
	}
	e.Elevated, e.Elevator = true, nil
	pend, err := e.Pending()
	if err != nil || len(pend) != 1 {
		t.Fatalf("got pending %v %+v, want the killed entry", err, pend)
	}
	res, err := e.Undo(context.Background(), pend[0].ID, nil)
	if err != nil || res.Outcome != OutcomeUndone {
		t.Fatalf("undo: got %v %+v, want undone", err, res)
	}
	said := false
	for _, s := range res.Steps {
		said = said || strings.Contains(s.Output, "nothing was moved")
	}
	if !said {
		t.Errorf("got steps %+v, want one saying nothing was moved", res.Steps)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("tree differs after undo:\n%s", d)
	}
	for rel := range snapshot(t, filepath.Join(state, "quarantine")) {
		if base := filepath.Base(rel); base == partialName || base == dataName {
			t.Errorf("got %s left in the quarantine, want the partial copy cleaned", rel)
		}
	}
}

// TestCrashDuringRestoreCopy: undo is killed while it copies an item back
// across file systems; a second undo completes it exactly (item 8).
func TestCrashDuringRestoreCopy(t *testing.T) {
	if os.Getenv("WPSD_CRASH_CHILD") == "undo" {
		e, err := NewEngine(os.Getenv("WPSD_STATE"), &Env{OS: "linux", Home: os.Getenv("WPSD_HOME")})
		if err != nil {
			t.Fatal(err)
		}
		e.Elevated, e.Elevator = true, nil
		e.Local.Quarantine.forceCopy = true
		e.Local.Quarantine.copied = killAfter(512 << 10)
		e.Undo(context.Background(), os.Getenv("WPSD_ENTRY"), nil)
		t.Fatal("the copy finished: never killed")
	}
	home, state := t.TempDir(), t.TempDir()
	env := bigCacheEnv(t, home)
	before := snapshot(t, home)
	e, err := NewEngine(state, env)
	if err != nil {
		t.Fatal(err)
	}
	e.Elevated, e.Elevator = true, nil
	e.Local.Quarantine.forceCopy = true
	p, err := e.Plan(context.Background(), health.FixCacheClear)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan: %v %v", err, p.Refusal)
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	crashChild(t, "WPSD_CRASH_CHILD=undo", "WPSD_HOME="+home, "WPSD_STATE="+state, "WPSD_ENTRY="+res.EntryID)
	u, err := e.Undo(context.Background(), res.EntryID, nil)
	if err != nil || u.Outcome != OutcomeUndone {
		t.Fatalf("second undo: got %v %+v, want undone", err, u)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("tree differs after undo:\n%s", d)
	}
}
