//go:build linux

package fixes

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"wpsdoctor/health"

	"wpsdoctor/platform/wps"
)

const cefDefault = ".local/share/Kingsoft/wps/addons/data/linux/cef/default"

// linkedHome is the reproduction: a throwaway HOME with ~/.ssh,
// ~/Documents, pending uploads in WPS Cloud Files, real cache folders, and
// cache folders that are links: cef/default/Cache -> ~ (with a sibling
// Cookies) and cef/cache -> the WPS Cloud Files upload queue.
func linkedHome(t *testing.T) (home string, legit []string) {
	t.Helper()
	home = t.TempDir()
	writeTree(t, home, map[string]string{
		".ssh/id_ed25519":               "secret key",
		".ssh/authorized_keys":          "",
		"Documents/thesis.docx":         "",
		"Documents/plan.xlsx":           "",
		".bashrc":                       "",
		cefDefault + "/Cookies":         "",
		cefDefault + "/Cache":           "->" + home,
		cefDefault + "/Code Cache/js/x": "",
		".local/share/Kingsoft/wps/addons/data/linux/cef/cache":                                  "->../../../../../WPS Cloud Files/userdata/qing/filecache/.123",
		".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/syncassistant.db":    "",
		".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/upload/pending.docx": "",
		".local/share/Kingsoft/office6/log/main.log":                                             "",
		".kingsoft/wps/addons/pool/pkg.zip":                                                      "",
	})
	return home, []string{".local/share/Kingsoft/office6/log", ".kingsoft/wps/addons/pool", cefDefault + "/Code Cache"}
}

func under(rel string, dirs []string) bool {
	for _, d := range dirs {
		if rel == d || strings.HasPrefix(rel, d+"/") {
			return true
		}
	}
	return false
}

// TestCacheClearNeverFollowsLinkedCacheFolders runs the real plan and
// apply: nothing outside the real cache folders may move, the linked
// folders are skipped with a reason in the plan, and undo restores all.
func TestCacheClearNeverFollowsLinkedCacheFolders(t *testing.T) {
	home, legit := linkedHome(t)
	t.Setenv("HOME", home)
	before := snapshot(t, home)
	in := wps.DiscoverLinux(wps.OSFS{}, home, nil)
	env := &Env{OS: "linux", FS: wps.OSFS{}, Home: home, Install: func() (wps.Install, error) { return in, nil }}
	e, _ := newTestEngine(t, env)
	p, err := e.Plan(context.Background(), health.FixCacheClear)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan: %v %v", err, p.Refusal)
	}
	for _, m := range movedPaths(p) {
		rel, _ := filepath.Rel(home, m)
		if !under(rel, legit) {
			t.Errorf("planned to move %s, which is not a real cache folder", m)
		}
	}
	skipped := map[string]bool{}
	for _, n := range p.Notes {
		if n.Key == "fix.skip.link" {
			skipped[n.Args["path"].(string)] = true
		}
	}
	for _, rel := range []string{cefDefault + "/Cache", ".local/share/Kingsoft/wps/addons/data/linux/cef/cache"} {
		if !skipped[filepath.Join(home, rel)] {
			t.Errorf("got notes %+v, want %s skipped as a link", p.Notes, rel)
		}
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	after := snapshot(t, home)
	for rel, v := range before {
		if !under(rel, legit) && after[rel] != v {
			t.Errorf("%s changed outside the cache: %q -> %q", rel, v, after[rel])
		}
	}
	if _, err := os.Stat(filepath.Join(home, ".local/share/Kingsoft/office6/log/main.log")); !os.IsNotExist(err) {
		t.Errorf("the real cache was not cleared: %v", err)
	}
	u, err := e.Undo(context.Background(), res.EntryID, nil)
	if err != nil || u.Outcome != OutcomeUndone {
		t.Fatalf("undo: %v %+v", err, u)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("tree differs after undo:\n%s", d)
	}
}

// TestQuarantineRefusesALinkInThePath: even when handed a path through a
// linked folder (a plan made before the link appeared), Move refuses and
// moves nothing.
func TestQuarantineRefusesALinkInThePath(t *testing.T) {
	home, _ := linkedHome(t)
	q := &Quarantine{Dir: filepath.Join(t.TempDir(), "q"), Roots: []string{home}}
	before := snapshot(t, home)
	for _, rel := range []string{cefDefault + "/Cache/.ssh", cefDefault + "/Cache/Documents", cefDefault + "/Cache",
		".local/share/Kingsoft/wps/addons/data/linux/cef/cache/upload"} {
		_, err := q.Move("e", "q001", filepath.Join(home, rel))
		if err == nil || !strings.Contains(err.Error(), "symbolic link or junction") {
			t.Errorf("move %s: got %v, want a refusal naming the link", rel, err)
		}
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("the tree changed:\n%s", d)
	}
}

// TestCacheClearHostileNames: names with newlines, invalid UTF-8, leading
// dashes and 255 bytes go to the quarantine and come back byte for byte.
func TestCacheClearHostileNames(t *testing.T) {
	for _, forceCopy := range []bool{false, true} {
		t.Run(map[bool]string{false: "rename", true: "copy"}[forceCopy], func(t *testing.T) {
			env, home := linuxCacheEnv(t)
			logDir := filepath.Join(home, ".local/share/Kingsoft/office6/log")
			pool := filepath.Join(home, ".kingsoft/wps/addons/pool")
			names := []string{"line\nbreak.log", "bad-\xff\xfe-utf8.log", "-rf", "--help", strings.Repeat("L", 255), "\x1b]0;OWNED\x07.log"}
			for _, dir := range []string{logDir, pool} {
				for _, n := range names {
					if err := os.WriteFile(filepath.Join(dir, n), []byte("hostile "+n), 0o640); err != nil {
						t.Fatal(err)
					}
				}
				os.Mkdir(filepath.Join(dir, "-dir\xff"), 0o750)
				os.WriteFile(filepath.Join(dir, "-dir\xff", "\n"), []byte("x"), 0o600)
			}
			before := snapshot(t, home)
			e, _ := newTestEngine(t, env)
			e.Local.Quarantine.forceCopy = forceCopy
			p, err := e.Plan(context.Background(), health.FixCacheClear)
			if err != nil || p.Refusal != nil {
				t.Fatalf("plan: %v %v", err, p.Refusal)
			}
			res, err := e.Apply(context.Background(), p, nil)
			if err != nil || res.Outcome != OutcomeApplied {
				t.Fatalf("apply: %v %+v", err, res)
			}
			for _, n := range names {
				if _, err := os.Lstat(filepath.Join(logDir, n)); !os.IsNotExist(err) {
					t.Errorf("%q is still in the log folder: %v", n, err)
				}
			}
			u, err := e.Undo(context.Background(), res.EntryID, nil)
			if err != nil || u.Outcome != OutcomeUndone {
				t.Fatalf("undo: %v %+v", err, u)
			}
			if d := diffSnapshots(before, snapshot(t, home)); d != "" {
				t.Fatalf("tree differs after undo:\n%s", d)
			}
		})
	}
}

// TestCacheClearSkipsLinkedFolderInWindowsFixture: the same rule over a
// Windows layout read through a fixture (a junction or symlink shows as a
// link in its parent's listing).
func TestCacheClearSkipsLinkedFolderInWindowsFixture(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, windowsTree)
	pdf := filepath.Join(root, "C/Users/u/AppData/Roaming/kingsoft/PDF")
	os.RemoveAll(filepath.Join(pdf, "Cache"))
	if err := os.Symlink(filepath.Join(root, "C/Users/u"), filepath.Join(pdf, "Cache")); err != nil {
		t.Fatal(err)
	}
	fsys := wps.FixtureFS{Root: root}
	in := wps.DiscoverWindows(fsys, nil, windowsEnv)
	p := planFor(t, health.FixCacheClear, &Env{OS: "windows", FS: fsys, Home: `C:\Users\u`, Install: func() (wps.Install, error) { return in, nil }})
	want := `C:\Users\u\AppData\Roaming\kingsoft\PDF\Cache`
	for _, m := range movedPaths(p) {
		if nativeUnder("windows", m, want) {
			t.Errorf("planned to move %s through the link %s", m, want)
		}
	}
	found := false
	for _, n := range p.Notes {
		found = found || n.Key == "fix.skip.link" && strings.EqualFold(n.Args["link"].(string), want)
	}
	if !found {
		t.Errorf("got notes %+v, want %s skipped as a link", p.Notes, want)
	}
}

// TestConfigResetSkipsLinkedSettings: a settings file that is a link (here
// to a user's own INI file with a "token" key) is neither moved nor
// rewritten through the link.
func TestConfigResetSkipsLinkedSettings(t *testing.T) {
	home := t.TempDir()
	writeTree(t, home, map[string]string{
		"notes.ini":                      "[keys]\napi_token=keep me\n",
		".config/Kingsoft/Office.conf":   "->../../notes.ini",
		".config/Kingsoft/WPSCloud.conf": "[General]\nkicUploadSyncSwitch=true\n",
	})
	before := snapshot(t, home)
	in := wps.DiscoverLinux(wps.OSFS{}, home, nil)
	e, _ := newTestEngine(t, &Env{OS: "linux", FS: wps.OSFS{}, Home: home, Install: func() (wps.Install, error) { return in, nil }})
	p, err := e.Plan(context.Background(), health.FixConfigReset)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan: %v %+v", err, p.Refusal)
	}
	if got, want := movedPaths(p), []string{filepath.Join(home, ".config/Kingsoft/WPSCloud.conf")}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got moves and writes %q, want only %q", got, want)
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	if b, _ := os.ReadFile(filepath.Join(home, "notes.ini")); string(b) != "[keys]\napi_token=keep me\n" {
		t.Errorf("got notes.ini %q, want it untouched", b)
	}
	if _, err := e.Undo(context.Background(), res.EntryID, nil); err != nil {
		t.Fatal(err)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("tree differs after undo:\n%s", d)
	}
}
