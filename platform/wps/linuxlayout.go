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
	chosen, ok := chooseLinuxRoot(fsys, linuxRoots(fsys, home))
	users := linuxUsers(home)
	for _, u := range users {
		in.addUserPlaces(fsys, path.Join, u.places(fsys))
	}
	in.linuxSyncRoot(fsys, home, users)
	if !ok {
		return notFound(in)
	}
	office6 := path.Join(chosen.dir, "office6")
	in.markFound(chosen.dir, chosen.source, !strings.HasPrefix(chosen.dir, home+"/"), office6)
	in.fillLinuxProgram(fsys, chosen, pkgs)
	return in
}

// linuxRoots lists the candidate install roots in the order they are tried.
func linuxRoots(fsys FS, home string) []linuxRoot {
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
	return roots
}

// chooseLinuxRoot picks the first root that holds office6.
func chooseLinuxRoot(fsys FS, roots []linuxRoot) (linuxRoot, bool) {
	for _, r := range roots {
		if isDir(fsys, path.Join(r.dir, "office6")) {
			return r, true
		}
	}
	return linuxRoot{}, false
}

// linuxUser is where one copy of WPS keeps a user's state.
type linuxUser struct{ config, share, legacy string }

// linuxUsers lists the native folders, then the flatpak sandboxes'.
func linuxUsers(home string) []linuxUser {
	users := []linuxUser{{path.Join(home, ".config/Kingsoft"), path.Join(home, ".local/share/Kingsoft"), path.Join(home, ".kingsoft")}}
	for _, id := range []string{"com.wps.Office", "cn.wps.wps_365"} {
		v := path.Join(home, ".var/app", id)
		users = append(users, linuxUser{path.Join(v, "config/Kingsoft"), path.Join(v, "data/Kingsoft"), path.Join(v, ".kingsoft")})
	}
	return users
}

// places names u's cloud files, backups, settings, logs and caches.
func (u linuxUser) places(fsys FS) userPlaces {
	cloud := path.Join(u.share, "WPS Cloud Files")
	var caches []string
	for _, addons := range []string{path.Join(u.legacy, "wps/addons"), path.Join(u.share, "wps/addons")} {
		caches = append(caches, path.Join(addons, "pool"))
		caches = append(caches, cefCaches(fsys, path.Join, addons)...)
	}
	return userPlaces{
		never:      []string{cloud, path.Join(u.share, "office6/data/backup")},
		filecaches: []string{path.Join(cloud, "userdata/qing/filecache")},
		configDirs: []string{u.config, u.legacy},
		configFiles: []string{
			path.Join(u.config, "Office.conf"),
			path.Join(u.config, "WPSCloud.conf"),
			path.Join(u.config, `WPSCloud\usercenter\secretFolder.conf`),
			path.Join(u.config, "AuthInfo.conf"),
		},
		logDirs:   []string{path.Join(u.share, "office6/log"), path.Join(u.share, "offlinelog")},
		cacheDirs: append(caches, path.Join(u.legacy, "office6/kccsdkbak")),
	}
}

// linuxSyncRoot sets the sync folder: the first one a user's WPSCloud.conf
// names, else a usual place that exists. The usual places and the sync
// folder are protected.
func (in *Install) linuxSyncRoot(fsys FS, home string, users []linuxUser) {
	for _, u := range users {
		if in.SyncRoot != "" {
			break
		}
		if root, ok := linuxConfiguredSyncRoot(fsys, home, u.config); ok {
			in.configuredSyncRoot(fsys, root)
		}
	}
	defaults := []string{path.Join(home, "WPSDrive"), path.Join(home, "Documents/WPSDrive"),
		path.Join(home, "document/WPS Cloud Files"), path.Join(home, "Documents/WPS Cloud Files")}
	in.NeverDelete = append(in.NeverDelete, defaults...)
	if in.SyncRoot == "" {
		// Unconfirmed defaults, used only when present.
		in.SyncRoot = firstDir(fsys, defaults[0], defaults[1])
	}
	if in.SyncRoot != "" {
		in.NeverDelete = append(in.NeverDelete, in.SyncRoot)
	}
}

// linuxConfiguredSyncRoot reads localsyncfolder from WPSCloud.conf in the
// config folder.
func linuxConfiguredSyncRoot(fsys FS, home, config string) (string, bool) {
	data, err := fsys.ReadFile(path.Join(config, "WPSCloud.conf"))
	if err != nil {
		return "", false
	}
	v, ok := qtIniValue(data, "localsyncfolder")
	if !ok || strings.TrimSpace(v) == "" {
		return "", false
	}
	return expandHome(strings.TrimSpace(v), home), true
}

// fillLinuxProgram fills in version, edition and programs of the install
// at r: version and edition from the package that installed it (a flatpak
// says its own edition), cloud features off for the .XA builds.
func (in *Install) fillLinuxProgram(fsys FS, r linuxRoot, pkgs PackageDB) {
	var version string
	edition := r.edition
	if !strings.HasPrefix(r.source, "flatpak:") {
		if p, e, ok := linuxPackage(pkgs); ok {
			version, edition = packageVersion(p.Version), e
			in.Source = p.Manager + ":" + p.Name
		}
	}
	v, err := ParseVersion(version)
	if r.xa || err == nil && isXA(v) {
		// The international Linux build ships with cloud features
		// disabled (wps-office-repack); sign-in is not expected to work.
		in.CloudDisabled = true
		edition = EditionInternational
	}
	in.Edition = edition
	office6 := path.Join(r.dir, "office6")
	in.Executables = findExecutables(fsys, path.Join, office6, linuxExeNames...)
	in.MainExe = firstOf(in.Executables, "wpsoffice", "wps")
	in.CloudExe = firstOf(in.Executables, "wpscloudsvr", "wpscloudsrv")
	if in.CloudExe != "" {
		if fi, err := fsys.Stat(in.CloudExe); err == nil && fi.Mode().Perm()&0o111 == 0 {
			in.Problems = append(in.Problems, ProblemCloudNotExecutable)
		}
	}
	finishProgram(in, fsys, v, err == nil, office6, path.Join)
}

// linuxPackage is the first WPS package installed, with the edition its
// name implies ("" when the version must decide).
func linuxPackage(pkgs PackageDB) (Package, Edition, bool) {
	if pkgs == nil {
		return Package{}, "", false
	}
	for _, lp := range linuxPackages {
		p, ok := pkgs.Installed(lp.name)
		if !ok {
			continue
		}
		if p.Manager == "pacman" && lp.name == "wps-office" {
			return p, EditionInternational, true // AUR names the CN build wps-office-cn
		}
		return p, lp.edition, true
	}
	return Package{}, "", false
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
