package wps

import (
	"path"
)

// macAppName is the bundle name both builds install (Homebrew casks
// wpsoffice and wpsoffice-cn conflict over it).
const macAppName = "wpsoffice.app"

// DiscoverDarwin finds WPS on a Mac seen through fsys, for the user whose
// home folder is home. The bundle in /Applications (then ~/Applications)
// gives version and edition; user data lives in the sandbox container
// ~/Library/Containers/<bundle id>/Data (wps-facts §4.2).
func DiscoverDarwin(fsys FS, home string) Install {
	in := Install{OS: "darwin"}
	app, perMachine := in.chooseMacApp(fsys, home)
	info := in.readBundle(fsys, app)
	bundles := macBundles(info.ID)
	data := macDataDirs(home, bundles)
	for _, d := range data {
		in.addUserPlaces(fsys, path.Join, macUserPlaces(fsys, home, d))
	}
	for _, b := range bundles {
		in.addUserPlaces(fsys, path.Join, macBundlePlaces(home, b))
	}
	in.macSyncRoot(fsys, home, data[0])
	if app == "" {
		return notFound(in)
	}
	in.markFound(app, "bundle", perMachine, app)
	in.BundleID = info.ID
	in.fillMacProgram(fsys, app, info)
	return in
}

// chooseMacApp picks the bundle in /Applications, then ~/Applications. A
// listed but unreachable bundle (a dangling alias or symlink, or a file
// where the bundle should be) is reported as ProblemRootMissing.
func (in *Install) chooseMacApp(fsys FS, home string) (app string, perMachine bool) {
	for _, dir := range []string{"/Applications", path.Join(home, "Applications")} {
		p := path.Join(dir, macAppName)
		if isDir(fsys, p) {
			return p, dir == "/Applications"
		}
		if listed(fsys, dir, macAppName) && in.MissingRoot == "" {
			in.MissingRoot = p
			in.Problems = append(in.Problems, ProblemRootMissing)
		}
	}
	return "", false
}

// readBundle reads the chosen bundle's Info.plist; one that cannot be
// read is ProblemBundleUnreadable.
func (in *Install) readBundle(fsys FS, app string) BundleInfo {
	if app == "" {
		return BundleInfo{}
	}
	var info BundleInfo
	data, err := fsys.ReadFile(path.Join(app, "Contents", "Info.plist"))
	if err == nil {
		info, err = ParseInfoPlist(data)
	}
	if err != nil {
		in.Problems = append(in.Problems, ProblemBundleUnreadable)
	}
	return info
}

// macBundles are the bundle ids whose state is looked for: the installed
// one, or both builds' when it is not known.
func macBundles(id string) []string {
	if id == "" || EditionOfBundle(id) == EditionUnknown {
		return []string{BundleMainland, BundleInternational}
	}
	return []string{id}
}

// macDataDirs are the sandbox containers, then the unsandboxed home.
func macDataDirs(home string, bundles []string) []string {
	var data []string
	for _, b := range bundles {
		data = append(data, path.Join(home, "Library", "Containers", b, "Data"))
	}
	return append(data, home)
}

// macUserPlaces names the cloud files, backups, settings, logs and caches
// under one data folder (a container's Data, or the home folder).
func macUserPlaces(fsys FS, home, d string) userPlaces {
	support := path.Join(d, "Library", "Application Support", "Kingsoft")
	cloud := path.Join(support, "WPS Cloud Files")
	never := []string{
		cloud,
		path.Join(support, "office6", "OfficeSpace"),
		path.Join(support, "office6", "data", "backup"),
		path.Join(d, ".local", "share", "Kingsoft", "office6", "data", "backup"),
		path.Join(d, "Documents", "WPSDrive"),
	}
	if d != home {
		// Inside a container these are the app's own; in the home
		// folder they belong to everything else too.
		never = append(never, path.Join(d, "Library", "Preferences"), path.Join(d, ".config"))
	}
	addons := path.Join(d, ".kingsoft", "wps", "addons")
	return userPlaces{
		never:      never,
		filecaches: []string{path.Join(cloud, "userdata", "qing", "filecache"), path.Join(cloud, "userdata", "default", "filecache")},
		configDirs: []string{path.Join(support, "office6"), path.Join(d, ".kingsoft")},
		configFiles: []string{
			path.Join(d, "Library", "Preferences", "com.kingsoft.Office.plist"),
			path.Join(d, "Library", "Preferences", "com.kingsoft.plist"),
		},
		logDirs: []string{
			path.Join(support, "office6", "log"),
			path.Join(support, "office6", "OfficeSpace", "log"),
			path.Join(d, ".local", "share", "Kingsoft", "offlinelog"),
		},
		cacheDirs: append([]string{path.Join(addons, "pool"), path.Join(d, ".kingsoft", "office6", "kccsdkbak")},
			cefCaches(fsys, path.Join, addons)...),
	}
}

// macBundlePlaces names the caches and preferences macOS keeps under the
// bundle id.
func macBundlePlaces(home, b string) userPlaces {
	return userPlaces{
		cacheDirs: []string{
			path.Join(home, "Library", "Caches", b),
			path.Join(home, "Library", "Containers", b, "Data", "Library", "Caches", b),
		},
		configFiles: []string{path.Join(home, "Library", "Preferences", b+".plist")},
	}
}

// macSyncRoot: no WPS source names the macOS sync folder; these mirror the
// Windows defaults (and the first container's Documents) and are used only
// when present.
func (in *Install) macSyncRoot(fsys FS, home, data string) {
	homeDrive, docsDrive := path.Join(home, "WPSDrive"), path.Join(home, "Documents", "WPSDrive")
	in.NeverDelete = append(in.NeverDelete, homeDrive, docsDrive)
	in.SyncRoot = firstDir(fsys, homeDrive, docsDrive, path.Join(data, "Documents", "WPSDrive"))
}

// fillMacProgram fills in the edition, programs and version the bundle
// names.
func (in *Install) fillMacProgram(fsys FS, app string, info BundleInfo) {
	in.Edition = EditionOfBundle(info.ID)
	exe := info.Executable
	if exe == "" {
		exe = "wpsoffice"
	}
	macos := path.Join(app, "Contents", "MacOS")
	in.Executables = findExecutables(fsys, path.Join, macos, exe)
	in.MainExe = in.Executables[exe]
	// Where the Mac build keeps wpscloudsvr is unconfirmed, so its absence
	// is not flagged; it is recorded when found in the usual places.
	for _, p := range []string{path.Join(macos, "wpscloudsvr"), path.Join(app, "Contents", "Helpers", "wpscloudsvr")} {
		if isFile(fsys, p) {
			in.Executables["wpscloudsvr"] = p
			in.CloudExe = p
			break
		}
	}
	v, err := ParseVersion(info.ShortVersion)
	finishProgram(in, fsys, v, err == nil, "", path.Join)
}

// listed reports whether dir has an entry called name, whatever it is.
func listed(fsys FS, dir, name string) bool {
	entries, err := fsys.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Name() == name {
			return true
		}
	}
	return false
}
