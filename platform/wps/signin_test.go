package wps

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tree lays out files under root: a name ending in "/" is a folder, any
// other a file with the given content. Every entry gets mtime at.
type tree map[string]string

func (tr tree) build(t *testing.T, at time.Time) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range tr {
		p := filepath.Join(root, filepath.FromSlash(strings.TrimSuffix(name, "/")))
		if strings.HasSuffix(name, "/") {
			must(t, os.MkdirAll(p, 0o755))
		} else {
			must(t, os.MkdirAll(filepath.Dir(p), 0o755))
			must(t, os.WriteFile(p, []byte(content), 0o644))
		}
	}
	// Folders after files, deepest first, so writing a child does not
	// move its parent's time again.
	must(t, filepath.Walk(root, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, at, at)
	}))
	return root
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

const (
	winCache = "C/Users/u/AppData/Local/Kingsoft/WPS Cloud Files/userdata/qing/filecache/"
	macCN    = "Users/u/Library/Containers/com.kingsoft.wpsoffice.mac/Data/Library/Application Support/Kingsoft/"
	macIntl  = "Users/u/Library/Containers/com.kingsoft.wpsoffice.mac.global/Data/Library/Application Support/Kingsoft/"
	linShare = "home/u/.local/share/Kingsoft/"
)

func TestReadSignIn(t *testing.T) {
	cases := []struct {
		name, goos string
		tree       tree
		// touch makes one path newer than the rest (the last active account).
		touch      string
		state      SignInState
		uids       []string // last active first
		family     Family
		named      int
		autologin  string
		loginItems int
	}{
		{name: "windows two accounts signed in", goos: "windows", tree: tree{
			winCache + ".3172735/syncassistant.db":                                      "x",
			winCache + ".212320004/cache.db":                                            "x",
			winCache + "李之兴的云文档/a.docx":                                                 "x",
			winCache + "configbackup/":                                                  "",
			"C/Users/u/AppData/Local/Kingsoft/WPS Cloud Files/userdata/qing/config.ini": "[General]\nautologin=1\n",
			"C/Users/u/AppData/Roaming/Kingsoft/kaccountsdk/store.dat":                  "opaque",
		}, touch: winCache + ".212320004/cache.db", state: SignedIn, uids: []string{"212320004", "3172735"}, named: 1, autologin: "1", loginItems: 1},
		{name: "windows signed out", goos: "windows", tree: tree{
			winCache + ".3172735/syncassistant.db":            "x",
			"C/Users/u/AppData/Roaming/Kingsoft/kaccountsdk/": "",
		}, state: SignedOut, uids: []string{"3172735"}, loginItems: 1},
		{name: "windows never ran", goos: "windows", tree: tree{"C/Users/u/Documents/": ""}, state: SignInUnknown},
		{name: "macOS international token", goos: "darwin", tree: tree{
			macIntl + "WPS Cloud Files/userdata/default/filecache/.731578905/syncassistant.db": "x",
			macIntl + "office6/data/tokenTable.ini":                                            "[t]\nk=v\n",
		}, state: SignedIn, uids: []string{"731578905"}, family: FamilyInternational, loginItems: 1},
		{name: "macOS mainland empty token", goos: "darwin", tree: tree{
			macCN + "WPS Cloud Files/userdata/qing/filecache/.285491809/": "",
			macCN + "tokenTable.ini": "",
		}, state: SignedOut, uids: []string{"285491809"}, family: FamilyMainland, loginItems: 1},
		{name: "linux accounts but no login store known", goos: "linux", tree: tree{
			linShare + "WPS Cloud Files/userdata/qing/filecache/.3172735/syncassistant.db":                     "x",
			"home/u/.var/app/cn.wps.wps_365/data/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.285491809/": "",
		}, state: SignInUnknown, uids: []string{"3172735", "285491809"}, touch: linShare + "WPS Cloud Files/userdata/qing/filecache/.3172735/syncassistant.db"},
		{name: "linux nothing", goos: "linux", tree: tree{"home/u/": ""}, state: SignInUnknown},
	}
	old := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := c.tree.build(t, old)
			if c.touch != "" {
				p := filepath.Join(root, filepath.FromSlash(c.touch))
				must(t, os.Chtimes(p, old.Add(time.Hour), old.Add(time.Hour)))
			}
			home := "/home/u"
			if c.goos == "darwin" {
				home = "/Users/u"
			}
			s := ReadSignIn(FixtureFS{Root: root}, c.goos, home, winEnv())
			if s.State != c.state {
				t.Errorf("state: got %s, want %s (%+v)", s.State, c.state, s)
			}
			var uids []string
			for _, a := range s.Accounts {
				uids = append(uids, a.UID)
			}
			if strings.Join(uids, ",") != strings.Join(c.uids, ",") {
				t.Errorf("accounts: got %v, want %v", uids, c.uids)
			}
			if s.Family != c.family {
				t.Errorf("family: got %q, want %q", s.Family, c.family)
			}
			if s.NamedFolders != c.named || s.AutoLogin != c.autologin || len(s.Login) != c.loginItems {
				t.Errorf("named folders, autologin, login items: got %d %q %d, want %d %q %d",
					s.NamedFolders, s.AutoLogin, len(s.Login), c.named, c.autologin, c.loginItems)
			}
		})
	}
}

// No login file is opened: ReadSignIn only lists and stats the login
// store, so a token's value cannot end up anywhere.
func TestReadSignInNeverReadsTokens(t *testing.T) {
	root := tree{
		macCN + "WPS Cloud Files/userdata/qing/filecache/.285491809/": "",
		macCN + "tokenTable.ini":            "SECRET-TOKEN",
		macCN + "office6/kaccountsdk/a.dat": "SECRET-SDK",
	}.build(t, time.Now())
	rec := &readRecorder{FS: FixtureFS{Root: root}}
	s := ReadSignIn(rec, "darwin", "/Users/u", nil)
	if s.State != SignedIn || len(s.Login) != 2 {
		t.Fatalf("got %s with %d login items, want signed_in with 2", s.State, len(s.Login))
	}
	for _, p := range rec.read {
		if strings.Contains(p, "tokenTable") || strings.Contains(p, "kaccountsdk") {
			t.Errorf("read %s, want no login file read", p)
		}
	}
}

type readRecorder struct {
	FS
	read []string
}

func (r *readRecorder) ReadFile(name string) ([]byte, error) {
	r.read = append(r.read, name)
	return r.FS.ReadFile(name)
}
