//go:build linux

package local

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

// TestUnreadableSyncFolder: a sync folder the user cannot read is a clear
// failure naming the folder, for files.sync and perm.folders alike. Root
// reads everything, so as root the check is re-run in a child process as
// the unprivileged user "nobody".
func TestUnreadableSyncFolder(t *testing.T) {
	if os.Getenv("WSD_UNREADABLE_CHILD") != "" {
		t.Skip("child mode is handled by TestUnreadableChild")
	}
	base, err := os.MkdirTemp("", "wsd-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	locked := filepath.Join(base, "WPS云盘")
	if err := os.Mkdir(locked, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(locked, "a.docx"), []byte("x"), 0o600)
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o700)

	if os.Geteuid() != 0 {
		assertUnreadable(t, locked)
		return
	}
	// Copy the test binary where nobody can run it.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(base, 0o755)
	bin := filepath.Join(base, "local.test")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "^TestUnreadableChild$", "-test.v")
	cmd.Env = []string{"WSD_UNREADABLE_CHILD=" + locked, "HOME=" + base, "PATH=" + os.Getenv("PATH")}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child as nobody failed: %v\n%s", err, out)
	}
}

// TestUnreadableChild runs only inside the child process started above.
func TestUnreadableChild(t *testing.T) {
	dir := os.Getenv("WSD_UNREADABLE_CHILD")
	if dir == "" {
		t.Skip("only run as the unprivileged child of TestUnreadableSyncFolder")
	}
	assertUnreadable(t, dir)
}

func assertUnreadable(t *testing.T, dir string) {
	t.Helper()
	env := envWith(t, wps.Install{Found: true, SyncRoot: dir}, nil)
	f := run(t, checkFiles, env)
	expect(t, f, health.StatusFail, CodeFilesUnreadable)
	if f.Message.Args["path"] != dir || f.Message.Args["error"] == "" {
		t.Errorf("message args = %v", f.Message.Args)
	}
	b, _ := json.Marshal(f)
	t.Logf("files.sync as uid %d: %s", os.Geteuid(), b)
	expect(t, run(t, checkPerms, env), health.StatusFail, CodePermDenied)
}
