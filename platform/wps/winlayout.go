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
	profile, _ := lookupEnv(env, "USERPROFILE")
	local := envOr(env, "LOCALAPPDATA", winJoin(profile, `AppData\Local`))
	roaming := envOr(env, "APPDATA", winJoin(profile, `AppData\Roaming`))
	temp := envOr(env, "TEMP", winJoin(local, "Temp"))
	pf := envOr(env, "ProgramFiles", `C:\Program Files`)
	pf86 := envOr(env, "ProgramFiles(x86)", `C:\Program Files (x86)`)

	var cands []winCandidate
	for _, root := range []RegRoot{HKCU, HKLM} {
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
	}
	for _, base := range []struct {
		dir        string
		perMachine bool
	}{
		{winJoin(local, `Kingsoft\WPS Office`), false},
		{winJoin(pf86, `Kingsoft\WPS Office`), true},
		{winJoin(pf, `Kingsoft\WPS Office`), true},
	} {
		if r := newestVersionDir(fsys, base.dir, winJoin, "office6"); r != "" {
			cands = append(cands, winCandidate{root: r, source: "path", perMachine: base.perMachine})
		}
	}

	var chosen *winCandidate
	for i := range cands {
		c := &cands[i]
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
		chosen = c
		break
	}

	profileDocs := winJoin(profile, "Documents")
	cloudFiles := winJoin(local, `Kingsoft\WPS Cloud Files\userdata\qing`)
	filecache := winJoin(cloudFiles, "filecache")
	in.NeverDelete = append(in.NeverDelete,
		winJoin(roaming, `Kingsoft\office6\backup`),
		winJoin(roaming, `Kingsoft\office6\templates`),
		winJoin(local, `Kingsoft\WPS Office\backupcenter`),
		winJoin(temp, `WPS Office\AutoSave`),
		winJoin(roaming, `Kingsoft\kaccountsdk`),
		winJoin(roaming, `Kingsoft\kdynsdk`),
		winJoin(profileDocs, "WPS Cloud Files"),
		winJoin(profile, "WPSDrive"),
		winJoin(profileDocs, "WPSDrive"),
	)

	// The sync folder and user state exist independently of the program
	// folder (a broken install still has the user's documents).
	if drive, err := reg.GetString(HKCU, keyWPSDrive, "driveRootPath"); err == nil && strings.TrimSpace(drive) != "" {
		drive = winClean(expandWinEnv(drive, env))
		in.SyncRoot = drive
		in.NeverDelete = append(in.NeverDelete, drive)
		if !isDir(fsys, drive) {
			in.Problems = append(in.Problems, ProblemSyncRootMissing)
		}
	} else if d := existingDirs(fsys, winJoin(profile, "WPSDrive"), winJoin(profileDocs, "WPSDrive")); len(d) > 0 {
		in.SyncRoot = d[0]
	}
	dbs, never := syncState(fsys, winJoin, filecache)
	in.SyncDBs = dbs
	in.NeverDelete = append(in.NeverDelete, never...)

	in.ConfigDirs = existingDirs(fsys,
		winJoin(roaming, `Kingsoft\office6`),
		winJoin(roaming, `Kingsoft\wps`),
		cloudFiles,
		winJoin(roaming, `Kingsoft\kaccountsdk`),
	)
	in.ConfigFiles = existingFiles(fsys, winJoin(cloudFiles, "config.ini"))
	in.LogDirs = existingDirs(fsys, winJoin(roaming, `Kingsoft\office6\log`))
	addons := winJoin(roaming, `Kingsoft\wps\addons`)
	caches := []string{winJoin(addons, "pool"), winJoin(roaming, `Kingsoft\PDF\Cache`)}
	for _, plat := range subdirs(fsys, winJoin(addons, "data")) {
		caches = append(caches, winJoin(addons, "data", plat, `cef\cache`))
	}
	in.CacheDirs = existingDirs(fsys, caches...)

	if chosen == nil {
		return notFound(in)
	}
	in.Found = true
	in.Root = chosen.root
	in.Source = chosen.source
	in.PerMachine = chosen.perMachine || hasPrefixFold(chosen.root, pf86+`\`) || hasPrefixFold(chosen.root, pf+`\`)
	in.NeverDelete = append(in.NeverDelete, chosen.root, winJoin(chosen.root, `office6\backup`))

	v, err := ParseVersion(winBase(chosen.root))
	if err != nil && chosen.version != "" {
		v, err = ParseVersion(chosen.version)
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
	office6 := winJoin(chosen.root, "office6")
	in.Executables = map[string]string{}
	for _, name := range winExeNames {
		if p := winJoin(office6, name); isFile(fsys, p) {
			in.Executables[name] = p
		}
	}
	if p := winJoin(winDir(chosen.root), "ksolaunch.exe"); isFile(fsys, p) {
		in.Executables["ksolaunch.exe"] = p
	}
	in.MainExe = firstOf(in.Executables, "wpsoffice.exe", "wps.exe")
	in.CloudExe = in.Executables["wpscloudsvr.exe"]
	finishProgram(&in, fsys, v, err == nil, office6, winJoin)
	return in
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
