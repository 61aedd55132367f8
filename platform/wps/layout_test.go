package wps

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Table tests for the discovery branches the fixture trees under testdata
// leave thin: Deepin/UOS and flatpak roots, package editions, configured
// and default sync folders, CEF caches (Linux); version fallbacks, the
// default sync folder and per-machine roots (Windows); the cloud program,
// unknown bundle ids and sync folders inside the container (macOS).

// buildTree makes a fixture tree: each key is a native path ("/opt/x" or
// `C:\x`); a key ending in "/" or `\` is a folder, any other a file holding
// the value.
func buildTree(t *testing.T, entries map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range entries {
		rel := name
		if len(rel) >= 2 && rel[1] == ':' {
			rel = strings.ToUpper(rel[:1]) + rel[2:]
		}
		host := filepath.Join(root, filepath.FromSlash(strings.ReplaceAll(rel, `\`, "/")))
		if strings.HasSuffix(name, "/") || strings.HasSuffix(name, `\`) {
			if err := os.MkdirAll(host, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(host), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(host, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// programFacts are the fields a table case states in full.
type programFacts struct {
	Found         bool
	Root          string
	Source        string
	Version       string
	Edition       Edition
	PerMachine    bool
	CloudDisabled bool
	MainExe       string
	CloudExe      string
	SyncRoot      string
	MissingRoot   string
	Problems      []string
}

func factsOf(in Install) programFacts {
	p := slices.Clone(in.Problems)
	sort.Strings(p)
	return programFacts{in.Found, in.Root, in.Source, in.Version, in.Edition, in.PerMachine, in.CloudDisabled,
		in.MainExe, in.CloudExe, in.SyncRoot, in.MissingRoot, p}
}

// placeLists are the per-user lists a case may state; nil means "not
// stated", []string{} means "none".
type placeLists struct {
	configDirs, configFiles, logDirs, cacheDirs, syncDBs []string
}

func checkDiscovered(t *testing.T, in Install, fsys FS, goos string, want programFacts, lists placeLists, protected []string) {
	t.Helper()
	if in.OS != goos {
		t.Errorf("OS = %q, want %q", in.OS, goos)
	}
	sort.Strings(want.Problems)
	if got := factsOf(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, l := range []struct {
		name      string
		got, want []string
	}{
		{"ConfigDirs", in.ConfigDirs, lists.configDirs},
		{"ConfigFiles", in.ConfigFiles, lists.configFiles},
		{"LogDirs", in.LogDirs, lists.logDirs},
		{"CacheDirs", in.CacheDirs, lists.cacheDirs},
		{"SyncDBs", in.SyncDBs, lists.syncDBs},
	} {
		if l.want != nil && !slices.Equal(l.got, l.want) {
			t.Errorf("%s = %q, want %q", l.name, l.got, l.want)
		}
	}
	for _, p := range protected {
		if !Protected(in, p) {
			t.Errorf("%q is not protected", p)
		}
	}
	checkInvariants(t, in, fsys)
}

const (
	flatpakXA  = "/home/u/.local/share/flatpak/app/com.wps.Office/current/active/files/extra/wps-office"
	flatpak365 = "/var/lib/flatpak/app/cn.wps.wps_365/current/active/files/extra/opt/kingsoft/wps-office"
	deepinPro  = "/opt/apps/cn.wps.wps-office-pro/files/kingsoft/wps-office"
	optWPS     = "/opt/kingsoft/wps-office"
)

// office6Tree lists a complete Linux office6 under dir.
func office6Tree(dir string, entries map[string]string) map[string]string {
	for _, f := range []string{"office6/wpsoffice", "office6/wpscloudsvr", "office6/addons/qing/", "office6/addons/kusercenter/"} {
		entries[dir+"/"+f] = ""
	}
	return entries
}

type linuxCase struct {
	name      string
	home      string
	entries   map[string]string
	modes     map[string]fs.FileMode
	pkgs      Packages
	want      programFacts
	lists     placeLists
	protected []string
}

func linuxCases() []linuxCase {
	cloud := func(dir string) map[string]fs.FileMode {
		return map[string]fs.FileMode{dir + "/office6/wpscloudsvr": 0o755}
	}
	return []linuxCase{
		{name: "deepin-pro-package", home: "/home/u",
			entries: office6Tree(deepinPro, map[string]string{}), modes: cloud(deepinPro),
			pkgs: Packages{"cn.wps.wps-office-pro": {Name: "cn.wps.wps-office-pro", Version: "12.8.2.1234-1", Manager: "dpkg"}},
			want: programFacts{Found: true, Root: deepinPro, Source: "dpkg:cn.wps.wps-office-pro", Version: "12.8.2.1234",
				Edition: EditionProfessional, PerMachine: true, MainExe: deepinPro + "/office6/wpsoffice", CloudExe: deepinPro + "/office6/wpscloudsvr"},
			protected: []string{deepinPro + "/office6/wps"}},
		{name: "deepin-files-no-package", home: "/home/u",
			entries: map[string]string{"/opt/apps/cn.wps.wps-office/files/office6/wps": "", "/opt/apps/other/files/office6/wps": ""},
			want: programFacts{Found: true, Root: "/opt/apps/cn.wps.wps-office/files", Source: "path", Edition: EditionUnofficial, PerMachine: true,
				MainExe:  "/opt/apps/cn.wps.wps-office/files/office6/wps",
				Problems: []string{ProblemVersionUnknown, ProblemCloudMissing, ProblemCloudAddonsMissing}}},
		// The flatpak of the .XA deb: its own edition, packages ignored,
		// user state in the sandbox, a sync folder given as ~/...
		{name: "flatpak-xa-user", home: "/home/u",
			entries: office6Tree(flatpakXA, map[string]string{
				"/home/u/.var/app/com.wps.Office/config/Kingsoft/WPSCloud.conf": "[General]\nlocalsyncfolder=~/Cloud\n",
				"/home/u/.var/app/com.wps.Office/data/Kingsoft/office6/log/":    "",
				"/home/u/Cloud/": "",
			}),
			modes: cloud(flatpakXA),
			pkgs:  Packages{"wps-office": {Name: "wps-office", Version: "11.1.0.11719", Manager: "dpkg"}},
			want: programFacts{Found: true, Root: flatpakXA, Source: "flatpak:com.wps.Office", Edition: EditionInternational, CloudDisabled: true,
				MainExe: flatpakXA + "/office6/wpsoffice", CloudExe: flatpakXA + "/office6/wpscloudsvr", SyncRoot: "/home/u/Cloud",
				Problems: []string{ProblemVersionUnknown}},
			lists: placeLists{
				configDirs:  []string{"/home/u/.var/app/com.wps.Office/config/Kingsoft"},
				configFiles: []string{"/home/u/.var/app/com.wps.Office/config/Kingsoft/WPSCloud.conf"},
				logDirs:     []string{"/home/u/.var/app/com.wps.Office/data/Kingsoft/office6/log"},
			},
			protected: []string{"/home/u/Cloud/a.docx", "/home/u/.var/app/com.wps.Office/data/Kingsoft/WPS Cloud Files/x", "/home/u/WPSDrive/y"}},
		{name: "flatpak-365-system", home: "/home/u",
			entries: office6Tree(flatpak365, map[string]string{}), modes: cloud(flatpak365),
			want: programFacts{Found: true, Root: flatpak365, Source: "flatpak:cn.wps.wps_365", Edition: EditionMainland365, PerMachine: true,
				MainExe: flatpak365 + "/office6/wpsoffice", CloudExe: flatpak365 + "/office6/wpscloudsvr", Problems: []string{ProblemVersionUnknown}}},
		// AUR names the international build wps-office (and the CN one wps-office-cn).
		{name: "pacman-international", home: "/home/u",
			entries: office6Tree("/usr/lib", map[string]string{}), modes: cloud("/usr/lib"),
			pkgs: Packages{"wps-office": {Name: "wps-office", Version: "11.1.0.11719-1", Manager: "pacman"}},
			want: programFacts{Found: true, Root: "/usr/lib", Source: "pacman:wps-office", Version: "11.1.0.11719", Edition: EditionInternational,
				PerMachine: true, MainExe: "/usr/lib/office6/wpsoffice", CloudExe: "/usr/lib/office6/wpscloudsvr"}},
		// A version named .XA by the package disables the cloud too (the
		// executable bit of wpscloudsvr is still checked).
		{name: "rpm-xa-version", home: "/home/u",
			entries: office6Tree("/usr/lib64/wps-office", map[string]string{}),
			pkgs:    Packages{"wps-office": {Name: "wps-office", Version: "11.1.0.11723.XA-1", Manager: "rpm"}},
			want: programFacts{Found: true, Root: "/usr/lib64/wps-office", Source: "rpm:wps-office", Version: "11.1.0.11723.XA",
				Edition: EditionInternational, PerMachine: true, CloudDisabled: true,
				MainExe: "/usr/lib64/wps-office/office6/wpsoffice", CloudExe: "/usr/lib64/wps-office/office6/wpscloudsvr",
				Problems: []string{ProblemCloudNotExecutable}}},
		// An install under the home folder is per-user.
		{name: "under-home", home: "/home/u",
			entries: map[string]string{"/home/u/.local/share/flatpak/app/cn.wps.wps_365/current/active/files/extra/opt/kingsoft/wps-office/office6/wps": ""},
			want: programFacts{Found: true, Root: "/home/u/.local/share/flatpak/app/cn.wps.wps_365/current/active/files/extra/opt/kingsoft/wps-office",
				Source: "flatpak:cn.wps.wps_365", Edition: EditionUnofficial, MainExe: "/home/u/.local/share/flatpak/app/cn.wps.wps_365/current/active/files/extra/opt/kingsoft/wps-office/office6/wps",
				Problems: []string{ProblemVersionUnknown, ProblemCloudMissing, ProblemCloudAddonsMissing}}},
		{name: "configured-sync-root-missing", home: "/home/u",
			entries: office6Tree(optWPS, map[string]string{
				"/home/u/.config/Kingsoft/WPSCloud.conf":                        "[General]\nlocalsyncfolder=${HOME}/Gone\n",
				"/home/u/.var/app/com.wps.Office/config/Kingsoft/WPSCloud.conf": "[General]\nlocalsyncfolder=/home/u/Cloud\n",
				"/home/u/Cloud/": "", "/home/u/WPSDrive/": "",
			}), modes: cloud(optWPS),
			want: programFacts{Found: true, Root: optWPS, Source: "path", Edition: EditionUnknown, PerMachine: true,
				MainExe: optWPS + "/office6/wpsoffice", CloudExe: optWPS + "/office6/wpscloudsvr", SyncRoot: "/home/u/Gone",
				Problems: []string{ProblemSyncRootMissing, ProblemVersionUnknown}},
			protected: []string{"/home/u/Gone/x", "/home/u/WPSDrive/x", "/home/u/Documents/WPS Cloud Files/x", "/home/u/document/WPS Cloud Files/x"}},
		{name: "blank-setting-then-sandbox", home: "/home/u",
			entries: map[string]string{
				"/home/u/.config/Kingsoft/WPSCloud.conf":                        "[General]\nlocalsyncfolder=  \n",
				"/home/u/.var/app/cn.wps.wps_365/config/Kingsoft/WPSCloud.conf": "[General]\nlocalsyncfolder=~\n",
			},
			want:  programFacts{SyncRoot: "/home/u"},
			lists: placeLists{configFiles: []string{"/home/u/.config/Kingsoft/WPSCloud.conf", "/home/u/.var/app/cn.wps.wps_365/config/Kingsoft/WPSCloud.conf"}}},
		{name: "default-sync-root", home: "/home/u",
			entries: map[string]string{"/home/u/Documents/WPSDrive/": "", "/home/u/Documents/WPS Cloud Files/": ""},
			want:    programFacts{SyncRoot: "/home/u/Documents/WPSDrive"}},
		// Without a program a configured but missing sync folder is no problem.
		{name: "absent-with-missing-sync-root", home: "/home/u",
			entries: map[string]string{"/home/u/.config/Kingsoft/WPSCloud.conf": "localsyncfolder=$HOME/Gone\n"},
			want:    programFacts{SyncRoot: "/home/u/Gone"}, protected: []string{"/home/u/Gone/a"}},
		{name: "cef-caches", home: "/home/u",
			entries: map[string]string{
				"/home/u/.kingsoft/wps/addons/pool/":                                                                       "",
				"/home/u/.kingsoft/office6/kccsdkbak/":                                                                     "",
				"/home/u/.local/share/Kingsoft/wps/addons/data/linux/cef/cache/":                                           "",
				"/home/u/.local/share/Kingsoft/wps/addons/data/linux/cef/profile/Cache/":                                   "",
				"/home/u/.local/share/Kingsoft/wps/addons/data/linux/cef/profile/Code Cache/":                              "",
				"/home/u/.local/share/Kingsoft/offlinelog/":                                                                "",
				"/home/u/.var/app/com.wps.Office/.kingsoft/wps/addons/pool/":                                               "",
				"/home/u/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.1/cache.db":                        "",
				"/home/u/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.1/syncassistant.db":                "",
				"/home/u/.var/app/com.wps.Office/data/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.2/precloudfile.db": "",
			},
			want: programFacts{},
			lists: placeLists{
				cacheDirs: []string{
					"/home/u/.kingsoft/wps/addons/pool",
					"/home/u/.local/share/Kingsoft/wps/addons/data/linux/cef/cache",
					"/home/u/.local/share/Kingsoft/wps/addons/data/linux/cef/profile/Cache",
					"/home/u/.local/share/Kingsoft/wps/addons/data/linux/cef/profile/Code Cache",
					"/home/u/.kingsoft/office6/kccsdkbak",
					"/home/u/.var/app/com.wps.Office/.kingsoft/wps/addons/pool",
				},
				logDirs:    []string{"/home/u/.local/share/Kingsoft/offlinelog"},
				configDirs: []string{"/home/u/.kingsoft", "/home/u/.var/app/com.wps.Office/.kingsoft"},
				syncDBs: []string{
					"/home/u/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.1/syncassistant.db",
					"/home/u/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.1/cache.db",
					"/home/u/.var/app/com.wps.Office/data/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.2/precloudfile.db",
				},
			}},
	}
}

func TestDiscoverLinuxBranches(t *testing.T) {
	for _, c := range linuxCases() {
		t.Run(c.name, func(t *testing.T) {
			fsys := FixtureFS{Root: buildTree(t, c.entries), Modes: c.modes}
			in := DiscoverLinux(fsys, c.home, c.pkgs)
			checkDiscovered(t, in, fsys, "linux", c.want, c.lists, c.protected)
		})
	}
}

type windowsCase struct {
	name      string
	entries   map[string]string
	reg       MapRegistry
	env       map[string]string
	want      programFacts
	lists     placeLists
	protected []string
}

const (
	regCommon  = `HKCU\Software\Kingsoft\Office\6.0\Common`
	regUninst  = `\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kingsoft Office`
	regUninst2 = `\Software\Microsoft\Windows\CurrentVersion\Uninstall\WPS Office`
)

// winOffice6 lists a complete Windows office6 under dir.
func winOffice6(dir string, entries map[string]string) map[string]string {
	for _, f := range []string{`office6\wps.exe`, `office6\wpscloudsvr.exe`, `office6\addons\qing\`, `office6\addons\kusercenter\`} {
		entries[dir+`\`+f] = ""
	}
	return entries
}

func windowsCases() []windowsCase {
	return []windowsCase{
		// The folder is not named by a version: its own uninstall entry's DisplayVersion gives it.
		{name: "uninstall-display-version",
			entries: winOffice6(`D:\WPS`, map[string]string{`D:\WPS\utility\uninst.exe`: ""}),
			reg: MapRegistry{
				`HKLM` + regUninst: {"UninstallString": `D:\WPS\utility\uninst.exe /S`, "DisplayVersion": "12.2.0.13110"},
				// Another entry's version is only a last resort.
				`HKCU` + regUninst2: {"DisplayVersion": "11.1.0.1"},
			},
			env: winEnv(),
			want: programFacts{Found: true, Root: `D:\WPS`, Source: "uninstall:HKLM", Version: "12.2.0.13110", Edition: EditionInternational,
				PerMachine: true, MainExe: `D:\WPS\office6\wps.exe`, CloudExe: `D:\WPS\office6\wpscloudsvr.exe`}},
		// InstallRoot wins; the version comes from whichever uninstall entry parses.
		{name: "install-root-other-display-version",
			entries: winOffice6(`E:\Office`, map[string]string{}),
			reg: MapRegistry{
				regCommon:                {"InstallRoot": `E:\Office`},
				`HKCU` + regUninst:       {"DisplayVersion": "not a version"},
				`HKLM` + regUninst2:      {"DisplayVersion": "11.8.2.12345"},
				`HKLM` + regUninst + "x": {"DisplayVersion": "12.1.0.1"},
			},
			env: winEnv(),
			want: programFacts{Found: true, Root: `E:\Office`, Source: "registry:HKCU", Version: "11.8.2.12345", Edition: EditionProfessional,
				MainExe: `E:\Office\office6\wps.exe`, CloudExe: `E:\Office\office6\wpscloudsvr.exe`}},
		{name: "no-version-anywhere",
			entries: winOffice6(`E:\Office`, map[string]string{}),
			reg:     MapRegistry{regCommon: {"InstallRoot": `E:\Office`}},
			env:     winEnv(),
			want: programFacts{Found: true, Root: `E:\Office`, Source: "registry:HKCU", Edition: EditionUnknown,
				MainExe: `E:\Office\office6\wps.exe`, CloudExe: `E:\Office\office6\wpscloudsvr.exe`, Problems: []string{ProblemVersionUnknown}}},
		// A per-user registry entry pointing into Program Files is per-machine.
		{name: "hkcu-root-in-program-files",
			entries: winOffice6(`C:\Program Files\Kingsoft\WPS Office\12.1.0.1`, map[string]string{`C:\Users\u\Documents\WPSDrive\`: ""}),
			reg:     MapRegistry{regCommon: {"InstallRoot": `%ProgramFiles%\Kingsoft\WPS Office\12.1.0.1`}},
			env:     winEnv(),
			want: programFacts{Found: true, Root: `C:\Program Files\Kingsoft\WPS Office\12.1.0.1`, Source: "registry:HKCU", Version: "12.1.0.1",
				Edition: EditionMainland, PerMachine: true, MainExe: `C:\Program Files\Kingsoft\WPS Office\12.1.0.1\office6\wps.exe`,
				CloudExe: `C:\Program Files\Kingsoft\WPS Office\12.1.0.1\office6\wpscloudsvr.exe`, SyncRoot: `C:\Users\u\Documents\WPSDrive`}},
		// Only USERPROFILE set: the other folders are derived from it.
		{name: "profile-only-env",
			entries: winOffice6(`C:\Users\u\AppData\Local\Kingsoft\WPS Office\12.1.0.2`, map[string]string{
				`C:\Users\u\AppData\Roaming\Kingsoft\office6\log\`:                       "",
				`C:\Users\u\AppData\Roaming\Kingsoft\wps\addons\data\win-x64\cef\cache\`: "",
				`C:\Users\u\AppData\Roaming\Kingsoft\PDF\Cache\`:                         "",
				`C:\Users\u\WPSDrive\`: "",
				`C:\Program Files (x86)\Kingsoft\WPS Office\12.1.0.1\office6\wps.exe`: "",
			}),
			env: map[string]string{"USERPROFILE": `C:\Users\u`},
			want: programFacts{Found: true, Root: `C:\Users\u\AppData\Local\Kingsoft\WPS Office\12.1.0.2`, Source: "path", Version: "12.1.0.2",
				Edition: EditionMainland, MainExe: `C:\Users\u\AppData\Local\Kingsoft\WPS Office\12.1.0.2\office6\wps.exe`,
				CloudExe: `C:\Users\u\AppData\Local\Kingsoft\WPS Office\12.1.0.2\office6\wpscloudsvr.exe`, SyncRoot: `C:\Users\u\WPSDrive`},
			lists: placeLists{
				logDirs:   []string{`C:\Users\u\AppData\Roaming\Kingsoft\office6\log`},
				cacheDirs: []string{`C:\Users\u\AppData\Roaming\Kingsoft\PDF\Cache`, `C:\Users\u\AppData\Roaming\Kingsoft\wps\addons\data\win-x64\cef\cache`},
			},
			protected: []string{`C:\Users\u\AppData\Local\Temp\WPS Office\AutoSave\a.docx`, `C:\Users\u\AppData\Roaming\Kingsoft\kdynsdk`}},
		// Program Files (x86) is tried before Program Files.
		{name: "program-files-x86-first",
			entries: winOffice6(`C:\Program Files (x86)\Kingsoft\WPS Office\12.1.0.1`, winOffice6(`C:\Program Files\Kingsoft\WPS Office\12.1.0.9`, map[string]string{})),
			env:     winEnv(),
			want: programFacts{Found: true, Root: `C:\Program Files (x86)\Kingsoft\WPS Office\12.1.0.1`, Source: "path", Version: "12.1.0.1",
				Edition: EditionMainland, PerMachine: true, MainExe: `C:\Program Files (x86)\Kingsoft\WPS Office\12.1.0.1\office6\wps.exe`,
				CloudExe: `C:\Program Files (x86)\Kingsoft\WPS Office\12.1.0.1\office6\wpscloudsvr.exe`}},
		// Two stale entries: the first is the one reported.
		{name: "two-stale-entries",
			reg:  MapRegistry{regCommon: {"InstallRoot": `C:\Gone`}, `HKLM\Software\Kingsoft\Office\6.0\Common`: {"InstallRoot": `D:\Gone`}},
			env:  winEnv(),
			want: programFacts{MissingRoot: `C:\Gone`, Problems: []string{ProblemRootMissing}}},
	}
}

func TestDiscoverWindowsBranches(t *testing.T) {
	for _, c := range windowsCases() {
		t.Run(c.name, func(t *testing.T) {
			fsys := FixtureFS{Root: buildTree(t, c.entries)}
			in := DiscoverWindows(fsys, c.reg, c.env)
			checkDiscovered(t, in, fsys, "windows", c.want, c.lists, c.protected)
		})
	}
}

type darwinCase struct {
	name      string
	entries   map[string]string
	want      programFacts
	bundleID  string
	lists     placeLists
	protected []string
}

func infoPlist(id, exe, version string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>` +
		`<key>CFBundleIdentifier</key><string>` + id + `</string>` +
		`<key>CFBundleExecutable</key><string>` + exe + `</string>` +
		`<key>CFBundleShortVersionString</key><string>` + version + `</string></dict></plist>`
}

func darwinCases() []darwinCase {
	const app = "/Applications/wpsoffice.app"
	const cn = "/Users/u/Library/Containers/com.kingsoft.wpsoffice.mac/Data"
	const global = "/Users/u/Library/Containers/com.kingsoft.wpsoffice.mac.global/Data"
	return []darwinCase{
		{name: "cloud-in-helpers",
			entries: map[string]string{
				app + "/Contents/Info.plist":                                    infoPlist(BundleMainland, "wps", "12.1.1"),
				app + "/Contents/MacOS/wps":                                     "",
				app + "/Contents/Helpers/wpscloudsvr":                           "",
				cn + "/Documents/WPSDrive/":                                     "",
				cn + "/Library/Preferences/com.kingsoft.plist":                  "",
				"/Users/u/Library/Preferences/com.kingsoft.wpsoffice.mac.plist": "",
			},
			bundleID: BundleMainland,
			want: programFacts{Found: true, Root: app, Source: "bundle", Version: "12.1.1", Edition: EditionMainland, PerMachine: true,
				MainExe: app + "/Contents/MacOS/wps", CloudExe: app + "/Contents/Helpers/wpscloudsvr", SyncRoot: cn + "/Documents/WPSDrive"},
			lists:     placeLists{configFiles: []string{cn + "/Library/Preferences/com.kingsoft.plist", "/Users/u/Library/Preferences/com.kingsoft.wpsoffice.mac.plist"}},
			protected: []string{cn + "/Library/Preferences/x", cn + "/.config/y", app + "/Contents"}},
		{name: "cloud-in-macos-wins",
			entries: map[string]string{
				app + "/Contents/Info.plist":          infoPlist(BundleInternational, "wpsoffice", "6.12.2"),
				app + "/Contents/MacOS/wpsoffice":     "",
				app + "/Contents/MacOS/wpscloudsvr":   "",
				app + "/Contents/Helpers/wpscloudsvr": "",
			},
			bundleID: BundleInternational,
			want: programFacts{Found: true, Root: app, Source: "bundle", Version: "6.12.2", Edition: EditionInternational, PerMachine: true,
				MainExe: app + "/Contents/MacOS/wpsoffice", CloudExe: app + "/Contents/MacOS/wpscloudsvr"}},
		// An unknown bundle id: both builds' containers are searched.
		{name: "unknown-bundle-id",
			entries: map[string]string{
				app + "/Contents/Info.plist":                                  infoPlist("com.example.wps", "", "12.1.2"),
				app + "/Contents/MacOS/wpsoffice":                             "",
				global + "/Library/Application Support/Kingsoft/office6/log/": "",
				global + "/Library/Application Support/Kingsoft/WPS Cloud Files/userdata/default/filecache/.7/cache.db": "",
				global + "/.kingsoft/wps/addons/data/mac/cef/cache/":                                                    "",
				"/Users/u/Library/Caches/com.kingsoft.wpsoffice.mac.global/":                                            "",
				global + "/Library/Caches/com.kingsoft.wpsoffice.mac.global/":                                           "",
				"/Users/u/.local/share/Kingsoft/offlinelog/":                                                            "",
			},
			bundleID: "com.example.wps",
			want: programFacts{Found: true, Root: app, Source: "bundle", Version: "12.1.2", Edition: EditionUnknown, PerMachine: true,
				MainExe: app + "/Contents/MacOS/wpsoffice"},
			lists: placeLists{
				logDirs: []string{global + "/Library/Application Support/Kingsoft/office6/log", "/Users/u/.local/share/Kingsoft/offlinelog"},
				cacheDirs: []string{global + "/.kingsoft/wps/addons/data/mac/cef/cache",
					"/Users/u/Library/Caches/com.kingsoft.wpsoffice.mac.global", global + "/Library/Caches/com.kingsoft.wpsoffice.mac.global"},
				syncDBs: []string{global + "/Library/Application Support/Kingsoft/WPS Cloud Files/userdata/default/filecache/.7/cache.db"},
			},
			protected: []string{"/Users/u/.local/share/Kingsoft/office6/data/backup/x", "/Users/u/Library/Application Support/Kingsoft/WPS Cloud Files/y"}},
		// Absent, but leftovers in the home folder are still listed.
		{name: "absent-with-leftovers",
			entries: map[string]string{
				"/Users/u/.kingsoft/wps/addons/pool/":                    "",
				"/Users/u/Documents/WPSDrive/":                           "",
				"/Users/u/Library/Preferences/com.kingsoft.Office.plist": "",
				"/Users/u/Library/Application Support/Kingsoft/office6/": "",
			},
			want: programFacts{SyncRoot: "/Users/u/Documents/WPSDrive"},
			lists: placeLists{cacheDirs: []string{"/Users/u/.kingsoft/wps/addons/pool"}, configDirs: []string{"/Users/u/Library/Application Support/Kingsoft/office6", "/Users/u/.kingsoft"},
				configFiles: []string{"/Users/u/Library/Preferences/com.kingsoft.Office.plist"}}},
	}
}

func TestDiscoverDarwinBranches(t *testing.T) {
	for _, c := range darwinCases() {
		t.Run(c.name, func(t *testing.T) {
			fsys := FixtureFS{Root: buildTree(t, c.entries)}
			in := DiscoverDarwin(fsys, "/Users/u")
			if in.BundleID != c.bundleID {
				t.Errorf("BundleID = %q, want %q", in.BundleID, c.bundleID)
			}
			checkDiscovered(t, in, fsys, "darwin", c.want, c.lists, c.protected)
		})
	}
}
