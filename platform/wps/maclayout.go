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
	var app string
	for _, dir := range []string{"/Applications", path.Join(home, "Applications")} {
		p := path.Join(dir, macAppName)
		if isDir(fsys, p) {
			app = p
			in.PerMachine = dir == "/Applications"
			break
		}
		// A listed but unreachable bundle: a dangling alias or symlink, or
		// a file where the bundle should be.
		if listed(fsys, dir, macAppName) && in.MissingRoot == "" {
			in.MissingRoot = p
			in.Problems = append(in.Problems, ProblemRootMissing)
		}
	}

	var info BundleInfo
	var infoErr error
	if app != "" {
		var data []byte
		data, infoErr = fsys.ReadFile(path.Join(app, "Contents", "Info.plist"))
		if infoErr == nil {
			info, infoErr = ParseInfoPlist(data)
		}
		if infoErr != nil {
			in.Problems = append(in.Problems, ProblemBundleUnreadable)
		}
	}

	bundles := []string{info.ID}
	if info.ID == "" || EditionOfBundle(info.ID) == EditionUnknown {
		bundles = []string{BundleMainland, BundleInternational}
	}
	var data []string // sandbox containers, then the unsandboxed home
	for _, b := range bundles {
		if b != "" {
			data = append(data, path.Join(home, "Library", "Containers", b, "Data"))
		}
	}
	data = append(data, home)

	for _, d := range data {
		support := path.Join(d, "Library", "Application Support", "Kingsoft")
		cloud := path.Join(support, "WPS Cloud Files")
		in.NeverDelete = append(in.NeverDelete,
			cloud,
			path.Join(support, "office6", "OfficeSpace"),
			path.Join(support, "office6", "data", "backup"),
			path.Join(d, ".local", "share", "Kingsoft", "office6", "data", "backup"),
			path.Join(d, "Documents", "WPSDrive"),
		)
		if d != home {
			// Inside a container these are the app's own; in the home
			// folder they belong to everything else too.
			in.NeverDelete = append(in.NeverDelete, path.Join(d, "Library", "Preferences"), path.Join(d, ".config"))
		}
		for _, space := range []string{"qing", "default"} {
			dbs, never := syncState(fsys, path.Join, path.Join(cloud, "userdata", space, "filecache"))
			in.SyncDBs = append(in.SyncDBs, dbs...)
			in.NeverDelete = append(in.NeverDelete, never...)
		}
		in.ConfigDirs = append(in.ConfigDirs, existingDirs(fsys,
			path.Join(support, "office6"),
			path.Join(d, ".kingsoft"),
		)...)
		in.ConfigFiles = append(in.ConfigFiles, existingFiles(fsys,
			path.Join(d, "Library", "Preferences", "com.kingsoft.Office.plist"),
			path.Join(d, "Library", "Preferences", "com.kingsoft.plist"),
		)...)
		in.LogDirs = append(in.LogDirs, existingDirs(fsys,
			path.Join(support, "office6", "log"),
			path.Join(support, "office6", "OfficeSpace", "log"),
			path.Join(d, ".local", "share", "Kingsoft", "offlinelog"),
		)...)
		addons := path.Join(d, ".kingsoft", "wps", "addons")
		caches := []string{path.Join(addons, "pool"), path.Join(d, ".kingsoft", "office6", "kccsdkbak")}
		for _, plat := range subdirs(fsys, path.Join(addons, "data")) {
			cef := path.Join(addons, "data", plat, "cef")
			caches = append(caches, path.Join(cef, "cache"))
			for _, sub := range subdirs(fsys, cef) {
				caches = append(caches, path.Join(cef, sub, "Cache"), path.Join(cef, sub, "Code Cache"))
			}
		}
		in.CacheDirs = append(in.CacheDirs, existingDirs(fsys, caches...)...)
	}
	for _, b := range bundles {
		in.CacheDirs = append(in.CacheDirs, existingDirs(fsys,
			path.Join(home, "Library", "Caches", b),
			path.Join(home, "Library", "Containers", b, "Data", "Library", "Caches", b),
		)...)
		in.ConfigFiles = append(in.ConfigFiles, existingFiles(fsys, path.Join(home, "Library", "Preferences", b+".plist"))...)
	}
	// No WPS source names the macOS sync folder; these mirror the
	// Windows defaults and are used only when present.
	in.NeverDelete = append(in.NeverDelete, path.Join(home, "WPSDrive"), path.Join(home, "Documents", "WPSDrive"))
	if d := existingDirs(fsys, append([]string{path.Join(home, "WPSDrive"), path.Join(home, "Documents", "WPSDrive")},
		path.Join(data[0], "Documents", "WPSDrive"))...); len(d) > 0 {
		in.SyncRoot = d[0]
	}

	if app == "" {
		return notFound(in)
	}
	in.Found = true
	in.Root = app
	in.Source = "bundle"
	in.BundleID = info.ID
	in.NeverDelete = append(in.NeverDelete, app)
	in.Edition = EditionOfBundle(info.ID)
	exe := info.Executable
	if exe == "" {
		exe = "wpsoffice"
	}
	in.Executables = map[string]string{}
	macos := path.Join(app, "Contents", "MacOS")
	if p := path.Join(macos, exe); isFile(fsys, p) {
		in.Executables[exe] = p
		in.MainExe = p
	}
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
	finishProgram(&in, fsys, v, err == nil, "", path.Join)
	return in
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
