package wps

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

func winEnv() map[string]string {
	return map[string]string{
		"USERPROFILE":       `C:\Users\u`,
		"LOCALAPPDATA":      `C:\Users\u\AppData\Local`,
		"AppData":           `C:\Users\u\AppData\Roaming`, // case differs on purpose
		"TEMP":              `C:\Users\u\AppData\Local\Temp`,
		"ProgramFiles":      `C:\Program Files`,
		"ProgramFiles(x86)": `C:\Program Files (x86)`,
	}
}

func discoverWinFixture(t *testing.T, name string) (Install, FS) {
	t.Helper()
	dir := filepath.Join("testdata", "windows", name)
	reg, err := LoadRegistryFixture(filepath.Join(dir, "registry.json"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := FixtureFS{Root: dir}
	return DiscoverWindows(fsys, reg, winEnv()), fsys
}

func sortedProblems(in Install) []string {
	p := slices.Clone(in.Problems)
	sort.Strings(p)
	return p
}

// checkInvariants holds for every discovery result: nothing listed as cache
// is protected, everything listed as unsynced state is, and listed files
// and folders exist.
func checkInvariants(t *testing.T, in Install, fsys FS) {
	t.Helper()
	for _, c := range in.CacheDirs {
		if Protected(in, c) {
			t.Errorf("cache dir %q is protected: a cache fix could never clear it, or NeverDelete is wrong", c)
		}
		if !isDir(fsys, c) {
			t.Errorf("cache dir %q does not exist", c)
		}
	}
	for _, p := range in.SyncDBs {
		if !Protected(in, p) {
			t.Errorf("sync db %q is not protected", p)
		}
	}
	if in.SyncRoot != "" && !Protected(in, in.SyncRoot) {
		t.Errorf("sync root %q is not protected", in.SyncRoot)
	}
	if in.Found && !Protected(in, in.Root) {
		t.Errorf("install root %q is not protected", in.Root)
	}
	for _, f := range in.ConfigFiles {
		if !isFile(fsys, f) {
			t.Errorf("config file %q does not exist", f)
		}
	}
	for _, d := range append(slices.Clone(in.ConfigDirs), in.LogDirs...) {
		if !isDir(fsys, d) {
			t.Errorf("dir %q does not exist", d)
		}
	}
	if in.Found && in.Edition == "" {
		t.Error("found install without an edition")
	}
}

func TestDiscoverWindows(t *testing.T) {
	const local = `C:\Users\u\AppData\Local\Kingsoft\WPS Office\`
	const pf86 = `C:\Program Files (x86)\Kingsoft\WPS Office\`
	cases := []struct {
		name       string
		found      bool
		root       string
		version    string
		edition    Edition
		family     Family
		source     string
		perMachine bool
		cloud      bool
		syncRoot   string
		problems   []string
	}{
		{"mainland11", true, local + "11.1.0.11719", "11.1.0.11719", EditionMainland, FamilyMainland, "registry:HKCU", false, true, "", nil},
		{"mainland12", true, `D:\WPS Office\12.1.0.28505`, "12.1.0.28505", EditionMainland, FamilyMainland, "uninstall:HKCU", false, true, `D:\WPSDrive`, nil},
		{"intl12", true, local + "12.2.0.23196", "12.2.0.23196", EditionInternational, FamilyInternational, "registry:HKCU", false, true, `C:\Users\u\WPSDrive`, []string{ProblemSyncRootMissing}},
		{"pro", true, pf86 + "12.8.2.18913", "12.8.2.18913", EditionProfessional, FamilyMainland, "registry:HKLM", true, true, "", nil},
		{"absent", false, "", "", "", "", "", false, false, "", nil},
		{"broken", false, "", "", "", "", "", false, false, "", []string{ProblemRootMissing}},
		// Newest of two version folders wins; it lacks wpscloudsvr and the qing addon.
		{"debloated", true, local + "12.1.0.28043", "12.1.0.28043", EditionUnofficial, FamilyMainland, "path", false, false, "", []string{ProblemCloudAddonsMissing, ProblemCloudMissing}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, fsys := discoverWinFixture(t, c.name)
			if in.OS != "windows" || in.Found != c.found || in.Root != c.root || in.Version != c.version ||
				in.Edition != c.edition || in.Family != c.family || in.Source != c.source || in.PerMachine != c.perMachine {
				t.Fatalf("got found=%v root=%q version=%q edition=%q family=%q source=%q perMachine=%v",
					in.Found, in.Root, in.Version, in.Edition, in.Family, in.Source, in.PerMachine)
			}
			if got := in.CloudExe != ""; got != c.cloud {
				t.Errorf("CloudExe = %q, want present=%v", in.CloudExe, c.cloud)
			}
			if c.cloud && !strings.HasSuffix(in.CloudExe, `\office6\wpscloudsvr.exe`) {
				t.Errorf("CloudExe = %q", in.CloudExe)
			}
			if in.SyncRoot != c.syncRoot {
				t.Errorf("SyncRoot = %q, want %q", in.SyncRoot, c.syncRoot)
			}
			want := slices.Clone(c.problems)
			sort.Strings(want)
			if got := sortedProblems(in); !slices.Equal(got, want) {
				t.Errorf("Problems = %v, want %v", got, want)
			}
			checkInvariants(t, in, fsys)
		})
	}
}

func TestDiscoverWindowsDetails(t *testing.T) {
	in, _ := discoverWinFixture(t, "mainland11")
	if in.MainExe != `C:\Users\u\AppData\Local\Kingsoft\WPS Office\11.1.0.11719\office6\wps.exe` {
		t.Errorf("MainExe = %q (no wpsoffice.exe in 11.x: wps.exe)", in.MainExe)
	}
	if in.Executables["ksolaunch.exe"] != `C:\Users\u\AppData\Local\Kingsoft\WPS Office\ksolaunch.exe` {
		t.Errorf("ksolaunch = %q", in.Executables["ksolaunch.exe"])
	}
	wantDB := `C:\Users\u\AppData\Local\Kingsoft\WPS Cloud Files\userdata\qing\filecache\.3172735\syncassistant.db`
	if len(in.SyncDBs) != 2 || in.SyncDBs[0] != wantDB {
		t.Errorf("SyncDBs = %v, want syncassistant.db first of 2", in.SyncDBs)
	}
	wantCache := []string{`C:\Users\u\AppData\Roaming\Kingsoft\wps\addons\pool`, `C:\Users\u\AppData\Roaming\Kingsoft\wps\addons\data\win-i386\cef\cache`}
	if !slices.Equal(in.CacheDirs, wantCache) {
		t.Errorf("CacheDirs = %v, want %v", in.CacheDirs, wantCache)
	}
	if !slices.Equal(in.ConfigFiles, []string{`C:\Users\u\AppData\Local\Kingsoft\WPS Cloud Files\userdata\qing\config.ini`}) {
		t.Errorf("ConfigFiles = %v", in.ConfigFiles)
	}
	if !slices.Equal(in.LogDirs, []string{`C:\Users\u\AppData\Roaming\Kingsoft\office6\log`}) {
		t.Errorf("LogDirs = %v", in.LogDirs)
	}
	// The cloud file cache holds unsynced copies: never a cache dir.
	for _, p := range []string{
		`C:\Users\u\AppData\Local\Kingsoft\WPS Cloud Files\userdata\qing\filecache`,
		`C:\Users\u\AppData\Local\Kingsoft\WPS Cloud Files\userdata\qing\filecache\configbackup`,
		`c:\users\u\appdata\roaming\kingsoft\office6\backup\x.et`,
		`C:\Users\u\AppData\Roaming\Kingsoft\kaccountsdk`,
	} {
		if !Protected(in, p) {
			t.Errorf("%q not protected", p)
		}
	}

	broken, _ := discoverWinFixture(t, "broken")
	if broken.MissingRoot != `C:\Users\u\AppData\Local\Kingsoft\WPS Office\12.1.0.28505` {
		t.Errorf("MissingRoot = %q", broken.MissingRoot)
	}
}

// A registry entry naming a missing folder is reported even when another
// install is found, and discovery falls through to the next candidate.
func TestDiscoverWindowsStaleRegistryFallsThrough(t *testing.T) {
	reg := MapRegistry{`HKCU\Software\Kingsoft\Office\6.0\Common`: {"InstallRoot": `C:\Gone\12.1.0.1`}}
	in := DiscoverWindows(FixtureFS{Root: filepath.Join("testdata", "windows", "mainland11")}, reg, winEnv())
	if !in.Found || in.Source != "path" || in.Version != "11.1.0.11719" {
		t.Fatalf("got found=%v source=%q version=%q", in.Found, in.Source, in.Version)
	}
	if !slices.Contains(in.Problems, ProblemRootMissing) || in.MissingRoot != `C:\Gone\12.1.0.1` {
		t.Errorf("Problems=%v MissingRoot=%q", in.Problems, in.MissingRoot)
	}
}

// InstallRoot naming the folder above the versions still resolves.
func TestDiscoverWindowsRootAboveVersions(t *testing.T) {
	reg := MapRegistry{`HKCU\Software\Kingsoft\Office\6.0\Common`: {"InstallRoot": `C:\Users\u\AppData\Local\Kingsoft\WPS Office`}}
	in := DiscoverWindows(FixtureFS{Root: filepath.Join("testdata", "windows", "mainland11")}, reg, winEnv())
	if !in.Found || !strings.HasSuffix(in.Root, `\11.1.0.11719`) || in.Source != "registry:HKCU" {
		t.Fatalf("root=%q source=%q", in.Root, in.Source)
	}
}

func TestDiscoverWindowsNilRegistryAndEmptyEnv(t *testing.T) {
	in := DiscoverWindows(FixtureFS{Root: t.TempDir()}, nil, nil)
	if in.Found || in.OS != "windows" {
		t.Fatalf("%+v", in)
	}
}

func darwinFS(name string) FixtureFS {
	return FixtureFS{Root: filepath.Join("testdata", "darwin", name)}
}

func TestDiscoverDarwin(t *testing.T) {
	cases := []struct {
		name       string
		found      bool
		root       string
		bundle     string
		version    string
		edition    Edition
		perMachine bool
		problems   []string
	}{
		{"cn", true, "/Applications/wpsoffice.app", BundleMainland, "12.1.28496", EditionMainland, true, nil},
		// binary Info.plist, per-user ~/Applications
		{"global", true, "/Users/u/Applications/wpsoffice.app", BundleInternational, "6.12.2", EditionInternational, false, nil},
		{"broken", true, "/Applications/wpsoffice.app", BundleMainland, "12.1.29166", EditionMainland, true, []string{ProblemMainExeMissing}},
		{"absent", false, "", "", "", "", false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := darwinFS(c.name)
			in := DiscoverDarwin(fsys, "/Users/u")
			if in.OS != "darwin" || in.Found != c.found || in.Root != c.root || in.BundleID != c.bundle ||
				in.Version != c.version || in.Edition != c.edition || in.PerMachine != c.perMachine {
				t.Fatalf("got found=%v root=%q bundle=%q version=%q edition=%q perMachine=%v",
					in.Found, in.Root, in.BundleID, in.Version, in.Edition, in.PerMachine)
			}
			if c.found && in.Family != c.edition.Family() {
				t.Errorf("Family = %q", in.Family)
			}
			want := slices.Clone(c.problems)
			sort.Strings(want)
			if got := sortedProblems(in); !slices.Equal(got, want) {
				t.Errorf("Problems = %v, want %v", got, want)
			}
			checkInvariants(t, in, fsys)
		})
	}
}

func TestDiscoverDarwinDetails(t *testing.T) {
	in := DiscoverDarwin(darwinFS("cn"), "/Users/u")
	data := "/Users/u/Library/Containers/com.kingsoft.wpsoffice.mac/Data"
	cloud := data + "/Library/Application Support/Kingsoft/WPS Cloud Files/userdata/qing/filecache"
	if !slices.Equal(in.SyncDBs, []string{cloud + "/.212320004/syncassistant.db"}) {
		t.Errorf("SyncDBs = %v", in.SyncDBs)
	}
	if in.MainExe != "/Applications/wpsoffice.app/Contents/MacOS/wpsoffice" || in.Source != "bundle" || in.SyncRoot != "/Users/u/WPSDrive" {
		t.Errorf("MainExe=%q Source=%q SyncRoot=%q", in.MainExe, in.Source, in.SyncRoot)
	}
	wantCache := []string{
		data + "/.kingsoft/wps/addons/pool",
		data + "/.kingsoft/office6/kccsdkbak",
		data + "/.kingsoft/wps/addons/data/mac/cef/cache",
		data + "/.kingsoft/wps/addons/data/mac/cef/promebrowser/Code Cache",
		"/Users/u/Library/Caches/com.kingsoft.wpsoffice.mac",
	}
	if !slices.Equal(in.CacheDirs, wantCache) {
		t.Errorf("CacheDirs =\n%v\nwant\n%v", in.CacheDirs, wantCache)
	}
	if !slices.Equal(in.ConfigFiles, []string{data + "/Library/Preferences/com.kingsoft.Office.plist"}) {
		t.Errorf("ConfigFiles = %v", in.ConfigFiles)
	}
	for _, p := range []string{cloud + "/212320004/doc.docx", cloud + "/.212320004/cachedata", data + "/Library/Application Support/Kingsoft/office6/tokenTable.ini"} {
		if !Protected(in, p) {
			t.Errorf("%q not protected", p)
		}
	}
	global := DiscoverDarwin(darwinFS("global"), "/Users/u")
	if len(global.SyncDBs) != 1 || !strings.Contains(global.SyncDBs[0], "/com.kingsoft.wpsoffice.mac.global/Data/") || !strings.Contains(global.SyncDBs[0], "/userdata/default/") {
		t.Errorf("global SyncDBs = %v", global.SyncDBs)
	}
}

// A bundle that is listed but cannot be entered (a dangling symlink left by
// a moved app) is a broken install, not an absent one.
func TestDiscoverDarwinDanglingBundle(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "Applications"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "Volumes", "gone", "wpsoffice.app"), filepath.Join(root, "Applications", "wpsoffice.app")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	in := DiscoverDarwin(FixtureFS{Root: root}, "/Users/u")
	if in.Found || in.MissingRoot != "/Applications/wpsoffice.app" || !slices.Equal(in.Problems, []string{ProblemRootMissing}) {
		t.Fatalf("found=%v missing=%q problems=%v", in.Found, in.MissingRoot, in.Problems)
	}
}

func TestDiscoverDarwinUnreadablePlist(t *testing.T) {
	root := t.TempDir()
	contents := filepath.Join(root, "Applications", "wpsoffice.app", "Contents")
	if err := os.MkdirAll(filepath.Join(contents, "MacOS"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(contents, "Info.plist"), []byte("<plist><dict><key>x"), 0o644)
	os.WriteFile(filepath.Join(contents, "MacOS", "wpsoffice"), nil, 0o755)
	in := DiscoverDarwin(FixtureFS{Root: root}, "/Users/u")
	if !in.Found || in.Edition != EditionUnknown || !slices.Contains(in.Problems, ProblemBundleUnreadable) || !slices.Contains(in.Problems, ProblemVersionUnknown) {
		t.Fatalf("%+v", in)
	}
}

func linuxPkgs(t *testing.T, fsys FixtureFS) PackageDB {
	t.Helper()
	var dbs PackageDBs
	if data, err := fsys.ReadFile("/var/lib/dpkg/status"); err == nil {
		p, err := ParseDpkgStatus(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		dbs = append(dbs, p)
	}
	return append(dbs, ReadPacmanLocal(fsys, "/var/lib/pacman/local"))
}

func TestDiscoverLinux(t *testing.T) {
	cases := []struct {
		name          string
		modes         map[string]fs.FileMode
		found         bool
		root          string
		version       string
		edition       Edition
		source        string
		cloud         string
		cloudDisabled bool
		syncRoot      string
		problems      []string
	}{
		{"cn-deb", map[string]fs.FileMode{"/opt/kingsoft/wps-office/office6/wpscloudsvr": 0o755},
			true, "/opt/kingsoft/wps-office", "11.1.0.11719", EditionMainland, "dpkg:wps-office",
			"/opt/kingsoft/wps-office/office6/wpscloudsvr", false, "/home/u/WPS云盘", nil},
		{"cn12-deb", map[string]fs.FileMode{"/opt/kingsoft/wps-office/office6/wpscloudsvr": 0o644},
			true, "/opt/kingsoft/wps-office", "12.1.0.17900", EditionMainland, "dpkg:wps-office",
			"/opt/kingsoft/wps-office/office6/wpscloudsvr", false, "", []string{ProblemCloudNotExecutable}},
		{"xa-deb", nil, true, "/opt/kingsoft/wps-office", "11.1.0.11723.XA", EditionInternational, "dpkg:wps-office",
			"", true, "", nil},
		{"arch-usrlib", map[string]fs.FileMode{"/usr/lib/office6/wpscloudsrv": 0o755},
			true, "/usr/lib", "12.1.0.17900", EditionMainland, "pacman:wps-office-cn",
			"/usr/lib/office6/wpscloudsrv", false, "", nil},
		{"absent", nil, false, "", "", "", "", "", false, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := FixtureFS{Root: filepath.Join("testdata", "linux", c.name), Modes: c.modes}
			in := DiscoverLinux(fsys, "/home/u", linuxPkgs(t, fsys))
			if in.OS != "linux" || in.Found != c.found || in.Root != c.root || in.Version != c.version || in.Edition != c.edition ||
				in.Source != c.source || in.CloudExe != c.cloud || in.CloudDisabled != c.cloudDisabled || in.SyncRoot != c.syncRoot {
				t.Fatalf("got found=%v root=%q version=%q edition=%q source=%q cloud=%q disabled=%v sync=%q",
					in.Found, in.Root, in.Version, in.Edition, in.Source, in.CloudExe, in.CloudDisabled, in.SyncRoot)
			}
			want := slices.Clone(c.problems)
			sort.Strings(want)
			if got := sortedProblems(in); !slices.Equal(got, want) {
				t.Errorf("Problems = %v, want %v", got, want)
			}
			checkInvariants(t, in, fsys)
		})
	}
}

func TestDiscoverLinuxDetails(t *testing.T) {
	fsys := FixtureFS{Root: filepath.Join("testdata", "linux", "cn-deb"), Modes: map[string]fs.FileMode{"/opt/kingsoft/wps-office/office6/wpscloudsvr": 0o755}}
	in := DiscoverLinux(fsys, "/home/u", linuxPkgs(t, fsys))
	if !slices.Equal(in.ConfigFiles, []string{"/home/u/.config/Kingsoft/Office.conf", "/home/u/.config/Kingsoft/WPSCloud.conf"}) {
		t.Errorf("ConfigFiles = %v", in.ConfigFiles)
	}
	if !slices.Equal(in.CacheDirs, []string{"/home/u/.kingsoft/wps/addons/pool"}) || !slices.Equal(in.LogDirs, []string{"/home/u/.local/share/Kingsoft/office6/log"}) {
		t.Errorf("CacheDirs=%v LogDirs=%v", in.CacheDirs, in.LogDirs)
	}
	if len(in.SyncDBs) != 1 || !strings.HasSuffix(in.SyncDBs[0], "/filecache/.99887766/syncassistant.db") {
		t.Errorf("SyncDBs = %v", in.SyncDBs)
	}
	if in.MainExe != "/opt/kingsoft/wps-office/office6/wpsoffice" || !in.PerMachine {
		t.Errorf("MainExe=%q PerMachine=%v", in.MainExe, in.PerMachine)
	}
	if !Protected(in, "/home/u/.local/share/Kingsoft/office6/data/backup/a.docx") || !Protected(in, "/home/u/WPS云盘/x") {
		t.Error("backup or sync folder not protected")
	}

	// The same tree without any package database: found by path, version unknown.
	bare := DiscoverLinux(fsys, "/home/u", nil)
	if !bare.Found || bare.Source != "path" || bare.Edition != EditionUnknown || !slices.Contains(bare.Problems, ProblemVersionUnknown) {
		t.Errorf("bare: source=%q edition=%q problems=%v", bare.Source, bare.Edition, bare.Problems)
	}
}

// The real system: must not fail or panic whatever is installed here.
func TestDiscoverRealSystem(t *testing.T) {
	in, err := Discover()
	if err != nil {
		t.Fatal(err)
	}
	if in.Found && (in.Root == "" || in.OS != runtime.GOOS) {
		t.Errorf("found without root: %+v", in)
	}
}

// An InstallRoot that exists but holds no office6 is as broken as a missing one.
func TestDiscoverWindowsEmptyShell(t *testing.T) {
	reg := MapRegistry{`HKCU\Software\Kingsoft\Office\6.0\Common`: {"InstallRoot": `C:\Users\u\AppData\Local\Kingsoft\WPS Office`}}
	in := DiscoverWindows(FixtureFS{Root: filepath.Join("testdata", "windows", "broken")}, reg, winEnv())
	if in.Found || in.MissingRoot != `C:\Users\u\AppData\Local\Kingsoft\WPS Office` || !slices.Equal(in.Problems, []string{ProblemRootMissing}) {
		t.Fatalf("found=%v missing=%q problems=%v", in.Found, in.MissingRoot, in.Problems)
	}
}

// Education builds reportedly register their uninstaller as "WPS Office".
func TestDiscoverWindowsEducationUninstallKey(t *testing.T) {
	reg := MapRegistry{`HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\WPS Office`: {
		"UninstallString": `"D:\WPS Office\12.1.0.28505\utility\uninst.exe"`, "DisplayVersion": "12.1.0.28505"}}
	in := DiscoverWindows(FixtureFS{Root: filepath.Join("testdata", "windows", "mainland12")}, reg, winEnv())
	if !in.Found || in.Source != "uninstall:HKLM" || !in.PerMachine || in.Version != "12.1.0.28505" {
		t.Fatalf("found=%v source=%q perMachine=%v version=%q", in.Found, in.Source, in.PerMachine, in.Version)
	}
}

// Without a program, a stale sync-folder setting is not a "broken install".
func TestDiscoverWindowsLeftoverSettingsOnly(t *testing.T) {
	reg := MapRegistry{`HKCU\Software\Kingsoft\wpscloud\usercenter\wpsdrive`: {"driveRootPath": `E:\gone`}}
	in := DiscoverWindows(FixtureFS{Root: filepath.Join("testdata", "windows", "absent")}, reg, winEnv())
	if in.Found || len(in.Problems) != 0 || in.SyncRoot != `E:\gone` || !Protected(in, `E:\gone\x`) {
		t.Fatalf("found=%v problems=%v sync=%q", in.Found, in.Problems, in.SyncRoot)
	}
}
