package wps

import (
	"sort"
	"strings"
)

// Windows program names in <version>\office6 (wps-facts §1.1, §3).
var winExeNames = []string{
	"wpsoffice.exe", "wps.exe", "et.exe", "wpp.exe", "wpspdf.exe",
	"wpscloudsvr.exe", "wpscloudlaunch.exe", "wpscenter.exe", "ksomisc.exe",
}

// cloudAddons are the office6\addons folders sign-in and cloud documents
// need; debloaters remove them and login breaks (wps-facts §6, DeWPS).
var cloudAddons = []string{"qing", "kusercenter"}

type winCandidate struct {
	root       string
	source     string
	perMachine bool
	version    string // DisplayVersion when the candidate came from Uninstall
	registered bool   // named by the registry: a missing folder is a problem
}

// DiscoverWindows finds WPS on a Windows computer seen through fsys, reg and
// env (the process environment: LOCALAPPDATA, APPDATA, USERPROFILE, TEMP,
// ProgramFiles, ProgramFiles(x86)). Registry InstallRoot (HKCU, then HKLM)
// wins, then the "Kingsoft Office" uninstall entries, then a scan of the
// default folders; the first candidate whose folder exists is the install.
func DiscoverWindows(fsys FS, reg Registry, env map[string]string) Install {
	in := Install{OS: "windows"}
	if reg == nil {
		reg = MapRegistry{}
	}
	d := winDirsOf(env)
	chosen, ok := in.chooseWinCandidate(fsys, winCandidates(fsys, reg, env, d))
	// The sync folder and user state exist independently of the program
	// folder (a broken install still has the user's documents).
	in.fillWinUser(fsys, reg, env, d)
	if !ok {
		return notFound(in)
	}
	perMachine := chosen.perMachine || hasPrefixFold(chosen.root, d.pf86+`\`) || hasPrefixFold(chosen.root, d.pf+`\`)
	in.markFound(chosen.root, chosen.source, perMachine, chosen.root, winJoin(chosen.root, `office6\backup`))
	in.fillWinProgram(fsys, reg, chosen)
	return in
}

// winDirs are the folders discovery starts from: the environment's, or
// the usual defaults.
type winDirs struct{ profile, local, roaming, temp, pf, pf86 string }

func winDirsOf(env map[string]string) winDirs {
	profile, _ := lookupEnv(env, "USERPROFILE")
	local := envOr(env, "LOCALAPPDATA", winJoin(profile, `AppData\Local`))
	return winDirs{
		profile: profile,
		local:   local,
		roaming: envOr(env, "APPDATA", winJoin(profile, `AppData\Roaming`)),
		temp:    envOr(env, "TEMP", winJoin(local, "Temp")),
		pf:      envOr(env, "ProgramFiles", `C:\Program Files`),
		pf86:    envOr(env, "ProgramFiles(x86)", `C:\Program Files (x86)`),
	}
}

// winCandidates lists the candidate installs in the order they are tried:
// what HKCU, then HKLM, registers, then the newest version folder in each
// default place.
func winCandidates(fsys FS, reg Registry, env map[string]string, d winDirs) []winCandidate {
	var cands []winCandidate
	for _, root := range []RegRoot{HKCU, HKLM} {
		cands = append(cands, winRegistered(reg, env, root)...)
	}
	for _, base := range []struct {
		dir        string
		perMachine bool
	}{
		{winJoin(d.local, `Kingsoft\WPS Office`), false},
		{winJoin(d.pf86, `Kingsoft\WPS Office`), true},
		{winJoin(d.pf, `Kingsoft\WPS Office`), true},
	} {
		if r := newestVersionDir(fsys, base.dir, winJoin, "office6"); r != "" {
			cands = append(cands, winCandidate{root: r, source: "path", perMachine: base.perMachine})
		}
	}
	return cands
}

// winRegistered lists the installs one hive names: its InstallRoot, then
// the folders of its uninstall entries.
func winRegistered(reg Registry, env map[string]string, root RegRoot) []winCandidate {
	var cands []winCandidate
	if v, err := reg.GetString(root, keyCommon, "InstallRoot"); err == nil && strings.TrimSpace(v) != "" {
		cands = append(cands, winCandidate{root: winClean(expandWinEnv(v, env)), source: "registry:" + string(root), perMachine: root == HKLM, registered: true})
	}
	for _, key := range uninstallKeys {
		if u, err := reg.GetString(root, key, "UninstallString"); err == nil {
			if r := rootFromUninstall(expandWinEnv(u, env)); r != "" {
				dv, _ := reg.GetString(root, key, "DisplayVersion")
				cands = append(cands, winCandidate{root: r, source: "uninstall:" + string(root), perMachine: root == HKLM, version: dv, registered: true})
			}
		}
	}
	return cands
}

// chooseWinCandidate picks the first candidate whose folder holds office6
// (or, for a folder above the versions, whose newest version does). The
// first registered folder that does not is reported as ProblemRootMissing.
func (in *Install) chooseWinCandidate(fsys FS, cands []winCandidate) (winCandidate, bool) {
	for _, c := range cands {
		root := c.root
		if !isDir(fsys, winJoin(root, "office6")) {
			// InstallRoot sometimes names the folder above the versions.
			root = newestVersionDir(fsys, root, winJoin, "office6")
		}
		if root == "" {
			// Registered but gone, or an empty shell without office6.
			if c.registered && in.MissingRoot == "" {
				in.MissingRoot = c.root
				in.Problems = append(in.Problems, ProblemRootMissing)
			}
			continue
		}
		c.root = root
		return c, true
	}
	return winCandidate{}, false
}

// fillWinUser sets the sync folder (the one the registry names, else a
// usual place that exists) and the user's places.
func (in *Install) fillWinUser(fsys FS, reg Registry, env map[string]string, d winDirs) {
	p := winUserPlaces(fsys, d)
	if drive, err := reg.GetString(HKCU, keyWPSDrive, "driveRootPath"); err == nil && strings.TrimSpace(drive) != "" {
		drive = winClean(expandWinEnv(drive, env))
		in.configuredSyncRoot(fsys, drive)
		p.never = append(p.never, drive)
	} else {
		in.SyncRoot = firstDir(fsys, winJoin(d.profile, "WPSDrive"), winJoin(d.profile, "Documents", "WPSDrive"))
	}
	in.addUserPlaces(fsys, winJoin, p)
}

// winUserPlaces names the user's backups, cloud files, settings, logs and
// caches under the profile folders.
func winUserPlaces(fsys FS, d winDirs) userPlaces {
	docs := winJoin(d.profile, "Documents")
	cloudFiles := winJoin(d.local, `Kingsoft\WPS Cloud Files\userdata\qing`)
	addons := winJoin(d.roaming, `Kingsoft\wps\addons`)
	caches := []string{winJoin(addons, "pool"), winJoin(d.roaming, `Kingsoft\PDF\Cache`)}
	for _, plat := range subdirs(fsys, winJoin(addons, "data")) {
		caches = append(caches, winJoin(addons, "data", plat, `cef\cache`))
	}
	return userPlaces{
		never: []string{
			winJoin(d.roaming, `Kingsoft\office6\backup`),
			winJoin(d.roaming, `Kingsoft\office6\templates`),
			winJoin(d.local, `Kingsoft\WPS Office\backupcenter`),
			winJoin(d.temp, `WPS Office\AutoSave`),
			winJoin(d.roaming, `Kingsoft\kaccountsdk`),
			winJoin(d.roaming, `Kingsoft\kdynsdk`),
			winJoin(docs, "WPS Cloud Files"),
			winJoin(d.profile, "WPSDrive"),
			winJoin(docs, "WPSDrive"),
		},
		filecaches: []string{winJoin(cloudFiles, "filecache")},
		configDirs: []string{
			winJoin(d.roaming, `Kingsoft\office6`),
			winJoin(d.roaming, `Kingsoft\wps`),
			cloudFiles,
			winJoin(d.roaming, `Kingsoft\kaccountsdk`),
		},
		configFiles: []string{winJoin(cloudFiles, "config.ini")},
		logDirs:     []string{winJoin(d.roaming, `Kingsoft\office6\log`)},
		cacheDirs:   caches,
	}
}

// fillWinProgram fills in the version and programs of the chosen install.
func (in *Install) fillWinProgram(fsys FS, reg Registry, c winCandidate) {
	v, err := winVersion(reg, c)
	office6 := winJoin(c.root, "office6")
	in.Executables = findExecutables(fsys, winJoin, office6, winExeNames...)
	if p := winJoin(winDir(c.root), "ksolaunch.exe"); isFile(fsys, p) {
		in.Executables["ksolaunch.exe"] = p
	}
	in.MainExe = firstOf(in.Executables, "wpsoffice.exe", "wps.exe")
	in.CloudExe = in.Executables["wpscloudsvr.exe"]
	finishProgram(in, fsys, v, err == nil, office6, winJoin)
}

// winVersion reads the version from the folder's name, else from the
// candidate's uninstall entry, else from any uninstall entry that parses.
func winVersion(reg Registry, c winCandidate) (Version, error) {
	v, err := ParseVersion(winBase(c.root))
	if err != nil && c.version != "" {
		v, err = ParseVersion(c.version)
	}
	if err != nil {
		for _, root := range []RegRoot{HKCU, HKLM} {
			for _, key := range uninstallKeys {
				if dv, e := reg.GetString(root, key, "DisplayVersion"); e == nil && err != nil {
					v, err = ParseVersion(dv)
				}
			}
		}
	}
	return v, err
}

// newestVersionDir returns the highest-versioned subfolder of dir (named
// like 12.1.0.28505) that contains marker, or "".
func newestVersionDir(fsys FS, dir string, join func(...string) string, marker string) string {
	type vd struct {
		v    Version
		name string
	}
	var found []vd
	for _, name := range subdirs(fsys, dir) {
		v, err := ParseVersion(name)
		if err != nil || v.N < 4 {
			continue
		}
		if isDir(fsys, join(dir, name, marker)) {
			found = append(found, vd{v, name})
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Slice(found, func(i, j int) bool { return found[i].v.Compare(found[j].v) > 0 })
	return join(dir, found[0].name)
}

// rootFromUninstall turns `"D:\WPS Office\12.1.0.23125\utility\uninst.exe" /S`
// into D:\WPS Office\12.1.0.23125.
func rootFromUninstall(s string) string {
	s = strings.TrimSpace(s)
	var exe string
	if strings.HasPrefix(s, `"`) {
		end := strings.Index(s[1:], `"`)
		if end < 0 {
			return ""
		}
		exe = s[1 : 1+end]
	} else {
		i := strings.Index(strings.ToLower(s), ".exe")
		if i < 0 {
			return ""
		}
		exe = s[:i+4]
	}
	dir := winDir(exe)
	if !strings.EqualFold(winBase(dir), "utility") {
		return ""
	}
	return winDir(dir)
}

func envOr(env map[string]string, name, def string) string {
	if v, ok := lookupEnv(env, name); ok && v != "" {
		return v
	}
	return def
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
