package wps

import (
	"path"
	"slices"
	"strings"
	"time"
)

// SignInState is what this computer's files tell about the WPS sign-in.
// Nothing public documents the login store, so the states are read from
// where it lives, never from what it holds (wps-account.md §2): a token's
// or cookie's value is never read.
type SignInState string

const (
	// SignedIn: WPS keeps a login store for this user (kaccountsdk,
	// tokenTable.ini) with something in it.
	SignedIn SignInState = "signed_in"
	// SignedOut: WPS has run for this user (its cloud user data exists)
	// and the place of the login store on this OS holds nothing.
	SignedOut SignInState = "signed_out"
	// SignInUnknown: this OS's files cannot tell (Linux has no known login
	// store), or WPS never ran for this user.
	SignInUnknown SignInState = "unknown"
)

// AccountData is one WPS account that synced on this computer: its
// per-account state folder filecache/.<uid>.
type AccountData struct {
	// UID is the numeric WPS user id, as the folder names it; a check
	// masks it before it becomes evidence.
	UID string `json:"uid"`
	Dir string `json:"dir"`
	// Family is told by the user-data folder only on macOS
	// (userdata/qing mainland, userdata/default international).
	Family Family `json:"family,omitempty"`
	// LastActive is the newest modification time of the folder and its
	// sync databases: the newest is about the last active account (C).
	LastActive time.Time `json:"last_active,omitzero"`
}

// LoginItem is a login-state file or folder that exists. Only its name,
// whether it is empty and its age are looked at.
type LoginItem struct {
	Path    string    `json:"path"`
	Name    string    `json:"name"`
	Empty   bool      `json:"empty,omitempty"`
	ModTime time.Time `json:"mod_time,omitzero"`
}

// SignIn is the sign-in state found on this computer.
type SignIn struct {
	State SignInState `json:"state"`
	// Accounts are the accounts with data here, the last active first.
	Accounts []AccountData `json:"accounts,omitempty"`
	// Family is the last active account's family, where it can be told.
	Family Family `json:"family,omitempty"`
	// Login lists the login-store items found.
	Login []LoginItem `json:"login,omitempty"`
	// AutoLogin is config.ini's [General] autologin ("" when absent; B
	// for the value, C for its meaning).
	AutoLogin string `json:"autologin,omitempty"`
	// NamedFolders counts Windows "<nickname>的云文档" folders in the
	// file cache: an account's nickname, so only counted.
	NamedFolders int `json:"named_folders,omitempty"`
	// UserData are the cloud user-data folders that exist (WPS ran).
	UserData []string `json:"user_data,omitempty"`
	// LoginKnown says this OS has a known login-store place.
	LoginKnown bool `json:"login_known"`
}

// signInPlaces are where one OS keeps the facts ReadSignIn looks at.
type signInPlaces struct {
	// userdata are "WPS Cloud Files/userdata" folders; their qing and
	// default subfolders hold filecache/.<uid>.
	userdata []string
	// login are login-store paths (files or folders) at known places.
	login []string
	// loginSearch are folders searched, a few levels deep, for
	// loginNames (macOS: the exact sub-paths are not published).
	loginSearch []string
	configINI   []string
	// familyByFolder: userdata/qing is mainland, userdata/default is
	// international (macOS, B/C).
	familyByFolder bool
	join           func(...string) string
}

// loginNames are the login-store names (wps-sweep's protect list, the
// Windows reset scripts).
var loginNames = []string{"tokenTable.ini", "kaccountsdk"}

// signInPlacesWindows, ...Darwin and ...Linux name each OS's places for
// the user whose environment (Windows) or home folder is given.
func signInPlacesWindows(env map[string]string) signInPlaces {
	d := winDirsOf(env)
	userdata := winJoin(d.local, `Kingsoft\WPS Cloud Files\userdata`)
	return signInPlaces{
		userdata:  []string{userdata},
		login:     []string{winJoin(d.roaming, `Kingsoft\kaccountsdk`)},
		configINI: []string{winJoin(userdata, `qing\config.ini`)},
		join:      winJoin,
	}
}

func signInPlacesDarwin(home string) signInPlaces {
	p := signInPlaces{familyByFolder: true, join: path.Join}
	for _, data := range macDataDirs(home, []string{BundleMainland, BundleInternational}) {
		support := path.Join(data, "Library", "Application Support", "Kingsoft")
		p.userdata = append(p.userdata, path.Join(support, "WPS Cloud Files", "userdata"))
		p.loginSearch = append(p.loginSearch, support, path.Join(data, ".kingsoft"))
	}
	return p
}

func signInPlacesLinux(home string) signInPlaces {
	p := signInPlaces{join: path.Join}
	for _, u := range linuxUsers(home) {
		p.userdata = append(p.userdata, path.Join(u.share, "WPS Cloud Files", "userdata"))
	}
	return p
}

// ReadSignIn reads the sign-in state of the user whose environment
// (Windows: LOCALAPPDATA, APPDATA, USERPROFILE) or home folder is given,
// for the OS goos, through fsys. It only lists folders and reads the
// autologin flag; no login file is opened.
func ReadSignIn(fsys FS, goos, home string, env map[string]string) SignIn {
	var p signInPlaces
	switch goos {
	case "windows":
		p = signInPlacesWindows(env)
	case "darwin":
		p = signInPlacesDarwin(home)
	default:
		p = signInPlacesLinux(home)
	}
	return p.read(fsys)
}

func (p signInPlaces) read(fsys FS) SignIn {
	s := SignIn{LoginKnown: len(p.login)+len(p.loginSearch) > 0}
	for _, ud := range p.userdata {
		if !isDir(fsys, ud) {
			continue
		}
		s.UserData = append(s.UserData, ud)
		for _, sub := range subdirs(fsys, ud) {
			fam := FamilyUnknown
			if p.familyByFolder {
				fam = folderFamily(sub)
			}
			s.addAccounts(fsys, p.join, p.join(ud, sub, "filecache"), fam)
		}
	}
	slices.SortStableFunc(s.Accounts, func(a, b AccountData) int { return b.LastActive.Compare(a.LastActive) })
	if len(s.Accounts) > 0 {
		s.Family = s.Accounts[0].Family
	}
	for _, l := range p.login {
		if it, ok := loginItem(fsys, l); ok {
			s.Login = append(s.Login, it)
		}
	}
	for _, dir := range p.loginSearch {
		s.Login = append(s.Login, findLogin(fsys, p.join, dir, 4)...)
	}
	for _, ini := range p.configINI {
		if data, err := fsys.ReadFile(ini); err == nil {
			if v, ok := qtIniValue(data, "autologin"); ok {
				s.AutoLogin = strings.TrimSpace(v)
			}
		}
	}
	s.State = s.decide()
	return s
}

// decide: a login store with something in it is "signed in"; none where
// this OS keeps one, once WPS has run, is "signed out"; else unknown.
func (s SignIn) decide() SignInState {
	for _, it := range s.Login {
		if !it.Empty {
			return SignedIn
		}
	}
	if s.LoginKnown && len(s.UserData) > 0 {
		return SignedOut
	}
	return SignInUnknown
}

func folderFamily(sub string) Family {
	switch sub {
	case "qing":
		return FamilyMainland
	case "default":
		return FamilyInternational
	}
	return FamilyUnknown
}

// addAccounts lists the .<uid> folders of one file cache, and counts the
// "<nickname>的云文档" folders beside them.
func (s *SignIn) addAccounts(fsys FS, join func(...string) string, filecache string, fam Family) {
	for _, name := range subdirs(fsys, filecache) {
		if strings.HasSuffix(name, "的云文档") {
			s.NamedFolders++
			continue
		}
		uid, ok := strings.CutPrefix(name, ".")
		if !ok || !isUID(uid) {
			continue
		}
		dir := join(filecache, name)
		a := AccountData{UID: uid, Dir: dir, Family: fam}
		for _, p := range append([]string{dir}, joinAll(join, dir, syncDBNames)...) {
			if fi, err := fsys.Stat(p); err == nil && fi.ModTime().After(a.LastActive) {
				a.LastActive = fi.ModTime()
			}
		}
		s.Accounts = append(s.Accounts, a)
	}
}

func isUID(s string) bool {
	if len(s) < 3 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func joinAll(join func(...string) string, dir string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = join(dir, n)
	}
	return out
}

// loginItem describes the login-store file or folder p, if it exists:
// a folder is empty when it lists nothing, a file when its size is 0.
func loginItem(fsys FS, p string) (LoginItem, bool) {
	fi, err := fsys.Stat(p)
	if err != nil {
		return LoginItem{}, false
	}
	it := LoginItem{Path: p, Name: baseOf(p), ModTime: fi.ModTime()}
	if fi.IsDir() {
		entries, _ := fsys.ReadDir(p)
		it.Empty = len(entries) == 0
	} else {
		it.Empty = fi.Size() == 0
	}
	return it, true
}

// maxLoginSearch bounds how many folders findLogin lists.
const maxLoginSearch = 500

// findLogin looks for loginNames below dir, depth levels deep at most,
// listing at most maxLoginSearch folders.
func findLogin(fsys FS, join func(...string) string, dir string, depth int) []LoginItem {
	var found []LoginItem
	queue := []struct {
		dir   string
		depth int
	}{{dir, 0}}
	for listed := 0; len(queue) > 0 && listed < maxLoginSearch; listed++ {
		cur := queue[0]
		queue = queue[1:]
		entries, err := fsys.ReadDir(cur.dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			p := join(cur.dir, e.Name())
			if slices.Contains(loginNames, e.Name()) {
				if it, ok := loginItem(fsys, p); ok {
					found = append(found, it)
				}
				continue
			}
			if e.IsDir() && cur.depth+1 < depth {
				queue = append(queue, struct {
					dir   string
					depth int
				}{p, cur.depth + 1})
			}
		}
	}
	return found
}

// baseOf is the last element of a Windows or POSIX path.
func baseOf(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		return p[i+1:]
	}
	return p
}
