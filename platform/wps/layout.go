package wps

// Steps every OS's discovery shares. Each DiscoverXxx reads as the same
// four steps: gather the candidate installs, choose one, fill in the
// per-user state (which exists with or without a program), then, when a
// program was chosen, fill in its facts. The OS files hold the knowledge
// (which paths, in which order); the steps here apply it.

// userPlaces are the places where one user's WPS state may be, named
// before anything is looked at. addUserPlaces keeps those that exist.
type userPlaces struct {
	// never are protected whether they exist or not (backups, cloud
	// files, the sync folder's usual places).
	never []string
	// filecaches are the cloud file caches that hold the sync databases
	// and unsynced work (see syncState).
	filecaches []string
	// Candidates for Install's lists of the same names.
	configDirs, configFiles, logDirs, cacheDirs []string
}

// addUserPlaces adds the places in p to in: all of p.never and the sync
// state of each file cache to NeverDelete, and the config, log and cache
// candidates that exist.
func (in *Install) addUserPlaces(fsys FS, join func(...string) string, p userPlaces) {
	in.NeverDelete = append(in.NeverDelete, p.never...)
	for _, fc := range p.filecaches {
		dbs, never := syncState(fsys, join, fc)
		in.SyncDBs = append(in.SyncDBs, dbs...)
		in.NeverDelete = append(in.NeverDelete, never...)
	}
	in.ConfigDirs = append(in.ConfigDirs, existingDirs(fsys, p.configDirs...)...)
	in.ConfigFiles = append(in.ConfigFiles, existingFiles(fsys, p.configFiles...)...)
	in.LogDirs = append(in.LogDirs, existingDirs(fsys, p.logDirs...)...)
	in.CacheDirs = append(in.CacheDirs, existingDirs(fsys, p.cacheDirs...)...)
}

// configuredSyncRoot records the sync folder the user's settings name,
// flagged when it does not exist. The caller protects it.
func (in *Install) configuredSyncRoot(fsys FS, root string) {
	in.SyncRoot = root
	if !isDir(fsys, root) {
		in.Problems = append(in.Problems, ProblemSyncRootMissing)
	}
}

// firstDir is the first of names that is a folder, or "".
func firstDir(fsys FS, names ...string) string {
	if d := existingDirs(fsys, names...); len(d) > 0 {
		return d[0]
	}
	return ""
}

// cefCaches lists the embedded browser's caches under a (POSIX) addons
// folder: data/<platform>/cef/cache and, one level down, each profile's
// Cache and Code Cache. The caller keeps those that exist.
func cefCaches(fsys FS, join func(...string) string, addons string) []string {
	var caches []string
	for _, plat := range subdirs(fsys, join(addons, "data")) {
		cef := join(addons, "data", plat, "cef")
		caches = append(caches, join(cef, "cache"))
		for _, sub := range subdirs(fsys, cef) {
			caches = append(caches, join(cef, sub, "Cache"), join(cef, sub, "Code Cache"))
		}
	}
	return caches
}

// markFound records the chosen install and protects never (its program
// folder and backups).
func (in *Install) markFound(root, source string, perMachine bool, never ...string) {
	in.Found = true
	in.Root = root
	in.Source = source
	in.PerMachine = perMachine
	in.NeverDelete = append(in.NeverDelete, never...)
}

// findExecutables lists which of names are files in dir.
func findExecutables(fsys FS, join func(...string) string, dir string, names ...string) map[string]string {
	found := map[string]string{}
	for _, name := range names {
		if p := join(dir, name); isFile(fsys, p) {
			found[name] = p
		}
	}
	return found
}

// finishProgram sets version, edition and family, and flags builds that
// lack their main program or cloud parts. Judgement, documented: a build
// that should have cloud features but lacks wpscloudsvr or the cloud addons
// is EditionUnofficial (it cannot sign in, whatever its version says),
// while Family keeps what the version or bundle id names.
func finishProgram(in *Install, fsys FS, v Version, versionOK bool, office6 string, join func(...string) string) {
	if versionOK {
		in.Version = v.String()
		if in.Edition == "" {
			in.Edition = EditionOf(v)
		}
	} else {
		in.Problems = append(in.Problems, ProblemVersionUnknown)
	}
	if in.Edition == "" {
		in.Edition = EditionUnknown
	}
	in.Family = in.Edition.Family()
	if in.MainExe == "" {
		in.Problems = append(in.Problems, ProblemMainExeMissing)
	}
	if in.CloudDisabled || office6 == "" {
		return
	}
	unofficial := false
	if in.CloudExe == "" {
		in.Problems = append(in.Problems, ProblemCloudMissing)
		unofficial = true
	}
	for _, a := range cloudAddons {
		if !isDir(fsys, join(office6, "addons", a)) {
			in.Problems = append(in.Problems, ProblemCloudAddonsMissing)
			unofficial = true
			break
		}
	}
	if unofficial {
		in.Edition = EditionUnofficial
	}
}

func firstOf(m map[string]string, names ...string) string {
	for _, n := range names {
		if p, ok := m[n]; ok {
			return p
		}
	}
	return ""
}
