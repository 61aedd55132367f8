package wps

import (
	"path"
	"slices"
	"strings"
)

// protectedNames are file and folder names that hold sign-in state or
// unsynced work wherever they turn up (wps-sweep "hard protect" list,
// wps-facts §4): their exact location differs between builds, so they are
// matched by name on every element of a path. They are distinctive enough
// to match anywhere.
var protectedNames = []string{
	"tokenTable.ini", "kaccountsdk", "kdynsdk", "pre_cloudfile",
	"syncassistant.db", "precloudfile.db", "WPS Cloud Files", "WPSDrive", "OfficeSpace",
}

// kingsoftNames are protected only below a Kingsoft folder, because
// elsewhere they are ordinary words (a user called "account").
// Cookies* is a prefix.
var kingsoftNames = []string{"account", "avatars", "cachedata", "recentfile_server", "cookies"}

// Protected reports whether a fix must leave path alone: it equals, lies
// inside, or contains one of install.NeverDelete, or one of its elements is
// a protected name (tokenTable.ini, kaccountsdk, and below a Kingsoft
// folder account, Cookies*...). Moving a
// folder that contains protected data is as bad as moving the data, hence
// "contains". An empty, relative or root path is protected: the caller is
// confused. A fix that walks a cache folder must ask for each entry, because
// a protected name deeper inside cannot be seen from the folder's path.
// Paths compare case-insensitively for Windows and macOS installs.
func Protected(install Install, p string) bool {
	return protected(install, p, false)
}

// LoginStoreNames are the login-store names a sign-out moves as a whole
// (wps-account.md §2, wps-facts.md §4: kaccountsdk and kdynsdk on Windows,
// tokenTable.ini and kaccountsdk in the macOS container; B).
var LoginStoreNames = []string{"tokenTable.ini", "kaccountsdk", "kdynsdk"}

// ProtectedLoginStore is Protected for the one fix that signs out: p's last
// element must be a login-store name (LoginStoreNames), and that element
// alone is exempt from the protected names. Everything else holds: p must
// not equal, lie inside or contain a never-delete path (sync folder, file
// cache, upload queues), and no folder above it may be protected by name
// (a tokenTable.ini inside WPS Cloud Files stays).
func ProtectedLoginStore(install Install, p string) bool {
	if !isLoginStore(p) {
		return true
	}
	return protected(install, p, true)
}

// isLoginStore reports whether p's last element is a login-store name.
func isLoginStore(p string) bool {
	base := baseOf(strings.TrimRight(p, `\/`))
	return slices.ContainsFunc(LoginStoreNames, func(n string) bool { return strings.EqualFold(n, base) })
}

func protected(install Install, p string, exemptLast bool) bool {
	fold := install.OS == "windows" || install.OS == "darwin" || looksWindows(p)
	target, ok := normPath(p, fold)
	if !ok || target == "/" || (len(target) == 3 && target[1] == ':') {
		return true
	}
	for _, nd := range install.NeverDelete {
		n, ok := normPath(nd, fold)
		if !ok {
			continue
		}
		// A sign-out moves login stores that discovery lists as never to
		// delete (Windows: kaccountsdk, kdynsdk); any other never-delete
		// path at, above or inside p still protects it.
		if exemptLast && isLoginStore(n) && (target == n || within(n, target)) {
			continue
		}
		if target == n || within(target, n) || within(n, target) {
			return true
		}
	}
	belowKingsoft := false
	elems := strings.Split(target, "/")
	if exemptLast {
		elems = elems[:len(elems)-1]
	}
	for _, elem := range elems {
		for _, name := range protectedNames {
			if strings.EqualFold(elem, name) {
				return true
			}
		}
		low := strings.ToLower(elem)
		if belowKingsoft {
			for _, name := range kingsoftNames {
				if low == name || name == "cookies" && strings.HasPrefix(low, name) {
					return true
				}
			}
		}
		if low == "kingsoft" || low == ".kingsoft" {
			belowKingsoft = true
		}
	}
	return false
}

// within reports whether p is strictly inside dir (both normalised).
func within(p, dir string) bool {
	if strings.HasSuffix(dir, "/") {
		return strings.HasPrefix(p, dir) && p != dir
	}
	return strings.HasPrefix(p, dir+"/")
}

func looksWindows(p string) bool {
	return drivePath.MatchString(p) || strings.HasPrefix(p, `\\`)
}

// normPath cleans p to forward slashes ("C:/x/y", "/x/y", "//server/share/x"),
// lower-cased when fold is set; ok is false for relative or empty paths.
func normPath(p string, fold bool) (string, bool) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", false
	}
	win := looksWindows(p)
	if win {
		p = strings.ReplaceAll(p, `\`, "/")
	}
	unc := strings.HasPrefix(p, "//")
	switch {
	case win && drivePath.MatchString(p):
		p = p[:2] + path.Clean("/"+p[2:])
	case strings.HasPrefix(p, "/"):
		p = path.Clean(p)
		if unc {
			p = "/" + p
		}
	default:
		return "", false
	}
	if fold {
		p = strings.ToLower(p)
	}
	return p, true
}

// WithResolved returns install with the real location of each NeverDelete
// entry added (real is filepath.EvalSymlinks on the running system), so
// Protected also recognises a protected folder that a link puts somewhere
// else. Entries that cannot be resolved (missing) are kept as they are.
func WithResolved(install Install, real func(string) (string, error)) Install {
	out := install
	out.NeverDelete = append([]string(nil), install.NeverDelete...)
	for _, nd := range install.NeverDelete {
		if r, err := real(nd); err == nil && r != "" && r != nd {
			out.NeverDelete = append(out.NeverDelete, r)
		}
	}
	return out
}

// ProtectedReal reports whether a fix must leave p alone, comparing both p
// and its real path (p with every link resolved) against the protected
// list: a folder that is, or lies under, a link into WPS Cloud Files or
// the home folder is protected whatever it is called. A path that cannot
// be resolved is protected (fail closed).
func ProtectedReal(install Install, p string, real func(string) (string, error)) bool {
	if Protected(install, p) {
		return true
	}
	r, err := real(p)
	if err != nil {
		return true
	}
	return Protected(WithResolved(install, real), r)
}
