//go:build wine

package wine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// The installer of make dist under Wine (make dist-verify sets the
// environment; make test-windows skips this): it installs silently, the
// installed CLI runs from the install folder and finds a WPS install
// planted in Wine's registry and files, and the uninstaller removes
// everything but the users' quarantine and journal, which /PURGE removes.
const installDir = `C:\Program Files\WPS Sync Doctor`

func TestInstaller(t *testing.T) {
	setup := os.Getenv("WSD_DIST_INSTALLER")
	if setup == "" {
		t.Skip("WSD_DIST_INSTALLER unset: make dist-verify runs this with the installer make dist built")
	}
	dir := filepath.Join(prefix, "drive_c", "Program Files", "WPS Sync Doctor")
	start := time.Now()
	install(t, setup)
	t.Logf("silent install: %.1f s", time.Since(start).Seconds())
	assertInstalled(t, dir)
	// The agent service is registered with Wine's service manager, running
	// the installed binary's fixed verb. (Starting it fails under Wine 8:
	// install.log says so, and the install goes on, as designed.)
	if img, ok := serviceImagePath(); !ok || !strings.Contains(img, installDir+`\wpsdoctor.exe`) || !strings.Contains(img, "service run") {
		t.Errorf("agent service after install: got ImagePath %q (registered %v), want %s\\wpsdoctor.exe … service run", img, ok, installDir)
	}

	saved := exe
	exe = installDir + `\wpsdoctor.exe`
	t.Cleanup(func() { exe = saved })
	r := cli(t, "version")
	if want := os.Getenv("WSD_DIST_VERSION"); r.code != 0 || !strings.Contains(string(r.stdout), want) {
		t.Errorf("installed wpsdoctor.exe version: got exit %d %q, want %q in it", r.code, r.stdout, want)
	}
	if tray, err := wineRun(60*time.Second, installDir+`\wpsdoctor-tray.exe`, "--version"); err != nil || !strings.Contains(tray, "wpsdoctor-tray") {
		t.Errorf("installed wpsdoctor-tray.exe --version: got %q, %v; want its version", tray, err)
	}

	t.Run("finds a planted WPS", installedFindsWPS)

	journal := filepath.Join(wineUser, "AppData", "Roaming", "wpsdoctor", "journal.jsonl")
	if err := copyBytes(journal, `{"fix":"dns.flush"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	uninstall(t, dir)
	t.Logf("silent uninstall: %.1f s", time.Since(start).Seconds())
	assertRemoved(t, dir)
	if img, ok := serviceImagePath(); ok {
		t.Errorf("agent service after uninstall: still registered (%q), want it removed", img)
	}
	if _, err := os.Stat(journal); err != nil {
		t.Errorf("uninstall without /PURGE: the user's journal is gone (%v), want it kept", err)
	}

	install(t, setup)
	uninstall(t, dir, "/PURGE")
	assertRemoved(t, dir)
	if _, err := os.Stat(filepath.Dir(journal)); !os.IsNotExist(err) {
		t.Errorf("uninstall /PURGE: %s still there (%v), want it removed", filepath.Dir(journal), err)
	}
}

// installedFindsWPS: the mainland per-user fixture (HKCU ...\6.0\Common
// InstallRoot on D:, wpscloudsvr.exe, the cache and sync folders) seen by
// the installed CLI with its version and edition; dns.set's Windows plan.
func installedFindsWPS(t *testing.T) {
	plantFixture(t, "mainland12", false)
	t.Cleanup(func() { removePlanted(t) })
	for _, p := range []string{
		filepath.Join(driveD(t), "WPS Office", "12.1.0.28505", "office6", "wpscloudsvr.exe"),
		filepath.Join(wineUser, "AppData", "Local", "Kingsoft", "WPS Cloud Files", "userdata", "qing", "filecache"),
	} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("the fixture did not plant %s: %v", p, err)
		}
	}
	_, by, _ := check(t, "en")
	inst := want(t, by, "wps.installed", "ok", "")
	ver := want(t, by, "wps.version", "ok", "")
	ev := fmt.Sprint(inst.Evidence, ver.Evidence, inst.Text, ver.Text)
	for _, s := range []string{"12.1.0.28505", "mainland", `D:\WPS Office\12.1.0.28505`} {
		if !strings.Contains(ev, s) {
			t.Errorf("wps.installed/wps.version: %q not in\n%s", s, ev)
		}
	}
	j := cli(t, "fix", "dns.set", "--dry-run", "--json", "--lang", "en")
	txt := cli(t, "fix", "dns.set", "--dry-run", "--lang", "en")
	var rep fixReport
	if err := json.Unmarshal(j.stdout, &rep); err != nil || len(rep.Plans) != 1 || rep.Applied {
		t.Fatalf("fix dns.set --dry-run --json: exit %d, %v, applied=%v\n%s", j.code, err, rep.Applied, j.stdout)
	}
	assertDNSSet(t, struct {
		plan plan
		code int
		text string
	}{rep.Plans[0], j.code, string(txt.stdout)})
	t.Logf("fix dns.set --dry-run:\n%s", txt.stdout)
}

func install(t *testing.T, setup string) {
	t.Helper()
	runWine(t, 3*time.Minute, setup, "/S")
	log, err := os.ReadFile(filepath.Join(prefix, "drive_c", "Program Files", "WPS Sync Doctor", "install.log"))
	if err != nil {
		t.Fatalf("no install.log after the silent install: %v", err)
	}
	text := decodeUTF16(log)
	t.Logf("install.log:\n%s", text)
	for _, want := range []string{"> wpsdoctor service install", "> wpsdoctor service start", ": installed"} {
		if !strings.Contains(text, want) {
			t.Errorf("install.log: %q missing", want)
		}
	}
}

// uninstall runs the uninstaller from the install folder, as Add/Remove
// Programs does; it copies itself to a temp folder and returns at once,
// so this waits (bounded) for the folder to go.
func uninstall(t *testing.T, dir string, args ...string) {
	t.Helper()
	// Its copy in the temp folder outlives it: no output pipes for it to hold.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, wine, append([]string{installDir + `\Uninstall.exe`, "/S"}, args...)...)
	cmd.Env = wineEnv()
	if err := cmd.Run(); err != nil {
		t.Fatalf("Uninstall.exe /S %v: %v", args, err)
	}
	for i := 0; i < 120; i++ {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("the uninstaller left %s after 60 s: %v", dir, entries)
}

func assertInstalled(t *testing.T, dir string) {
	t.Helper()
	for _, f := range []string{"wpsdoctor.exe", "wpsdoctor-tray.exe", "Uninstall.exe", "app.ico"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("after the install: %v", err)
		}
	}
	if ca := os.Getenv("WSD_DIST_CA"); ca != "" {
		for _, f := range []string{"wpsdoctor.exe", "wpsdoctor-tray.exe", "Uninstall.exe"} {
			out, err := exec.Command("osslsigncode", "verify", "-CAfile", ca, "-in", filepath.Join(dir, f)).CombinedOutput()
			if err != nil || !bytes.Contains(out, []byte("Signature verification: ok")) {
				t.Errorf("installed %s: signature does not verify against %s: %v\n%s", f, ca, err, out)
			}
		}
	}
	reg := map[string]string{
		`HKLM\Software\Microsoft\Windows\CurrentVersion\Run`:                     "io.github.wpssyncdoctor",
		`HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\WPSSyncDoctor`: "UninstallString",
	}
	for key, value := range reg {
		if out := regQuery(t, key, value); !strings.Contains(out, installDir) {
			t.Errorf("reg query %s /v %s: got %q, want the install folder", key, value, out)
		}
	}
	links, _ := filepath.Glob(filepath.Join(startMenu(), "*.lnk"))
	if len(links) != 2 {
		t.Errorf("Start menu: got %v, want the app and its uninstaller", links)
	}
}

func assertRemoved(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still there", dir)
	}
	for key, value := range map[string]string{
		`HKLM\Software\Microsoft\Windows\CurrentVersion\Run`:                     "io.github.wpssyncdoctor",
		`HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\WPSSyncDoctor`: "UninstallString",
	} {
		if out := regQuery(t, key, value); strings.Contains(out, installDir) {
			t.Errorf("after the uninstall, %s %s is still there: %q", key, value, out)
		}
	}
	if _, err := os.Stat(startMenu()); !os.IsNotExist(err) {
		t.Errorf("after the uninstall, the Start menu folder %s is still there", startMenu())
	}
}

func startMenu() string {
	return filepath.Join(prefix, "drive_c", "ProgramData", "Microsoft", "Windows", "Start Menu", "Programs", "WPS Sync Doctor")
}

// regQuery returns reg.exe's answer (empty when the value is missing).
func regQuery(t *testing.T, key, value string) string {
	t.Helper()
	cmd := exec.Command(wine, "reg", "query", key, "/v", value)
	cmd.Env = wineEnv()
	out, _ := cmd.CombinedOutput()
	return string(out)
}

// runWine runs a Windows program under Wine with a time limit and returns
// its output; a non-zero exit fails the test.
func runWine(t *testing.T, limit time.Duration, program string, args ...string) string {
	t.Helper()
	out, err := wineRun(limit, program, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// serviceImagePath is the agent service's registered command line in Wine's
// registry; ok is false when no such service is registered.
func serviceImagePath() (img string, ok bool) {
	out, err := wineRun(30*time.Second, "reg", "query", `HKLM\System\CurrentControlSet\Services\wpsdoctor-agent`, "/v", "ImagePath")
	if err != nil {
		return "", false
	}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.SplitN(strings.TrimSpace(line), "REG_SZ", 2); len(f) == 2 && strings.HasPrefix(f[0], "ImagePath") {
			return strings.TrimSpace(f[1]), true
		}
	}
	return "", false
}

func wineRun(limit time.Duration, program string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, wine, append([]string{program}, args...)...)
	cmd.Env = wineEnv()
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %v\n%s", program, strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// decodeUTF16 reads NSIS's FileWriteUTF16LE log (after its BOM).
func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return strings.TrimPrefix(string(utf16.Decode(u)), "\ufeff")
}
