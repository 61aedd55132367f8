package local

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/platform/disk"
	"wpsdoctor/platform/proc"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
	"wpsdoctor/platform/wps"
	"wpsdoctor/scan"
)

func envWith(t *testing.T, in wps.Install, err error) *health.Env {
	t.Helper()
	return health.With(health.NewEnv(catalog.Default(), t.TempDir()), func() (wps.Install, error) { return in, err })
}

func run(t *testing.T, c func(context.Context, *health.Env) health.Finding, env *health.Env) health.Finding {
	t.Helper()
	return c(context.Background(), env)
}

func expect(t *testing.T, f health.Finding, status health.Status, code string, fixes ...string) {
	t.Helper()
	if f.Status != status || f.Code != code {
		t.Fatalf("got %s %s (%v %v), want %s %s", f.Status, f.Code, f.Message, f.Evidence, status, code)
	}
	for _, want := range fixes {
		found := false
		for _, got := range f.Fixes {
			found = found || got == want
		}
		if !found {
			t.Errorf("fix %s not suggested (got %v)", want, f.Fixes)
		}
	}
}

func TestInstalled(t *testing.T) {
	expect(t, run(t, checkInstalled, envWith(t, wps.Install{}, nil)), health.StatusFail, CodeNotInstalled, FixUpdate)
	broken := wps.Install{Problems: []string{wps.ProblemRootMissing}, MissingRoot: `C:\gone`}
	f := run(t, checkInstalled, envWith(t, broken, nil))
	expect(t, f, health.StatusFail, CodeBrokenInstall, FixUpdate)
	if f.Message.Args["path"] != `C:\gone` {
		t.Errorf("broken install does not name the folder: %v", f.Message.Args)
	}
	incomplete := wps.Install{Found: true, Root: "/opt/kingsoft/wps-office", Problems: []string{wps.ProblemMainExeMissing}}
	expect(t, run(t, checkInstalled, envWith(t, incomplete, nil)), health.StatusFail, CodeBrokenInstall, FixUpdate)
	found := wps.Install{Found: true, Version: "12.1.0.28505", Edition: wps.EditionMainland, Root: "/opt/kingsoft/wps-office"}
	f = run(t, checkInstalled, envWith(t, found, nil))
	expect(t, f, health.StatusOK, CodeInstalled)
	if f.Evidence["version"] != "12.1.0.28505" {
		t.Errorf("evidence = %v", f.Evidence)
	}
	expect(t, run(t, checkInstalled, envWith(t, wps.Install{}, errors.New("registry exploded"))), health.StatusError, CodeDiscoveryFailed)
	noHome := health.With(health.NewEnv(catalog.Default(), ""), func() (wps.Install, error) { return wps.Install{}, nil })
	expect(t, run(t, checkInstalled, noHome), health.StatusFail, CodeHomeUnknown)
}

func TestVersion(t *testing.T) {
	cases := []struct {
		in     wps.Install
		status health.Status
		code   string
	}{
		{wps.Install{Found: true, Version: "12.1.0.28505", Edition: wps.EditionMainland}, health.StatusOK, CodeVersionOK},
		{wps.Install{Found: true, Version: "12.2.0.23196", Edition: wps.EditionInternational}, health.StatusOK, CodeVersionOK},
		{wps.Install{Found: true, Version: "12.8.2.18913", Edition: wps.EditionProfessional}, health.StatusOK, CodeVersionOK},
		{wps.Install{Found: true, Version: "11.1.0.11723", Edition: wps.EditionMainland}, health.StatusWarn, CodeVersionOld},
		{wps.Install{Found: true, Version: "10.1.0.7400", Edition: wps.EditionMainland}, health.StatusFail, CodeVersionTooOld},
		{wps.Install{Found: true, Version: "11.1.0.11723", Edition: wps.EditionInternational, CloudDisabled: true}, health.StatusFail, CodeCloudDisabled},
		{wps.Install{Found: true, Version: "12.1.0.1", Edition: wps.EditionLite}, health.StatusFail, CodeEditionNoCloud},
		{wps.Install{Found: true, Version: "garbage", Edition: wps.EditionUnknown}, health.StatusWarn, CodeVersionUnknown},
	}
	for _, c := range cases {
		f := run(t, checkVersion, envWith(t, c.in, nil))
		if f.Status != c.status || f.Code != c.code {
			t.Errorf("%s %s: got %s %s, want %s %s", c.in.Version, c.in.Edition, f.Status, f.Code, c.status, c.code)
		}
		// The international Linux build gets no fix: the download page
		// offers the same build; its message names the web version.
		if f.Status.Rank() >= 2 && len(f.Fixes) == 0 && c.code != CodeVersionUnknown && c.code != CodeCloudDisabled {
			t.Errorf("%s: no fix suggested", c.in.Version)
		}
	}
}

func TestProcess(t *testing.T) {
	defer func(old func(context.Context) ([]proc.Process, error)) { procList = old }(procList)
	in := wps.Install{Found: true, CloudExe: "/opt/kingsoft/wps-office/office6/wpscloudsvr"}
	set := func(ps ...proc.Process) { procList = func(context.Context) ([]proc.Process, error) { return ps, nil } }

	set(proc.Process{PID: 10, Name: "wpscloudsvr"}, proc.Process{PID: 11, Name: "wps"})
	expect(t, run(t, checkProcess, envWith(t, in, nil)), health.StatusOK, CodeCloudRunning)
	set(proc.Process{PID: 11, Name: "wps"})
	expect(t, run(t, checkProcess, envWith(t, in, nil)), health.StatusWarn, CodeCloudNotRunning, FixCloudRestart)
	set()
	expect(t, run(t, checkProcess, envWith(t, in, nil)), health.StatusInfo, CodeCloudIdle)
	expect(t, run(t, checkProcess, envWith(t, wps.Install{Found: true, Problems: []string{wps.ProblemCloudMissing}}, nil)), health.StatusFail, CodeCloudMissing, FixUpdate)
	// Not found where discovery looks, but not proven missing (the Mac
	// bundle's unconfirmed places): unknown while it is not running, fine
	// when it runs.
	mac := wps.Install{OS: "darwin", Found: true, Root: "/Applications/wpsoffice.app"}
	set(proc.Process{PID: 11, Name: "wps"})
	expect(t, run(t, checkProcess, envWith(t, mac, nil)), health.StatusInfo, CodeCloudUnknown)
	set(proc.Process{PID: 10, Name: "wpscloudsvr"})
	expect(t, run(t, checkProcess, envWith(t, mac, nil)), health.StatusOK, CodeCloudRunning)
	noExec := in
	noExec.Problems = []string{"wps.problem.cloud_not_executable"}
	expect(t, run(t, checkProcess, envWith(t, noExec, nil)), health.StatusFail, CodeCloudNotExecutable)
	procList = func(context.Context) ([]proc.Process, error) { return nil, errors.New("denied") }
	expect(t, run(t, checkProcess, envWith(t, in, nil)), health.StatusError, CodeProcessListFailed)

	// Windows: a stopped "WPS Office Cloud Service" is named as such.
	defer func(old func(string) (proc.ServiceState, error)) { serviceState = old }(serviceState)
	serviceState = func(string) (proc.ServiceState, error) { return proc.ServiceStopped, nil }
	set()
	f := run(t, checkProcess, envWith(t, in, nil))
	expect(t, f, health.StatusWarn, CodeCloudServiceDown, FixCloudRestart)
	if f.Evidence["service"] != "stopped" {
		t.Errorf("service evidence = %v", f.Evidence)
	}
}

func TestDisk(t *testing.T) {
	defer func(old func(string) (disk.Usage, error)) { diskStat = old }(diskStat)
	const gib = 1 << 30
	cases := []struct {
		u      disk.Usage
		status health.Status
		code   string
	}{
		{disk.Usage{Total: 100 * gib, Free: 50 * gib, Avail: 50 * gib}, health.StatusOK, CodeDiskOK},
		{disk.Usage{Total: 100 * gib, Free: gib / 2, Avail: gib / 2}, health.StatusFail, CodeDiskLow},
		{disk.Usage{Total: 1000 * gib, Free: 20 * gib, Avail: 20 * gib}, health.StatusWarn, CodeDiskNearlyFul},
	}
	for _, c := range cases {
		var asked string
		diskStat = func(p string) (disk.Usage, error) { asked = p; return c.u, nil }
		sync := t.TempDir()
		f := run(t, checkDisk, envWith(t, wps.Install{Found: true, SyncRoot: filepath.Join(sync, "gone", "WPS云盘")}, nil))
		if f.Status != c.status || f.Code != c.code {
			t.Errorf("%+v: got %s %s", c.u, f.Status, f.Code)
		}
		if asked != sync {
			t.Errorf("measured %q, want the nearest existing parent %q of the sync root", asked, sync)
		}
	}
	diskStat = func(string) (disk.Usage, error) { return disk.Usage{}, errors.New("EIO") }
	expect(t, run(t, checkDisk, envWith(t, wps.Install{}, nil)), health.StatusError, CodeDiskUnknown)
}

func TestCache(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "blob"), make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	in := wps.Install{Found: true, CacheDirs: []string{dir, filepath.Join(dir, "missing")}}
	env := envWith(t, in, nil)
	f := run(t, checkCache, env)
	expect(t, f, health.StatusOK, CodeCacheOK)
	if f.Evidence["bytes"] != int64(4096) {
		t.Errorf("bytes = %v", f.Evidence["bytes"])
	}
	env.Catalog.Thresholds.CacheWarnBytes = 1000
	expect(t, run(t, checkCache, env), health.StatusWarn, CodeCacheLarge, FixCacheClear)
	expect(t, run(t, checkCache, envWith(t, wps.Install{Found: true}, nil)), health.StatusInfo, CodeCacheNone)
}

func TestPerms(t *testing.T) {
	cfg, sync := t.TempDir(), t.TempDir()
	in := wps.Install{Found: true, ConfigDirs: []string{cfg, filepath.Join(cfg, "not-yet")}, SyncRoot: sync}
	f := run(t, checkPerms, envWith(t, in, nil))
	expect(t, f, health.StatusOK, CodePermOK)
	if entries, _ := os.ReadDir(cfg); len(entries) != 0 {
		t.Errorf("probe file left behind: %v", entries)
	}
	file := filepath.Join(cfg, "plain-file")
	os.WriteFile(file, nil, 0o644)
	in.SyncRoot = file
	f = run(t, checkPerms, envWith(t, in, nil))
	expect(t, f, health.StatusFail, CodePermDenied)
	if f.Message.Args["path"] != file {
		t.Errorf("denied path = %v", f.Message.Args)
	}
	expect(t, run(t, checkPerms, envWith(t, wps.Install{Found: true}, nil)), health.StatusInfo, CodePermNone)
}

func TestFiles(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "report.docx"), []byte("ok"), 0o644)
	env := envWith(t, wps.Install{Found: true, SyncRoot: root}, nil)
	expect(t, run(t, checkFiles, env), health.StatusOK, CodeFilesOK)

	os.WriteFile(filepath.Join(root, "setup.exe"), []byte("MZ"), 0o644)
	os.WriteFile(filepath.Join(root, "合同-副本.docx"), []byte("x"), 0o644)
	fs := health.Flatten([]health.Finding{run(t, checkFiles, env)})
	if len(fs) != 2 {
		t.Fatalf("got %d findings, want 2 (a program, a conflict copy): %+v", len(fs), fs)
	}
	expect(t, fs[0], health.StatusWarn, CodeFilesType)
	expect(t, fs[1], health.StatusInfo, CodeFilesConflict)
	if ex := fs[0].Message.Args["examples"]; !slices.Equal(ex.([]string), []string{"setup.exe"}) {
		t.Errorf("got examples %v, want [setup.exe]", ex)
	}
	if got, want := fs[0].Evidence["paths"], []string{filepath.Join(root, "setup.exe")}; !slices.Equal(got.([]string), want) {
		t.Errorf("got paths %v, want %v", got, want)
	}
	os.Remove(filepath.Join(root, "setup.exe"))
	expect(t, run(t, checkFiles, env), health.StatusInfo, CodeFilesConflict)

	missing := envWith(t, wps.Install{Found: true, SyncRoot: filepath.Join(root, "nope")}, nil)
	expect(t, run(t, checkFiles, missing), health.StatusWarn, CodeFilesMissing)
	notDir := envWith(t, wps.Install{Found: true, SyncRoot: filepath.Join(root, "report.docx")}, nil)
	expect(t, run(t, checkFiles, notDir), health.StatusFail, CodeFilesUnreadable)
	expect(t, run(t, checkFiles, envWith(t, wps.Install{Found: true}, nil)), health.StatusInfo, CodeFilesNoRoot)
}

func TestChecksCatalogueValid(t *testing.T) {
	if err := health.Validate(Checks()); err != nil {
		t.Fatal(err)
	}
}

// createSyncDB has sqlite3 build a database from the fixture
// platform/wps/testdata/syncdb/NAME.sql (also planted by the Wine stage).
func createSyncDB(t *testing.T, path, name string) {
	t.Helper()
	sql, err := os.ReadFile(filepath.Join("..", "..", "platform", "wps", "testdata", "syncdb", name+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	sqlitecli.Exec(t, path, string(sql))
}

// A database that cannot be read (unknown layout, garbage, a FIFO) never
// hides the failed transfer another database of the same folder holds,
// whatever the order; only when nothing could be read is it "unreadable".
func TestSyncDBUnreadableDoesNotHideFailures(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".3172735")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	sa := filepath.Join(dir, "syncassistant.db")
	pre := filepath.Join(dir, "precloudfile.db")
	th := filepath.Join(dir, "transferhelper.db")
	junk := filepath.Join(dir, "cache.db")
	createSyncDB(t, sa, "syncassistant")
	createSyncDB(t, pre, "precloudfile")
	sqlitecli.Exec(t, th, "CREATE TABLE msg_record_table (msg_id INTEGER);")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not sqlite ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		dbs    []string
		status health.Status
		code   string
		count  int
		unread int
	}{
		{"discovery order", []string{sa, pre, junk, th}, health.StatusWarn, CodeSyncDBErrors, 1, 2},
		{"unreadable first", []string{th, junk, pre, sa}, health.StatusWarn, CodeSyncDBErrors, 1, 2},
		{"only queued uploads", []string{pre, th}, health.StatusOK, CodeSyncDBClean, 0, 1},
		{"nothing readable", []string{th, junk}, health.StatusInfo, CodeSyncDBUnreadable, 0, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := wps.Install{OS: "windows", Found: true, SyncDBs: c.dbs}
			f := run(t, checkSyncDB, envWith(t, in, nil))
			if f.Status != c.status || f.Code != c.code {
				t.Fatalf("got %s %s (%v), want %s %s", f.Status, f.Code, f.Message, c.status, c.code)
			}
			if errs, _ := f.Evidence["errors"].([]wps.SyncError); len(errs) != c.count {
				t.Errorf("got %d failed transfers in the evidence, want %d", len(errs), c.count)
			}
			if u, _ := f.Evidence["unreadable"].([]unreadableDB); len(u) != c.unread {
				t.Errorf("got unreadable evidence %+v, want %d unreadable databases", u, c.unread)
			}
		})
	}
}

// files.sync counts files, not problems: a file with two problems is one
// file, and a folder whose path is too long is a folder, not a file (the
// old message said "5 of 5 files" here).
func TestFilesCountsFilesNotProblems(t *testing.T) {
	root := t.TempDir()
	long := strings.Repeat("长", 30)
	for rel, size := range map[string]int{
		"ok1.docx": 1, "ok2.docx": 1,
		"tool.exe":       20, // refused type and too large: one file
		"a:b.docx":       1,  // invalid on Windows
		long + "/x.docx": 1,  // path too long, inside a folder whose path is too long
	} {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(strings.Repeat("x", size)), 0o644)
	}
	cat := catalog.Default()
	cat.Thresholds.FileMaxBytes = 10
	cat.Thresholds.PathMaxChars = len([]rune(root)) + 20
	env := health.With(health.NewEnv(cat, t.TempDir()), func() (wps.Install, error) { return wps.Install{Found: true, SyncRoot: root}, nil })
	fs := health.Flatten([]health.Finding{run(t, checkFiles, env)})
	type want struct {
		code, key string
		count     int
		dirs      any
	}
	wants := []want{
		{CodeFilesType, "files.class.unsupported_type", 1, nil},
		{CodeFilesTooLarge, "files.class.too_large", 1, nil},
		{CodeFilesName, "files.class.invalid_name", 1, nil},
		{CodeFilesPathLong, "files.class_dirs.path_too_long", 2, int64(1)},
	}
	if len(fs) != len(wants) {
		t.Fatalf("got %d findings, want %d: %+v", len(fs), len(wants), fs)
	}
	for i, w := range wants {
		f := fs[i]
		t.Run(w.code, func(t *testing.T) {
			if f.Code != w.code || f.Message.Key != w.key || f.Status != health.StatusWarn {
				t.Fatalf("got %s %s %s, want warn %s %s", f.Status, f.Code, f.Message.Key, w.code, w.key)
			}
			if got := f.Message.Args["count"]; got != w.count {
				t.Errorf("got count %v, want %d", got, w.count)
			}
			if got := f.Message.Args["dirs"]; got != w.dirs {
				t.Errorf("got dirs %v, want %v", got, w.dirs)
			}
			if got := f.Evidence["files"]; got != int64(5) {
				t.Errorf("got files %v, want 5", got)
			}
		})
	}
}

// Relative paths are shown with the OS's separator: backslashes on Windows.
func TestWithSeparator(t *testing.T) {
	ex := map[scan.Kind][]scan.Problem{scan.PathTooLong: {{Kind: scan.PathTooLong, Path: "团队文档/2026/报告.docx"}}}
	got := withSeparator(ex, '\\')[scan.PathTooLong][0].Path
	if want := `团队文档\2026\报告.docx`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if ex[scan.PathTooLong][0].Path != "团队文档/2026/报告.docx" {
		t.Error("the scanner's result was changed in place")
	}
	if got := withSeparator(ex, '/')[scan.PathTooLong][0].Path; got != "团队文档/2026/报告.docx" {
		t.Errorf("got %q on a slash OS", got)
	}
}
