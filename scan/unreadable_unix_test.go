//go:build linux || darwin

package scan

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// unreadableOutcome is what the helper reports back across the user switch.
type unreadableOutcome struct {
	Result        Result
	RootErr       string
	RootPermError bool
}

// scanLocked scans root (which holds "locked", mode 000) and then
// "locked" itself as the root.
func scanLocked(root string) unreadableOutcome {
	var out unreadableOutcome
	out.Result, _ = Scan(context.Background(), Options{Root: root})
	_, err := Scan(context.Background(), Options{Root: filepath.Join(root, "locked")})
	if err != nil {
		out.RootErr = err.Error()
	}
	out.RootPermError = errors.Is(err, fs.ErrPermission)
	return out
}

// TestHelperUnreadable is not a test on its own: TestScanUnreadable runs
// the test binary as an unprivileged user with WSD_SCAN_HELPER_ROOT set.
func TestHelperUnreadable(t *testing.T) {
	root := os.Getenv("WSD_SCAN_HELPER_ROOT")
	if root == "" {
		t.Skip("helper for TestScanUnreadable")
	}
	b, _ := json.Marshal(scanLocked(root))
	os.Stdout.Write(append([]byte("OUTCOME "), append(b, '\n')...))
}

func TestScanUnreadable(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "drive")
	for _, d := range []string{"drive/open", "drive/locked/inner"} {
		if err := os.MkdirAll(filepath.Join(parent, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"drive/open/a.txt", "drive/locked/secret.txt", "drive/locked/inner/b.txt"} {
		if err := os.WriteFile(filepath.Join(parent, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })

	var out unreadableOutcome
	if os.Geteuid() != 0 {
		out = scanLocked(root)
	} else {
		// Root reads through mode 000, so the assertion needs another user:
		// run this test binary as nobody on the same tree.
		out = runAsNobody(t, parent, root)
	}
	res := out.Result
	if res.Counts[Unreadable] != 1 || len(res.Examples[Unreadable]) != 1 || res.Examples[Unreadable][0].Path != "locked" {
		t.Errorf("unreadable: count %d, examples %+v; want one, \"locked\"", res.Counts[Unreadable], res.Examples[Unreadable])
	}
	if ex := res.Examples[Unreadable]; len(ex) == 1 && !strings.Contains(ex[0].Detail, "permission denied") {
		t.Errorf("detail %q: want the OS reason", ex[0].Detail)
	}
	if res.Files != 1 || res.Dirs != 2 {
		t.Errorf("files %d dirs %d; want 1 and 2 (locked content unseen)", res.Files, res.Dirs)
	}
	if !out.RootPermError {
		t.Errorf("locked root: err %q, want errors.Is(err, fs.ErrPermission)", out.RootErr)
	}
}

func runAsNobody(t *testing.T, parent, root string) unreadableOutcome {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Skip("cannot find the test binary:", err)
	}
	// The binary and the tree must be reachable by nobody.
	binDir := t.TempDir()
	bin := filepath.Join(binDir, "scan.test")
	if err := copyFile(self, bin); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{binDir, filepath.Dir(binDir), parent, filepath.Dir(parent)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^TestHelperUnreadable$")
	cmd.Dir = binDir
	cmd.Env = append(os.Environ(), "WSD_SCAN_HELPER_ROOT="+root)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	raw, err := cmd.CombinedOutput()
	if err != nil {
		t.Skipf("running as root and cannot switch to uid 65534 (%v), so permission bits do not apply: skipping the unreadable assertions\n%s", err, raw)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "OUTCOME "); ok {
			var out unreadableOutcome
			if err := json.Unmarshal([]byte(rest), &out); err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	t.Fatalf("helper printed no outcome:\n%s", raw)
	return unreadableOutcome{}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// A FIFO (or socket, device) is neither counted nor opened: opening a FIFO
// to sniff an archive header would block the scan.
func TestScanSkipsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.zip"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), Options{Root: dir, Archives: []string{".zip"}, Unsupported: []string{".zip"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 1 || len(res.Counts) != 0 {
		t.Errorf("files %d, counts %v; want 1 file and no problems", res.Files, res.Counts)
	}
}
