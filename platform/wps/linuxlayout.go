package wps

import (
	"path"
	"strings"
)

// Linux program names in office6 (wps-facts §3). Some 12.x builds name the
// cloud service wpscloudsrv.
var linuxExeNames = []string{"wpsoffice", "wps", "et", "wpp", "wpspdf", "wpscloudsvr", "wpscloudsrv", "ksolaunch", "wpsd"}

// linuxPackages are the package names WPS ships under, with the edition
// the name itself implies ("" when the version must decide).
var linuxPackages = []struct {
	name    string
	edition Edition
}{
	{"wps-office", ""},                 // deb/rpm (both editions), AUR (international)
	{"wps-office-cn", EditionMainland}, // AUR
	{"wps-office-365", EditionMainland365},
	{"wpsoffice", ""}, // Kylin
	{"cn.wps.wps-office", EditionMainland},
	{"cn.wps.wps-office-pro", EditionProfessional},
}

type linuxRoot struct {
	dir    string // holds office6
	source string
	// edition implied by where it is (flatpak ids), "" if none
	edition Edition
	// xa marks the flatpak of the international ".XA" deb
	xa bool
}

// DiscoverLinux finds WPS on a Linux computer seen through fsys, for the
// user whose home folder is home, asking pkgs which package is installed.
// Install roots: /opt/kingsoft/wps-office (deb/rpm), /usr/lib (Arch moves
// office6 to /usr/lib/office6), %{_libdir}/wps-office (Fedora-style),
// /opt/apps/cn.wps.wps-office* (Deepin/UOS) and the two flatpaks.
func DiscoverLinux(fsys FS, home string, pkgs PackageDB) Install {
	in := Install{OS: "linux"}
	if pkgs == nil {
		pkgs = Packages{}
	}
	roots := []linuxRoot{
		{dir: "/opt/kingsoft/wps-office", source: "path"},
		{dir: "/usr/lib", source: "path"},
		{dir: "/usr/lib64/wps-office", source: "path"},
		{dir: "/usr/lib/wps-office", source: "path"},
	}
	for _, name := range subdirs(fsys, "/opt/apps") {
		if strings.HasPrefix(name, "cn.wps.wps-office") {
			base := path.Join("/opt/apps", name, "files")
			roots = append(roots,
				linuxRoot{dir: path.Join(base, "kingsoft", "wps-office"), source: "path"},
				linuxRoot{dir: base, source: "path"})
		}
	}
	for _, inst := range []string{"/var/lib/flatpak/app", path.Join(home, ".local/share/flatpak/app")} {
		roots = append(roots,
			linuxRoot{dir: path.Join(inst, "com.wps.Office/current/active/files/extra/wps-office"), source: "flatpak:com.wps.Office", edition: EditionInternational, xa: true},
			linuxRoot{dir: path.Join(inst, "cn.wps.wps_365/current/active/files/extra/opt/kingsoft/wps-office"), source: "flatpak:cn.wps.wps_365", edition: EditionMainland365},
		)
	}
	var chosen *linuxRoot
	for i := range roots {
		if isDir(fsys, path.Join(roots[i].dir, "office6")) {
			chosen = &roots[i]
			break
		}
	}

	// User state: the native folders, then the flatpak sandboxes'.
	type userDirs struct{ config, share, legacy string }
	users := []userDirs{{path.Join(home, ".config/Kingsoft"), path.Join(home, ".local/share/Kingsoft"), path.Join(home, ".kingsoft")}}
	for _, id := range []string{"com.wps.Office", "cn.wps.wps_365"} {
		v := path.Join(home, ".var/app", id)
		users = append(users, userDirs{path.Join(v, "config/Kingsoft"), path.Join(v, "data/Kingsoft"), path.Join(v, ".kingsoft")})
	}
	for _, u := range users {
		cloud := path.Join(u.share, "WPS Cloud Files")
		in.NeverDelete = append(in.NeverDelete, cloud, path.Join(u.share, "office6/data/backup"))
		dbs, never := syncState(fsys, path.Join, path.Join(cloud, "userdata/qing/filecache"))
		in.SyncDBs = append(in.SyncDBs, dbs...)
		in.NeverDelete = append(in.NeverDelete, never...)
		in.ConfigDirs = append(in.ConfigDirs, existingDirs(fsys, u.config, u.legacy)...)
		in.ConfigFiles = append(in.ConfigFiles, existingFiles(fsys,
			path.Join(u.config, "Office.conf"),
			path.Join(u.config, "WPSCloud.conf"),
			path.Join(u.config, `WPSCloud\usercenter\secretFolder.conf`),
			path.Join(u.config, "AuthInfo.conf"),
		)...)
		in.LogDirs = append(in.LogDirs, existingDirs(fsys, path.Join(u.share, "office6/log"), path.Join(u.share, "offlinelog"))...)
		var caches []string
		for _, addons := range []string{path.Join(u.legacy, "wps/addons"), path.Join(u.share, "wps/addons")} {
			caches = append(caches, path.Join(addons, "pool"))
			for _, plat := range subdirs(fsys, path.Join(addons, "data")) {
				cef := path.Join(addons, "data", plat, "cef")
				caches = append(caches, path.Join(cef, "cache"))
				for _, sub := range subdirs(fsys, cef) {
					caches = append(caches, path.Join(cef, sub, "Cache"), path.Join(cef, sub, "Code Cache"))
				}
			}
		}
		caches = append(caches, path.Join(u.legacy, "office6/kccsdkbak"))
		in.CacheDirs = append(in.CacheDirs, existingDirs(fsys, caches...)...)

		if in.SyncRoot == "" {
			if data, err := fsys.ReadFile(path.Join(u.config, "WPSCloud.conf")); err == nil {
				if v, ok := qtIniValue(data, "localsyncfolder"); ok && strings.TrimSpace(v) != "" {
					in.SyncRoot = expandHome(strings.TrimSpace(v), home)
					if !isDir(fsys, in.SyncRoot) {
						in.Problems = append(in.Problems, ProblemSyncRootMissing)
					}
				}
			}
		}
	}
	defaults := []string{path.Join(home, "WPSDrive"), path.Join(home, "Documents/WPSDrive"),
		path.Join(home, "document/WPS Cloud Files"), path.Join(home, "Documents/WPS Cloud Files")}
	in.NeverDelete = append(in.NeverDelete, defaults...)
	if in.SyncRoot == "" {
		// Unconfirmed defaults, used only when present.
		if d := existingDirs(fsys, defaults[0], defaults[1]); len(d) > 0 {
			in.SyncRoot = d[0]
		}
	}
	if in.SyncRoot != "" {
		in.NeverDelete = append(in.NeverDelete, in.SyncRoot)
	}

	if chosen == nil {
		return notFound(in)
	}
	in.Found = true
	in.Root = chosen.dir
	in.Source = chosen.source
	in.PerMachine = !strings.HasPrefix(chosen.dir, home+"/")
	office6 := path.Join(chosen.dir, "office6")
	in.NeverDelete = append(in.NeverDelete, office6)

	var version string
	edition := chosen.edition
	xa := chosen.xa
	if !strings.HasPrefix(chosen.source, "flatpak:") {
		for _, lp := range linuxPackages {
			p, ok := pkgs.Installed(lp.name)
			if !ok {
				continue
			}
			version = packageVersion(p.Version)
			edition = lp.edition
			if p.Manager == "pacman" && lp.name == "wps-office" {
				edition = EditionInternational // AUR names the CN build wps-office-cn
			}
			in.Source = p.Manager + ":" + p.Name
			break
		}
	}
	v, err := ParseVersion(version)
	if err == nil && isXA(v) {
		xa = true
	}
	if xa {
		// The international Linux build ships with cloud features
		// disabled (wps-office-repack); sign-in is not expected to work.
		in.CloudDisabled = true
		edition = EditionInternational
	}
	in.Edition = edition

	in.Executables = map[string]string{}
	for _, name := range linuxExeNames {
		if p := path.Join(office6, name); isFile(fsys, p) {
			in.Executables[name] = p
		}
	}
	in.MainExe = firstOf(in.Executables, "wpsoffice", "wps")
	in.CloudExe = firstOf(in.Executables, "wpscloudsvr", "wpscloudsrv")
	if in.CloudExe != "" {
		if fi, err := fsys.Stat(in.CloudExe); err == nil && fi.Mode().Perm()&0o111 == 0 {
			in.Problems = append(in.Problems, ProblemCloudNotExecutable)
		}
	}
	finishProgram(&in, fsys, v, err == nil, office6, path.Join)
	return in
}

// expandHome resolves "~/" and "$HOME" in a configured path.
func expandHome(p, home string) string {
	switch {
	case p == "~":
		return home
	case strings.HasPrefix(p, "~/"):
		return path.Join(home, p[2:])
	case strings.HasPrefix(p, "$HOME"):
		return home + p[len("$HOME"):]
	case strings.HasPrefix(p, "${HOME}"):
		return home + p[len("${HOME}"):]
	}
	return p
}
