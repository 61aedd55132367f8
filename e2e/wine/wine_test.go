//go:build wine

// Package wine runs the Windows build of the CLI on Windows code: Wine 8.0
// (Debian 12's wine64) in a throw-away prefix, with WPS installs planted in
// Wine's registry and file system from the same fixtures the unit tests
// read (platform/wps/testdata/windows, platform/wps/testdata/syncdb). It
// runs `check --json`, `fixes` and every fix's `--dry-run`, and asserts the
// findings and plans. `make test-windows` drives it:
//
//	go test -tags wine -count=1 -v ./e2e/wine/
//
// Nothing here is applied: fixes run as dry runs only (UAC, the real COM
// and PowerShell, and applying fixes need a real Windows machine).
package wine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// Paths set up once by TestMain.
var (
	wine      string // the wine64 loader
	server    string // wineserver
	tmp       string // everything of this run lives here
	prefix    string // WINEPREFIX
	exe       string // wpsdoctor.exe (Unix path)
	dummy     string // a program that only waits, planted as wpscloudsvr.exe
	repo      string // the module root
	wineUser  string // the prefix's user profile folder, drive_c/users/<name>
	setupTime = map[string]time.Duration{}
)

func TestMain(m *testing.M) {
	code, err := setup()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wine stage setup:", err)
		code = 1
	} else {
		code = m.Run()
	}
	teardown()
	os.Exit(code)
}

func lookWine() error {
	for _, c := range [][2]string{{"/usr/lib/wine/wine64", "/usr/lib/wine/wineserver"}, {"wine64", "wineserver"}} {
		w, err1 := exec.LookPath(c[0])
		s, err2 := exec.LookPath(c[1])
		if err1 == nil && err2 == nil {
			wine, server = w, s
			return nil
		}
	}
	return fmt.Errorf("wine64 and wineserver not found: apt-get install wine64 (make test-windows installs it)")
}

func setup() (int, error) {
	if err := lookWine(); err != nil {
		return 1, err
	}
	if _, err := exec.LookPath("x86_64-w64-mingw32-gcc"); err != nil {
		return 1, fmt.Errorf("x86_64-w64-mingw32-gcc not found: apt-get install gcc-mingw-w64-x86-64")
	}
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return 1, fmt.Errorf("sqlite3 not found: apt-get install sqlite3")
	}
	wd, err := os.Getwd()
	if err != nil {
		return 1, err
	}
	repo = filepath.Clean(filepath.Join(wd, "..", ".."))
	if tmp, err = os.MkdirTemp("", "wsd-wine-"); err != nil {
		return 1, err
	}
	prefix = filepath.Join(tmp, "prefix")
	exe = filepath.Join(tmp, "wpsdoctor.exe")
	dummy = filepath.Join(tmp, "dummy.exe")
	dll := filepath.Join(tmp, "bcryptprimitives.dll")

	// The CLI, the stub DLL and the dummy program build while the prefix
	// is created: wineboot is mostly waiting.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	step := func(i int, name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			errs[i] = f()
			setupTime[name] = time.Since(start)
		}()
	}
	step(0, "go build (windows/amd64, CGO_ENABLED=0)", func() error {
		cmd := exec.Command("go", "build", "-o", exe, "./cmd/wpsdoctor")
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		return runQuiet(cmd)
	})
	step(1, "stub bcryptprimitives.dll", func() error {
		return runQuiet(exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-shared", "-o", dll,
			filepath.Join(wd, "testdata", "bcryptprimitives.c"), filepath.Join(wd, "testdata", "bcryptprimitives.def"), "-lbcrypt"))
	})
	step(2, "dummy program", func() error {
		return runQuiet(exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-o", dummy, filepath.Join(wd, "testdata", "dummy.c")))
	})
	step(3, "wineboot -i", func() error {
		cmd := exec.Command(wine, "wineboot", "-i")
		cmd.Env = wineEnv()
		return runQuiet(cmd)
	})
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 1, err
		}
	}
	if err := copyFile(dll, filepath.Join(prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll")); err != nil {
		return 1, err
	}
	users, _ := filepath.Glob(filepath.Join(prefix, "drive_c", "users", "*"))
	for _, u := range users {
		if b := filepath.Base(u); b != "Public" {
			wineUser = u
		}
	}
	if wineUser == "" {
		return 1, fmt.Errorf("no user profile in %s", prefix)
	}
	return 0, nil
}

func teardown() {
	if server != "" && prefix != "" {
		cmd := exec.Command(server, "-k")
		cmd.Env = wineEnv()
		_ = cmd.Run()
	}
	if tmp != "" {
		os.RemoveAll(tmp)
	}
}

// wineEnv is the environment of every Wine process: the prefix, no debug
// output, no Mono/Gecko installer prompts.
func wineEnv() []string {
	return append(os.Environ(), "WINEPREFIX="+prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
}

func runQuiet(cmd *exec.Cmd) error {
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}

// result is one run of the CLI under Wine.
type result struct {
	args   []string
	stdout []byte
	stderr string
	code   int
}

// runCLI runs wpsdoctor.exe under Wine; the exit code is the program's.
// A crash (panic, Go runtime fatal error) is an error.
func runCLI(args ...string) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, wine, append([]string{exe}, args...)...)
	cmd.Env = wineEnv()
	// wineserver and Wine's helpers inherit the output pipes: without a
	// WaitDelay a killed run whose helpers live on would block here forever.
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{args: args, stdout: out.Bytes(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		return r, fmt.Errorf("wpsdoctor %s: %v", strings.Join(args, " "), err)
	}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "fatal error:") {
		return r, fmt.Errorf("wpsdoctor %s crashed:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r, nil
}

// cli is runCLI for the test's own goroutine.
func cli(t *testing.T, args ...string) result {
	t.Helper()
	r, err := runCLI(args...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// --- the report ------------------------------------------------------------

type finding struct {
	Check   string `json:"check"`
	Status  string `json:"status"`
	Code    string `json:"code"`
	Message struct {
		Key  string         `json:"key"`
		Args map[string]any `json:"args"`
	} `json:"message"`
	Text     string         `json:"text"`
	Evidence map[string]any `json:"evidence"`
}

type report struct {
	SchemaVersion int       `json:"schema_version"`
	Findings      []finding `json:"findings"`
}

func check(t *testing.T, lang string) (report, map[string]finding, int) {
	t.Helper()
	// --reveal: the assertions read the planted names and paths themselves
	// (reports redacted for sharing are tested in cmd/wpsdoctor and report).
	r := cli(t, "check", "--json", "--reveal", "--lang", lang)
	var rep report
	if err := json.Unmarshal(r.stdout, &rep); err != nil {
		t.Fatalf("check --json: %v\nstdout: %.2000s\nstderr: %s", err, r.stdout, r.stderr)
	}
	by := map[string]finding{}
	for _, f := range rep.Findings {
		// A check may report several findings (files.sync: one per
		// class of problem): by check ID the first, by code each.
		if _, ok := by[f.Check]; !ok {
			by[f.Check] = f
		}
		by[f.Code] = f
		t.Logf("%-5s %-15s %-8s %-12s %.160s", lang, f.Check, f.Status, f.Code, f.Text)
	}
	return rep, by, r.code
}

func want(t *testing.T, by map[string]finding, id, status, code string) finding {
	t.Helper()
	f, ok := by[id]
	if !ok {
		t.Fatalf("%s: no finding", id)
	}
	if f.Status != status || (code != "" && f.Code != code) {
		t.Errorf("%s: got %s %s (%s), want %s %s", id, f.Status, f.Code, f.Text, status, code)
	}
	return f
}

// --- fix plans -------------------------------------------------------------

type action struct {
	Kind string   `json:"kind"`
	Argv []string `json:"argv"`
	Path string   `json:"path"`
	Reg  *struct {
		Root, Key, Name, Type, Value string
		Delete                       bool
	} `json:"reg"`
}

type plan struct {
	FixID   string `json:"fix_id"`
	Refusal *struct {
		Key string `json:"key"`
	} `json:"refusal"`
	RefusalText string `json:"refusal_text"`
	Steps       []struct {
		Actions  []action `json:"actions"`
		Undo     []action `json:"undo"`
		Elevated bool     `json:"elevated"`
	} `json:"steps"`
}

type fixReport struct {
	Plans   []plan `json:"plans"`
	Applied bool   `json:"applied"`
	DryRun  bool   `json:"dry_run"`
}

// dryRuns runs every fix of the catalogue with --dry-run --json, in
// parallel (each Wine process takes a second or two to start).
func dryRuns(t *testing.T) map[string]struct {
	plan plan
	code int
	text string
} {
	t.Helper()
	r := cli(t, "fixes", "--json")
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(r.stdout, &list); err != nil || r.code != 0 {
		t.Fatalf("fixes --json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	var ids []string
	for _, f := range list {
		ids = append(ids, f.ID)
	}
	wantIDs := []string{"wps.cache.clear", "wps.config.reset", "wps.resignin", "wps.cloud.restart", "wps.update", "dns.flush", "dns.set", "clock.sync", "firewall.allow", "wps.cloud.exec"}
	if !slices.Equal(ids, wantIDs) {
		t.Fatalf("fixes: got %v, want %v", ids, wantIDs)
	}
	out := map[string]struct {
		plan plan
		code int
		text string
	}{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j, err1 := runCLI("fix", id, "--dry-run", "--json", "--lang", "en")
			txt, err2 := runCLI("fix", id, "--dry-run", "--lang", "en")
			if err1 != nil || err2 != nil {
				t.Error(err1, err2)
				return
			}
			var rep fixReport
			if err := json.Unmarshal(j.stdout, &rep); err != nil || len(rep.Plans) != 1 || rep.Applied {
				t.Errorf("fix %s --dry-run --json: exit %d, %v, applied=%v\n%s\n%s", id, j.code, err, rep.Applied, j.stdout, j.stderr)
				return
			}
			if txt.code != j.code {
				t.Errorf("fix %s --dry-run: exit %d as text, %d as JSON", id, txt.code, j.code)
			}
			mu.Lock()
			out[id] = struct {
				plan plan
				code int
				text string
			}{rep.Plans[0], j.code, string(txt.stdout)}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return out
}

func argvs(p plan, undo bool) [][]string {
	var out [][]string
	for _, s := range p.Steps {
		as := s.Actions
		if undo {
			as = s.Undo
		}
		for _, a := range as {
			if a.Kind == "exec" {
				out = append(out, a.Argv)
			}
		}
	}
	return out
}

// --- planting --------------------------------------------------------------

// regFile writes a .reg file (UTF-16LE, as regedit writes them) and imports
// it with Wine's regedit.
func importReg(t *testing.T, body string) {
	t.Helper()
	text := "Windows Registry Editor Version 5.00\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")
	u := utf16.Encode([]rune(text))
	b := []byte{0xff, 0xfe}
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	path := filepath.Join(tmp, fmt.Sprintf("plant-%d.reg", time.Now().UnixNano()))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(wine, "regedit", "/S", `Z:`+strings.ReplaceAll(path, "/", `\`))
	cmd.Env = wineEnv()
	if err := runQuiet(cmd); err != nil {
		t.Fatal(err)
	}
}

// regString quotes a REG_SZ for a .reg file.
func regString(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

var hives = map[string]string{"HKCU": "HKEY_CURRENT_USER", "HKLM": "HKEY_LOCAL_MACHINE"}

// plantFixture copies platform/wps/testdata/windows/NAME into the prefix:
// C/Users/u/... into the Wine user's profile, C/... into drive_c, D/... into
// a folder mapped as drive D:, and registry.json into the registry, with
// HKLM's keys in the 32-bit view only (WOW6432Node) when wow32 is set, as
// a 32-bit per-machine installer writes them.
func plantFixture(t *testing.T, name string, wow32 bool) {
	t.Helper()
	src := filepath.Join(repo, "platform", "wps", "testdata", "windows", name)
	user := `C:\users\` + filepath.Base(wineUser)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".keep" || p == filepath.Join(src, "registry.json") {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		var dst string
		switch parts := strings.SplitN(rel, string(filepath.Separator), 2); {
		case strings.HasPrefix(rel, filepath.Join("C", "Users", "u")+string(filepath.Separator)):
			dst = filepath.Join(wineUser, strings.TrimPrefix(rel, filepath.Join("C", "Users", "u")+string(filepath.Separator)))
		case parts[0] == "C":
			dst = filepath.Join(prefix, "drive_c", parts[1])
		case parts[0] == "D":
			dst = filepath.Join(driveD(t), parts[1])
		default:
			return fmt.Errorf("fixture path %s: unknown drive", rel)
		}
		return copyFile(p, dst)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The .keep files stand for empty folders.
	_ = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == ".keep" {
			rel, _ := filepath.Rel(filepath.Join(src), filepath.Dir(p))
			rel = filepath.ToSlash(rel)
			switch {
			case strings.HasPrefix(rel, "C/Users/u/"):
				os.MkdirAll(filepath.Join(wineUser, strings.TrimPrefix(rel, "C/Users/u/")), 0o755)
			case strings.HasPrefix(rel, "C/"):
				os.MkdirAll(filepath.Join(prefix, "drive_c", rel[2:]), 0o755)
			case strings.HasPrefix(rel, "D/"):
				os.MkdirAll(filepath.Join(driveD(t), rel[2:]), 0o755)
			}
		}
		return nil
	})
	raw, err := os.ReadFile(filepath.Join(src, "registry.json"))
	if err != nil {
		t.Fatal(err)
	}
	var reg map[string]map[string]string
	if err := json.Unmarshal(raw, &reg); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for key, vals := range reg {
		hive, rest, _ := strings.Cut(key, `\`)
		if hive == "HKLM" && wow32 && strings.HasPrefix(strings.ToUpper(rest), `SOFTWARE\`) {
			rest = `SOFTWARE\WOW6432Node\` + rest[len(`SOFTWARE\`):]
		}
		fmt.Fprintf(&b, "[%s\\%s]\n", hives[hive], rest)
		for n, v := range vals {
			v = strings.ReplaceAll(v, `C:\Users\u`, user)
			fmt.Fprintf(&b, "%s=%s\n", regString(n), regString(v))
		}
		b.WriteString("\n")
	}
	importReg(t, b.String())
}

var driveOnce sync.Once

// driveD maps drive D: of the prefix to a folder of this run.
func driveD(t *testing.T) string {
	d := filepath.Join(tmp, "driveD")
	driveOnce.Do(func() {
		os.MkdirAll(d, 0o755)
		if err := os.Symlink(d, filepath.Join(prefix, "dosdevices", "d:")); err != nil {
			t.Fatal(err)
		}
	})
	return d
}

// plantSyncDB has sqlite3 build a database from platform/wps/testdata/syncdb/NAME.sql.
func plantSyncDB(t *testing.T, dst, name string) {
	t.Helper()
	sql, err := os.ReadFile(filepath.Join(repo, "platform", "wps", "testdata", "syncdb", name+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(dst)
	cmd := exec.Command("sqlite3", "-bail", dst)
	cmd.Stdin = bytes.NewReader(sql)
	if err := runQuiet(cmd); err != nil {
		t.Fatal(err)
	}
}

// dummyProc is the waiting program running under a WPS program's name.
type dummyProc struct {
	done chan struct{} // closed when it has ended
	err  error         // how it ended, valid once done is closed
}

// gone reports whether the program has ended (it never ends by itself).
func (d *dummyProc) gone() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// startDummy runs the waiting program under the given Windows-side name
// (a copy at path) and waits until wps.process sees it. The Linux process
// table shows it as "wpscloudsvr.exe": on a shared machine, anything that
// applies wps.cloud.restart to the real process table (kill -TERM by name)
// ends it within seconds (seen while other test suites ran beside this
// one); it is then started again, up to 5 times, and says so.
func startDummy(t *testing.T, path string) *dummyProc {
	t.Helper()
	if err := copyFile(dummy, path); err != nil {
		t.Fatal(err)
	}
	for start := 0; start < 5; start++ {
		cmd := exec.Command(wine, path)
		cmd.Env = wineEnv()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		d := &dummyProc{done: make(chan struct{})}
		go func() { d.err = cmd.Wait(); close(d.done) }()
		t.Cleanup(func() {
			if !d.gone() {
				cmd.Process.Kill()
			}
			<-d.done
		})
		// Wine needs a moment to start it: wait until wps.process sees it
		// (a bounded wait for a condition, not a timing assertion).
		for range 60 {
			if d.gone() {
				break
			}
			r, err := runCLI("check", "--json", "--only", "wps.process")
			if err == nil && bytes.Contains(r.stdout, []byte(`"WSD-CLI-001"`)) && !d.gone() {
				return d
			}
			time.Sleep(500 * time.Millisecond)
		}
		if !d.gone() {
			t.Fatalf("%s runs but wps.process does not see it", path)
		}
		t.Logf("the dummy %s was ended from outside the stage (%v); starting it again", filepath.Base(path), d.err)
	}
	t.Fatalf("%s was ended from outside the stage 5 times", path)
	return nil
}

// removePlanted undoes plantFixture's registry keys and files, so the next
// layout starts from a bare prefix.
func removePlanted(t *testing.T) {
	t.Helper()
	importReg(t, `[-HKEY_CURRENT_USER\Software\Kingsoft]
[-HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kingsoft Office]
[-HKEY_LOCAL_MACHINE\Software\Kingsoft]
[-HKEY_LOCAL_MACHINE\Software\WOW6432Node\Kingsoft]
[-HKEY_LOCAL_MACHINE\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kingsoft Office]
[-HKEY_LOCAL_MACHINE\Software\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\Kingsoft Office]
`)
	for _, p := range []string{
		filepath.Join(wineUser, "AppData", "Local", "Kingsoft"),
		filepath.Join(wineUser, "AppData", "Roaming", "Kingsoft"),
		filepath.Join(prefix, "drive_c", "Program Files (x86)", "Kingsoft"),
		filepath.Join(tmp, "driveD", "WPS Office"),
		filepath.Join(tmp, "driveD", "WPSDrive"),
	} {
		os.RemoveAll(p)
	}
}

// --- the scenarios ---------------------------------------------------------

func TestTimings(t *testing.T) {
	for name, d := range setupTime {
		t.Logf("setup: %-42s %6.1f s", name, d.Seconds())
	}
}

// A bare prefix: no WPS, no W32Time key, a firewall COM API that cannot
// answer (Wine's INetFwPolicy2 is a stub) and a PowerShell that prints
// nothing (Wine's powershell.exe stub).
func TestBarePrefix(t *testing.T) {
	start := time.Now()
	defer func() { t.Logf("bare prefix: %.1f s", time.Since(start).Seconds()) }()
	rep, by, code := check(t, "en")
	if rep.SchemaVersion != 1 || code != 2 {
		t.Errorf("check: got schema %d, exit %d; want schema 1, exit 2 (WPS missing is a problem)", rep.SchemaVersion, code)
	}
	want(t, by, "wps.installed", "fail", "WSD-INS-002")
	for _, id := range []string{"wps.version", "wps.process", "wps.syncdb", "files.sync"} {
		if by[id].Status != "skipped" {
			t.Errorf("%s: got %s, want skipped behind wps.installed", id, by[id].Status)
		}
	}
	if f := want(t, by, "os.supported", "ok", ""); !strings.Contains(f.Text, "Windows") {
		t.Errorf("os.supported: got %q, want the Windows version named", f.Text)
	}
	fw := want(t, by, "firewall.rules", "skipped", "WSD-FWL-004")
	if fw.Message.Key != "local.fw_unknown" || !strings.Contains(fw.Text, "Unknown") || !strings.Contains(fw.Text, "PowerShell printed nothing") {
		t.Errorf("firewall.rules: got %s %q, want local.fw_unknown saying PowerShell printed nothing", fw.Message.Key, fw.Text)
	}
	_, zh, _ := check(t, "zh-CN")
	if f := zh["firewall.rules"]; f.Code != "WSD-FWL-004" || !strings.Contains(f.Text, "未知") {
		t.Errorf("firewall.rules (zh-CN): got %s %q, want 未知 (unknown)", f.Code, f.Text)
	}
	assertUDPCouldNotTest(t, by)

	plans := dryRuns(t)
	for _, id := range []string{"wps.cache.clear", "wps.config.reset", "wps.cloud.restart", "firewall.allow"} {
		if r := plans[id]; r.plan.Refusal == nil || r.code != 2 {
			t.Errorf("%s --dry-run without WPS: got exit %d refusal %v, want a refusal and exit 2", id, r.code, r.plan.Refusal)
		}
	}
	if r := plans["dns.flush"]; r.code != 0 || !slices.EqualFunc(argvs(r.plan, false), [][]string{{"ipconfig", "/flushdns"}}, slices.Equal) {
		t.Errorf("dns.flush: got exit %d argv %q", r.code, argvs(r.plan, false))
	}
	assertDNSSet(t, plans["dns.set"])
	clock := plans["clock.sync"]
	wantClock := [][]string{{"w32tm", "/register"}, {"net", "start", "w32time"}, {"w32tm", "/config", "/update"}, {"w32tm", "/resync", "/force"}}
	if clock.code != 0 || !slices.EqualFunc(argvs(clock.plan, false), wantClock, slices.Equal) ||
		!slices.EqualFunc(argvs(clock.plan, true), [][]string{{"w32tm", "/unregister"}}, slices.Equal) {
		t.Errorf("clock.sync without a W32Time key: got exit %d do %q undo %q, want register, resync; undo unregister",
			clock.code, argvs(clock.plan, false), argvs(clock.plan, true))
	}
}

// assertUDPCouldNotTest: Wine 8.0 lacks the socket option Go 1.26 sets on
// every UDP socket (SIO_UDP_NETRESET), so the public-resolver probes must
// report an error ("could not test"), and dns.resolve must not rest a
// verdict on them.
func assertUDPCouldNotTest(t *testing.T, by map[string]finding) {
	t.Helper()
	dns := by["dns.resolve"]
	hosts, _ := dns.Evidence["hosts"].([]any)
	probes := 0
	for _, h := range hosts {
		hm, _ := h.(map[string]any)
		pub, _ := hm["public"].([]any)
		for _, p := range pub {
			pm, _ := p.(map[string]any)
			probes++
			if pm["outcome"] != "error" {
				t.Errorf("dns.resolve: public resolver %v for %v: got outcome %v (%v), want error (UDP cannot run under Wine)", pm["resolver"], hm["host"], pm["outcome"], pm["error"])
			}
		}
	}
	if probes == 0 && dns.Status != "skipped" {
		t.Errorf("dns.resolve: no public resolver probes in the evidence (%v)", dns.Evidence)
	}
	if k := dns.Message.Key; k == "net.dns.all_nxdomain" || k == "net.dns.nxdomain" {
		t.Errorf("dns.resolve: got %s, a verdict that needs the public resolvers' answers", k)
	}
}

// assertDNSSet: the plan comes from the OS API (GetAdaptersAddresses), names
// interfaces by index and restores DHCP on undo.
func assertDNSSet(t *testing.T, r struct {
	plan plan
	code int
	text string
}) {
	t.Helper()
	do := argvs(r.plan, false)
	if r.code != 0 || r.plan.Refusal != nil || len(do) < 2 {
		t.Fatalf("dns.set --dry-run: got exit %d refusal %q argv %q, want a plan", r.code, r.plan.RefusalText, do)
	}
	first := do[0]
	if len(first) < 6 || first[0] != "netsh" || first[4] != "dnsservers" || !strings.HasPrefix(first[5], "name=") || first[5] == "name=0" ||
		!slices.Contains(first, "address=223.5.5.5") {
		t.Errorf("dns.set: got %q, want netsh ... set dnsservers name=<ifIndex> ... address=223.5.5.5", first)
	}
	if u := argvs(r.plan, true); len(u) == 0 || !slices.Contains(u[0], "source=dhcp") {
		t.Errorf("dns.set: got undo %q, want DHCP restored", u)
	}
	if !strings.Contains(r.text, "> netsh interface ipv4 set dnsservers") {
		t.Errorf("dns.set text: want the cmd.exe prompt before the netsh line:\n%s", r.text)
	}
}

// Per-machine professional 12.8.2.18913 under Program Files (x86),
// registered only in HKLM's 32-bit view (WOW6432Node).
func TestProfessionalPerMachine(t *testing.T) {
	start := time.Now()
	defer func() { t.Logf("professional: %.1f s", time.Since(start).Seconds()) }()
	plantFixture(t, "pro", true)
	t.Cleanup(func() { removePlanted(t) })
	_, by, _ := check(t, "en")
	inst := want(t, by, "wps.installed", "ok", "")
	ver := want(t, by, "wps.version", "ok", "")
	ev := fmt.Sprint(inst.Evidence, ver.Evidence, inst.Text, ver.Text)
	for _, s := range []string{"12.8.2.18913", "professional", `Program Files (x86)\Kingsoft\WPS Office\12.8.2.18913`} {
		if !strings.Contains(ev, s) {
			t.Errorf("wps.installed/wps.version: %q not in\n%s", s, ev)
		}
	}
	if !strings.Contains(ev, "registry:HKLM") {
		t.Errorf("wps.installed: want it found through HKLM's 32-bit view:\n%s", ev)
	}
}

// Per-user mainland 12.1.0.28505 (the fixture's custom location D:\), with
// a failed transfer in syncassistant.db and a precloudfile.db beside it, a
// running wpscloudsvr.exe, a WinINet proxy nobody answers on, W32Time set
// to NoSync, and a sync folder holding files the cloud refuses.
func TestMainlandPerUser(t *testing.T) {
	start := time.Now()
	defer func() { t.Logf("mainland: %.1f s", time.Since(start).Seconds()) }()
	plantFixture(t, "mainland12", false)
	t.Cleanup(func() { removePlanted(t) })
	uid := filepath.Join(wineUser, "AppData", "Local", "Kingsoft", "WPS Cloud Files", "userdata", "qing", "filecache", ".3172735")
	plantSyncDB(t, filepath.Join(uid, "syncassistant.db"), "syncassistant")
	plantSyncDB(t, filepath.Join(uid, "precloudfile.db"), "precloudfile")
	drive := filepath.Join(driveD(t), "WPSDrive", "1054253139", "WPS云盘")
	long := strings.Repeat("folder-", 34) // 238 characters: the folder's path passes 260
	for rel, body := range map[string]string{
		"周报.docx":                      "ok",
		"setup.exe":                    "MZ",
		"合同-副本.docx":                   "conflict copy",
		filepath.Join(long, "报告.docx"): "inside a folder whose path is too long",
	} {
		if err := copyBytes(filepath.Join(drive, rel), body); err != nil {
			t.Fatal(err)
		}
	}
	importReg(t, `[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings]
"ProxyEnable"=dword:00000001
"ProxyServer"="127.0.0.1:9"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\W32Time\Parameters]
"Type"="NoSync"
`)
	t.Cleanup(func() {
		importReg(t, `[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings]
"ProxyEnable"=dword:00000000
"ProxyServer"=-

[-HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\W32Time]
`)
	})
	cloud := filepath.Join(driveD(t), "WPS Office", "12.1.0.28505", "office6", "wpscloudsvr.exe")
	d := startDummy(t, cloud)
	_, by, _ := check(t, "en")
	// Ended from outside meanwhile (see startDummy): start it again and
	// check again; a dummy that still runs while wps.process misses it is
	// a real failure.
	for try := 0; try < 3 && by["wps.process"].Code != "WSD-CLI-001" && d.gone(); try++ {
		t.Logf("the dummy %s was ended from outside the stage (%v); starting it again", filepath.Base(cloud), d.err)
		d = startDummy(t, cloud)
		_, by, _ = check(t, "en")
	}
	inst := want(t, by, "wps.installed", "ok", "")
	ver := want(t, by, "wps.version", "ok", "")
	ev := fmt.Sprint(inst.Evidence, ver.Evidence, inst.Text, ver.Text)
	for _, s := range []string{"12.1.0.28505", "mainland", `D:\WPS Office\12.1.0.28505`} {
		if !strings.Contains(ev, s) {
			t.Errorf("wps.installed/wps.version: %q not in\n%s", s, ev)
		}
	}
	if p := want(t, by, "wps.process", "ok", "WSD-CLI-001"); p.Status != "ok" {
		t.Logf("wps.process evidence: %v", p.Evidence)
	}

	// Item 1: precloudfile.db beside the failed transfer hides nothing.
	db := want(t, by, "wps.syncdb", "warn", "WSD-CLI-011")
	errs, _ := db.Evidence["errors"].([]any)
	if len(errs) != 1 || !strings.Contains(fmt.Sprint(errs[0]), "预算.xlsx") {
		t.Errorf("wps.syncdb: got errors %v, want the one failed transfer 预算.xlsx", errs)
	}

	// Item 5: one finding per class of problem, files and folders told
	// apart; backslashes in relative paths.
	want(t, by, "WSD-FIL-010", "warn", "WSD-FIL-010") // setup.exe
	want(t, by, "WSD-FIL-016", "info", "WSD-FIL-016") // 合同-副本.docx
	files := want(t, by, "WSD-FIL-014", "warn", "WSD-FIL-014")
	if a := files.Message.Args; fmt.Sprint(a["count"], " ", a["dirs"]) != "2 1" {
		t.Errorf("files.sync: got count=%v dirs=%v (%s), want 2 paths too long, 1 of them a folder", a["count"], a["dirs"], files.Text)
	}
	if ex := fmt.Sprint(files.Evidence["examples"]); !strings.Contains(ex, long+`\报告.docx`) || strings.Contains(ex, long+"/") {
		t.Errorf("files.sync: want Windows separators in the examples:\n%.600s", ex)
	}

	proxy := by["net.proxy"]
	if proxy.Status == "ok" || !strings.Contains(fmt.Sprint(proxy.Evidence, proxy.Text), "127.0.0.1:9") {
		t.Errorf("net.proxy: got %s %s %q, want the WinINet proxy 127.0.0.1:9 reported", proxy.Status, proxy.Code, proxy.Text)
	}
	assertUDPCouldNotTest(t, by)

	plans := dryRuns(t)
	clock := plans["clock.sync"]
	if clock.code != 0 || len(clock.plan.Steps) == 0 || len(clock.plan.Steps[0].Actions) == 0 || clock.plan.Steps[0].Actions[0].Reg == nil ||
		clock.plan.Steps[0].Actions[0].Reg.Value != "NTP" || clock.plan.Steps[0].Undo[0].Reg.Value != "NoSync" {
		t.Errorf("clock.sync with W32Time NoSync: want Type=NTP with an undo to NoSync, got %+v", clock.plan.Steps)
	}
	fw := plans["firewall.allow"]
	if fw.code != 0 || len(argvs(fw.plan, false)) == 0 {
		t.Fatalf("firewall.allow: got exit %d refusal %q", fw.code, fw.plan.RefusalText)
	}
	rule := argvs(fw.plan, false)[0]
	if !slices.Contains(rule, `program=D:\WPS Office\12.1.0.28505\office6\wpscloudsvr.exe`) && !slices.Contains(rule, `program=D:\WPS Office\12.1.0.28505\office6\wpsoffice.exe`) {
		t.Errorf("firewall.allow: got %q, want a rule for a program of the install", rule)
	}
	// Item 6: cmd.exe quoting in the plan text.
	if !strings.Contains(fw.text, `> netsh advfirewall firewall add rule "name=WPS Sync Doctor - `) || strings.Contains(fw.text, `'name=`) {
		t.Errorf("firewall.allow text: want cmd.exe quoting (\"name=...\"):\n%s", fw.text)
	}
	if r := plans["wps.cloud.restart"]; r.code != 0 || r.plan.Refusal != nil {
		t.Errorf("wps.cloud.restart: got exit %d refusal %q, want a plan", r.code, r.plan.RefusalText)
	}
	// config.reset: on Windows its only file, …\userdata\qing\config.ini,
	// lies in a folder wps.Protected guards (issue 11 item 4): refused, and
	// it says why.
	if r := plans["wps.config.reset"]; r.code != 2 || r.plan.Refusal == nil || !strings.Contains(r.plan.RefusalText, `userdata\qing\config.ini`) {
		t.Errorf("wps.config.reset: got exit %d refusal %q, want exit 2 and a refusal naming the protected config.ini", r.code, r.plan.RefusalText)
	}
	for _, id := range []string{"wps.cache.clear"} {
		r := plans[id]
		if r.code != 0 || r.plan.Refusal != nil {
			t.Errorf("%s: got exit %d refusal %q, want a plan", id, r.code, r.plan.RefusalText)
			continue
		}
		for _, s := range r.plan.Steps {
			for _, a := range s.Actions {
				if a.Kind == "quarantine" && (strings.Contains(a.Path, "filecache") || strings.Contains(a.Path, "WPSDrive")) {
					t.Errorf("%s: would quarantine %s, which holds unsynced work", id, a.Path)
				}
			}
		}
	}
	assertDNSSet(t, plans["dns.set"])
}

func copyBytes(path, body string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(body), 0o644)
}
