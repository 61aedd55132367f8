package fixes

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"wpsdoctor/health"

	"wpsdoctor/platform/wps"
)

// movedPaths returns every path a plan moves or writes.
func movedPaths(p Plan) []string {
	var out []string
	for _, s := range p.Steps {
		for _, a := range s.Actions {
			if a.Path != "" {
				out = append(out, a.Path)
			}
		}
	}
	return out
}

// nativeUnder reports whether p equals or lies inside dir (native paths of
// goos; case-insensitive on Windows and macOS).
func nativeUnder(goos, p, dir string) bool {
	sep := "/"
	if goos == "windows" {
		sep = `\`
	}
	if goos != "linux" {
		p, dir = strings.ToLower(p), strings.ToLower(dir)
	}
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, sep)+sep)
}

func TestCacheClearNeverTouchesProtectedPaths(t *testing.T) {
	type osCase struct {
		goos    string
		tree    map[string]string
		install func(root string) (wps.Install, wps.FS, func(rel string) string)
		want    []string // native paths that must be moved
	}
	cases := []osCase{
		{"linux", linuxTree, func(root string) (wps.Install, wps.FS, func(string) string) {
			return wps.DiscoverLinux(wps.OSFS{}, root, nil), wps.OSFS{}, func(rel string) string { return filepath.Join(root, rel) }
		}, []string{".local/share/Kingsoft/office6/log/main.log", ".kingsoft/wps/addons/pool/pkg.zip",
			".local/share/Kingsoft/wps/addons/data/linux/cef/cache", ".local/share/Kingsoft/offlinelog"}},
		{"windows", windowsTree, func(root string) (wps.Install, wps.FS, func(string) string) {
			fsys := wps.FixtureFS{Root: root}
			return wps.DiscoverWindows(fsys, nil, windowsEnv), fsys, func(rel string) string {
				return strings.ReplaceAll(strings.Replace(rel, "C/", `C:\`, 1), "/", `\`)
			}
		}, []string{`C/Users/u/AppData/Roaming/kingsoft/office6/log`, `C/Users/u/AppData/Roaming/kingsoft/wps/addons/pool`,
			`C/Users/u/AppData/Roaming/kingsoft/PDF/Cache`}},
		{"darwin", macTree, func(root string) (wps.Install, wps.FS, func(string) string) {
			fsys := wps.FixtureFS{Root: root}
			return wps.DiscoverDarwin(fsys, "/Users/u"), fsys, func(rel string) string { return "/" + rel }
		}, []string{macData + ".kingsoft/wps/addons/pool/p.zip", macData + ".kingsoft/wps/addons/data/mac/cef/cache",
			"Users/u/Library/Caches/com.kingsoft.wpsoffice.mac"}},
	}
	for _, c := range cases {
		t.Run(c.goos, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, c.tree)
			in, fsys, native := c.install(root)
			env := &Env{OS: c.goos, FS: fsys, Home: root, Install: func() (wps.Install, error) { return in, nil }}
			p := planFor(t, health.FixCacheClear, env)
			if p.Refusal != nil {
				t.Fatalf("refused: %v (install %+v)", p.Refusal, in)
			}
			moved := movedPaths(p)
			for _, w := range c.want {
				if !slices.ContainsFunc(moved, func(m string) bool { return nativeUnder(c.goos, m, native(w)) && nativeUnder(c.goos, native(w), m) }) {
					t.Errorf("expected %s to be moved; moved %q", native(w), moved)
				}
			}
			for _, m := range moved {
				if wps.Protected(in, m) {
					t.Errorf("planned to move protected %s", m)
				}
				// Neither a never-delete path nor a file with a protected
				// name may lie inside anything moved.
				for _, nd := range in.NeverDelete {
					if nativeUnder(c.goos, nd, m) || nativeUnder(c.goos, m, nd) {
						t.Errorf("%s overlaps never-delete %s", m, nd)
					}
				}
				for rel := range c.tree {
					if nativeUnder(c.goos, native(rel), m) && wps.Protected(in, native(rel)) {
						t.Errorf("moving %s would take protected %s along", m, native(rel))
					}
				}
			}
		})
	}
}

// newTestEngine returns an engine over a fresh state dir running locally.
func newTestEngine(t *testing.T, env *Env) (*Engine, string) {
	t.Helper()
	state := t.TempDir()
	e, err := NewEngine(state, env)
	if err != nil {
		t.Fatal(err)
	}
	e.Elevated, e.Elevator = true, nil
	return e, state
}

func linuxCacheEnv(t *testing.T) (*Env, string) {
	home := t.TempDir()
	writeTree(t, home, linuxTree)
	in := wps.DiscoverLinux(wps.OSFS{}, home, nil)
	return &Env{OS: "linux", FS: wps.OSFS{}, Home: home, Install: func() (wps.Install, error) { return in, nil }}, home
}

func TestCacheClearAndUndoRestoreTreeExactly(t *testing.T) {
	for _, forceCopy := range []bool{false, true} {
		env, home := linuxCacheEnv(t)
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
		if _, err := os.Lstat(filepath.Join(home, ".local/share/Kingsoft/office6/log/main.log")); !os.IsNotExist(err) {
			t.Fatalf("cache file still in place (copy=%v): %v", forceCopy, err)
		}
		for _, keep := range []string{".local/share/Kingsoft/office6/log/tokenTable.ini", ".kingsoft/wps/addons/pool/account/token.dat",
			"Documents/plan.xlsx", "WPSDrive/report.docx", ".local/share/Kingsoft/office6/data/backup/doc.bak"} {
			if _, err := os.Stat(filepath.Join(home, keep)); err != nil {
				t.Errorf("protected %s was touched: %v", keep, err)
			}
		}
		u, err := e.Undo(context.Background(), res.EntryID, nil)
		if err != nil || u.Outcome != OutcomeUndone {
			t.Fatalf("undo: %v %+v", err, u)
		}
		if d := diffSnapshots(before, snapshot(t, home)); d != "" {
			t.Fatalf("tree differs after undo (copy=%v):\n%s", forceCopy, d)
		}
		if en, _ := e.Entry(res.EntryID); en.State != "undone" {
			t.Errorf("journal state %q", en.State)
		}
	}
}

func TestFailingStepRollsBack(t *testing.T) {
	env, home := linuxCacheEnv(t)
	before := snapshot(t, home)
	e, _ := newTestEngine(t, env)
	p, err := e.Plan(context.Background(), health.FixCacheClear)
	if err != nil {
		t.Fatal(err)
	}
	// A failing step in the middle: the moves before it must come back.
	mid := len(p.Steps) / 2
	bad := Step{Description: p.Steps[0].Description, Actions: []Action{{Kind: KindExec, Argv: []string{"false"}}}}
	p.Steps = append(p.Steps[:mid], append([]Step{bad}, p.Steps[mid:]...)...)
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != OutcomeRolledBack || !strings.Contains(res.Error, "exited with status 1") {
		t.Fatalf("outcome %q error %q", res.Outcome, res.Error)
	}
	if res.Steps[mid].Status != "failed" || res.Steps[mid+1].Status != "not_run" || res.Steps[0].Status != "rolled_back" {
		t.Errorf("step statuses: %+v", res.Steps)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("tree differs after rollback:\n%s", d)
	}
	if en, _ := e.Entry(res.EntryID); en.State != "rolled_back" || en.Pending() {
		t.Errorf("journal: %+v", en)
	}
}

func TestConfigResetKeepsGeneralSettingsAndUndoes(t *testing.T) {
	home := t.TempDir()
	tree := map[string]string{
		".config/Kingsoft/Office.conf": "[General]\nlanguages=zh_CN\n\n[6.0]\ncommon\\AcceptedEULA=true\ncommon\\UserInfo\\ACUPI=abc123\n" +
			"wpsoffice\\Application%20Settings\\AppComponentMode=prome_fushion\nwpsoffice\\Application%20Settings\\enableForceLogin=true\n",
		".config/Kingsoft/WPSCloud.conf": "[General]\nkicUploadSyncSwitch=true\n",
		".config/Kingsoft/AuthInfo.conf": "licence",
	}
	writeTree(t, home, tree)
	before := snapshot(t, home)
	in := wps.DiscoverLinux(wps.OSFS{}, home, nil)
	e, _ := newTestEngine(t, &Env{OS: "linux", FS: wps.OSFS{}, Home: home, Install: func() (wps.Install, error) { return in, nil }})
	p, err := e.Plan(context.Background(), health.FixConfigReset)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan %v %+v", err, p.Refusal)
	}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply %v %+v", err, res)
	}
	conf, _ := os.ReadFile(filepath.Join(home, ".config/Kingsoft/Office.conf"))
	want := "[General]\nlanguages=zh_CN\n\n[6.0]\ncommon\\AcceptedEULA=true\nwpsoffice\\Application%20Settings\\AppComponentMode=prome_fushion\n"
	if string(conf) != want {
		t.Errorf("Office.conf after reset:\n%s", conf)
	}
	if _, err := os.Stat(filepath.Join(home, ".config/Kingsoft/WPSCloud.conf")); !os.IsNotExist(err) {
		t.Error("WPSCloud.conf not reset")
	}
	if _, err := os.Stat(filepath.Join(home, ".config/Kingsoft/AuthInfo.conf")); err != nil {
		t.Error("licence file touched")
	}
	if _, err := e.Undo(context.Background(), res.EntryID, nil); err != nil {
		t.Fatal(err)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("differs after undo:\n%s", d)
	}
}

func TestUndoLeavesAFileChangedSinceAlone(t *testing.T) {
	home := t.TempDir()
	writeTree(t, home, map[string]string{".config/Kingsoft/Office.conf": "[6.0]\ncommon\\UserInfo\\X=1\nkeep=1\n"})
	in := wps.DiscoverLinux(wps.OSFS{}, home, nil)
	e, _ := newTestEngine(t, &Env{OS: "linux", FS: wps.OSFS{}, Home: home, Install: func() (wps.Install, error) { return in, nil }})
	p, _ := e.Plan(context.Background(), health.FixConfigReset)
	res, _ := e.Apply(context.Background(), p, nil)
	// WPS rewrote its settings after the fix.
	newer := []byte("[6.0]\nkeep=2\n")
	os.WriteFile(filepath.Join(home, ".config/Kingsoft/Office.conf"), newer, 0o600)
	u, err := e.Undo(context.Background(), res.EntryID, nil)
	if err != nil || u.Outcome != OutcomeFailed || !strings.Contains(u.Error, "changed by someone else") {
		t.Fatalf("undo %v %+v", err, u)
	}
	if b, _ := os.ReadFile(filepath.Join(home, ".config/Kingsoft/Office.conf")); string(b) != string(newer) {
		t.Fatal("the newer file was overwritten")
	}
}
