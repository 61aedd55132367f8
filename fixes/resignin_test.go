package fixes

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/proc"
	"wpsdoctor/platform/wps"
)

// fakeWPS is a running wpscloudsvr that exits once the executor asks it
// to (kill -TERM or taskkill), and a recorder of programs started. Every
// test of wps.resignin runs its engine over it, so no test lists, signals
// or starts a real process.
type fakeWPS struct {
	mu      sync.Mutex
	running []proc.Process
	stay    bool // ignores the request to close (asking about unsaved work)
	calls   [][]string
	started []string
}

func newFakeWPS(ps ...proc.Process) *fakeWPS { return &fakeWPS{running: ps} }

func (f *fakeWPS) processes(context.Context) ([]proc.Process, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.running), nil
}

func (f *fakeWPS) run(_ context.Context, argv []string, _ string) (int, []byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, argv)
	if !f.stay && len(argv) > 0 && (argv[0] == "kill" || argv[0] == "taskkill") {
		f.running = nil
	}
	return 0, nil, nil
}

func (f *fakeWPS) start(exe string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.started = append(f.started, exe)
	return nil
}

// fakeEngine is newTestEngine with every process seam faked.
func fakeEngine(t *testing.T, env *Env, f *fakeWPS) *Engine {
	t.Helper()
	env.Processes = f.processes
	e, _ := newTestEngine(t, env)
	e.Local.Run, e.Local.Start, e.Local.Processes = f.run, f.start, f.processes
	e.Local.CloseTimeout = time.Second
	return e
}

const (
	resigninWinRoaming = "C/Users/u/AppData/Roaming/Kingsoft/"
	resigninWinLocal   = "C/Users/u/AppData/Local/Kingsoft/"
	resigninMac        = "Users/u/Library/Containers/com.kingsoft.wpsoffice.mac/Data/"
	resigninMacSupport = resigninMac + "Library/Application Support/Kingsoft/"
)

// resigninCase is one OS's tree: the login stores that must move (or the
// Office.conf that must lose its sign-in lines) and what must stay.
type resigninCase struct {
	goos  string
	tree  map[string]string
	moved []string // tree-relative paths that must be moved whole
	keep  []string // tree-relative paths that must stay byte for byte
	// edited is the tree-relative Office.conf whose sign-in lines go, and
	// its content afterwards.
	edited, editedTo string
}

var resigninCases = []resigninCase{
	{goos: "linux", tree: map[string]string{
		".config/Kingsoft/Office.conf": "[6.0]\ncommon\\AcceptedEULA=true\ncommon\\UserInfo\\ACUPI=true\n" +
			"wpsoffice\\Application%20Settings\\enableForceLogin=true\ncommon\\qingLoginToken=abc\ncommon\\lastLoginAccount=12345\n",
		".config/Kingsoft/WPSCloud.conf": "[General]\nlocalsyncfolder=~/WPSDrive\n",
		".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/syncassistant.db": "",
		".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/pre_cloudfile/x":  "",
		".local/share/Kingsoft/office6/data/backup/doc.bak":                                   "",
		"WPSDrive/report.docx": "",
	},
		keep: []string{".config/Kingsoft/WPSCloud.conf", ".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/syncassistant.db",
			".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/pre_cloudfile/x", ".local/share/Kingsoft/office6/data/backup/doc.bak", "WPSDrive/report.docx"},
		edited:   ".config/Kingsoft/Office.conf",
		editedTo: "[6.0]\ncommon\\AcceptedEULA=true\ncommon\\UserInfo\\ACUPI=true\nwpsoffice\\Application%20Settings\\enableForceLogin=true\n",
	},
	{goos: "windows", tree: map[string]string{
		resigninWinRoaming + "kaccountsdk/accounts.dat":                                        "",
		resigninWinRoaming + "kaccountsdk/tokenTable.ini":                                      "",
		resigninWinRoaming + "kdynsdk/d.dat":                                                   "",
		resigninWinRoaming + "office6/backup/x.et":                                             "",
		resigninWinLocal + "WPS Cloud Files/userdata/qing/filecache/.3172735/syncassistant.db": "",
		resigninWinLocal + "WPS Cloud Files/userdata/qing/filecache/.3172735/precloudfile.db":  "",
		resigninWinLocal + "WPS Cloud Files/userdata/qing/config.ini":                          "[General]\nautologin=1\n",
		"C/Users/u/WPSDrive/1054253139/a.docx":                                                 "",
	},
		moved: []string{resigninWinRoaming + "kaccountsdk", resigninWinRoaming + "kdynsdk"},
		keep: []string{resigninWinRoaming + "office6/backup/x.et", resigninWinLocal + "WPS Cloud Files/userdata/qing/filecache/.3172735/syncassistant.db",
			resigninWinLocal + "WPS Cloud Files/userdata/qing/filecache/.3172735/precloudfile.db", resigninWinLocal + "WPS Cloud Files/userdata/qing/config.ini",
			"C/Users/u/WPSDrive/1054253139/a.docx"},
	},
	{goos: "darwin", tree: map[string]string{
		resigninMacSupport + "office6/tokenTable.ini":                                              "",
		resigninMac + ".kingsoft/kaccountsdk/k.dat":                                                "",
		resigninMacSupport + "WPS Cloud Files/tokenTable.ini":                                      "",
		resigninMacSupport + "WPS Cloud Files/userdata/qing/filecache/.212320004/syncassistant.db": "",
		resigninMacSupport + "office6/OfficeSpace/batchuploadcache/b":                              "",
		resigninMac + "Library/Preferences/com.kingsoft.Office.plist":                              "",
	},
		moved: []string{resigninMacSupport + "office6/tokenTable.ini", resigninMac + ".kingsoft/kaccountsdk"},
		keep: []string{resigninMacSupport + "WPS Cloud Files/tokenTable.ini", resigninMacSupport + "WPS Cloud Files/userdata/qing/filecache/.212320004/syncassistant.db",
			resigninMacSupport + "office6/OfficeSpace/batchuploadcache/b", resigninMac + "Library/Preferences/com.kingsoft.Office.plist"},
	},
}

// resigninEnv plans for c's OS over the tree at root, and returns the
// native path of a tree-relative one. Linux and macOS plan over the real
// files (POSIX paths, so the plan applies as it is); Windows over a
// fixture view, its plan then mapped onto the tree to be applied.
func resigninEnv(t *testing.T, c resigninCase, root string) (*Env, func(rel string) string) {
	t.Helper()
	const cloud = "/opt/kingsoft/wps-office/office6/wpscloudsvr"
	switch c.goos {
	case "windows":
		fsys := wps.FixtureFS{Root: root}
		in := wps.DiscoverWindows(fsys, nil, windowsEnv)
		in.CloudExe = `C:\Program Files\Kingsoft\WPS Office\office6\wpscloudsvr.exe`
		return &Env{OS: "windows", FS: fsys, Home: `C:\Users\u`,
				Install: func() (wps.Install, error) { return in, nil },
				SignIn:  func() (wps.SignIn, error) { return wps.ReadSignIn(fsys, "windows", `C:\Users\u`, windowsEnv), nil }},
			func(rel string) string { return strings.ReplaceAll(strings.Replace(rel, "C/", `C:\`, 1), "/", `\`) }
	case "darwin":
		home := filepath.Join(root, "Users/u")
		in := wps.DiscoverDarwin(wps.OSFS{}, home)
		in.CloudExe = cloud
		return &Env{OS: "darwin", FS: wps.OSFS{}, Home: home, Install: func() (wps.Install, error) { return in, nil }},
			func(rel string) string { return filepath.Join(root, rel) }
	}
	in := wps.DiscoverLinux(wps.OSFS{}, root, nil)
	in.CloudExe = cloud
	return &Env{OS: "linux", FS: wps.OSFS{}, Home: root, Install: func() (wps.Install, error) { return in, nil }},
		func(rel string) string { return filepath.Join(root, rel) }
}

// onTree maps a Windows plan's native paths onto the fixture tree at root
// (the tree spells each folder as the plan does).
func onTree(p Plan, root string) Plan {
	for i := range p.Steps {
		s := &p.Steps[i]
		s.Actions = slices.Clone(s.Actions)
		for j := range s.Actions {
			if a := &s.Actions[j]; a.Path != "" {
				a.Path = filepath.Join(root, strings.ReplaceAll(strings.Replace(a.Path, `C:\`, "C/", 1), `\`, "/"))
			}
		}
	}
	return p
}

func TestResigninPlanApplyUndoOnEveryOS(t *testing.T) {
	for _, c := range resigninCases {
		t.Run(c.goos, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, c.tree)
			before := snapshot(t, root)
			env, native := resigninEnv(t, c, root)
			f := newFakeWPS(proc.Process{PID: 4242, Name: "wpscloudsvr"})
			env.Processes = f.processes
			p := planFor(t, health.FixResignin, env)
			if p.Refusal != nil {
				t.Fatalf("got refusal %v (notes %v), want a plan", p.Refusal, p.Notes)
			}
			moved := movedPaths(p)
			var want []string
			for _, m := range c.moved {
				want = append(want, native(m))
			}
			if c.edited != "" {
				want = append(want, native(c.edited))
			}
			if !slices.Equal(moved, want) {
				t.Fatalf("got moves %q, want %q", moved, want)
			}
			if k := p.Steps[0].Actions[len(p.Steps[0].Actions)-1]; k.Kind != KindCloseApps || !slices.Equal(k.PIDs, []int{4242}) {
				t.Errorf("got first step %+v, want WPS closed (and waited for) first", p.Steps[0])
			}
			last := p.Steps[len(p.Steps)-1].Actions[0]
			if last.Kind != KindRestartApp || last.Exe == "" {
				t.Errorf("got last action %+v, want the cloud component restarted", last)
			}
			if !slices.ContainsFunc(p.Notes, func(m health.Message) bool { return m.Key == "fix.resignin.note.signin" }) {
				t.Errorf("got notes %v, want the sign-in instruction", p.Notes)
			}

			// Apply over the tree (Windows: mapped onto it), with every
			// process seam faked.
			aenv := env
			if c.goos == "windows" {
				p = onTree(p, root)
				aenv = &Env{OS: "linux", Home: root}
			}
			e := fakeEngine(t, aenv, f)
			res, err := e.Apply(context.Background(), p, nil)
			if err != nil || res.Outcome != OutcomeApplied {
				t.Fatalf("apply: got %v %s %q, want applied", err, res.Outcome, res.Error)
			}
			for _, m := range c.moved {
				if _, err := os.Lstat(filepath.Join(root, m)); !os.IsNotExist(err) {
					t.Errorf("got %s still in place (%v), want it quarantined", m, err)
				}
			}
			after := snapshot(t, root)
			for _, k := range c.keep {
				if after[k] == "" || after[k] != before[k] {
					t.Errorf("got %s = %q, want it untouched (%q)", k, after[k], before[k])
				}
			}
			if c.edited != "" {
				if got, _ := os.ReadFile(filepath.Join(root, c.edited)); string(got) != c.editedTo {
					t.Errorf("got %s = %q, want %q", c.edited, got, c.editedTo)
				}
			}
			if !slices.Equal(f.started, []string{last.Exe}) {
				t.Errorf("got started %q, want the cloud component %q once", f.started, last.Exe)
			}
			for _, call := range f.calls {
				if slices.Contains(call, "/F") || slices.Contains(call, "-9") || slices.Contains(call, "-KILL") {
					t.Errorf("got %q, want WPS asked to close, never killed", call)
				}
			}

			u, err := e.Undo(context.Background(), res.EntryID, nil)
			if err != nil || u.Outcome != OutcomeUndone {
				t.Fatalf("undo: got %v %+v, want undone", err, u)
			}
			if d := diffSnapshots(before, snapshot(t, root)); d != "" {
				t.Fatalf("got a different tree after undo, want it byte for byte:\n%s", d)
			}
		})
	}
}

func TestResigninRefusesLinkedLoginStores(t *testing.T) {
	t.Run("darwin kaccountsdk is a link", func(t *testing.T) {
		root := t.TempDir()
		writeTree(t, root, map[string]string{
			"elsewhere/k.dat":                     "",
			resigninMac + ".kingsoft/kaccountsdk": "->../../../../../../../elsewhere",
			resigninMacSupport + "WPS Cloud Files/userdata/qing/filecache/.212320004/syncassistant.db": "",
		})
		before := snapshot(t, root)
		env, _ := resigninEnv(t, resigninCase{goos: "darwin"}, root)
		p := planFor(t, health.FixResignin, env)
		if p.Refusal == nil || p.Refusal.Key != "fix.resignin.unsafe" || len(p.Steps) != 0 {
			t.Fatalf("got %+v, want the fix.resignin.unsafe refusal", p)
		}
		if d := diffSnapshots(before, snapshot(t, root)); d != "" {
			t.Fatalf("planning changed the tree:\n%s", d)
		}
	})
	// On this computer's own OS the real-path checks run (LinkInPath,
	// EvalSymlinks): a link anywhere below home, or the store itself.
	for _, tc := range []struct{ name, link string }{
		{"store is a link", "Kingsoft/kaccountsdk"},
		{"folder above is a link", "Kingsoft"},
	} {
		t.Run("this OS: "+tc.name, func(t *testing.T) {
			home := t.TempDir()
			other := t.TempDir()
			if err := os.MkdirAll(filepath.Join(other, "kaccountsdk"), 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(other, "kaccountsdk", "k.dat"), []byte("k"), 0o600)
			target := filepath.Join(other, "kaccountsdk")
			if tc.link == "Kingsoft" {
				target = other
			} else if err := os.MkdirAll(filepath.Join(home, "Kingsoft"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, filepath.Join(home, tc.link)); err != nil {
				t.Skipf("cannot make a link here: %v", err)
			}
			store := filepath.Join(home, "Kingsoft", "kaccountsdk")
			env := &Env{OS: runtime.GOOS, FS: wps.OSFS{}, Home: home,
				Install: func() (wps.Install, error) { return wps.Install{OS: runtime.GOOS}, nil },
				SignIn: func() (wps.SignIn, error) {
					return wps.SignIn{Login: []wps.LoginItem{{Path: store, Name: "kaccountsdk"}}}, nil
				}}
			p := planFor(t, health.FixResignin, env)
			if p.Refusal == nil || p.Refusal.Key != "fix.resignin.unsafe" {
				t.Fatalf("got %+v, want the fix.resignin.unsafe refusal", p)
			}
			if _, err := os.Stat(filepath.Join(other, "kaccountsdk", "k.dat")); err != nil {
				t.Fatalf("the link's target was touched: %v", err)
			}
		})
	}
}

func TestResigninRefusals(t *testing.T) {
	t.Run("nothing to sign out", func(t *testing.T) {
		home := t.TempDir()
		p := planFor(t, health.FixResignin, &Env{OS: "linux", FS: wps.OSFS{}, Home: home,
			Install: func() (wps.Install, error) { return wps.DiscoverLinux(wps.OSFS{}, home, nil), nil }})
		if p.Refusal == nil || p.Refusal.Key != "fix.resignin.none" {
			t.Fatalf("got %+v, want fix.resignin.none", p)
		}
	})
	t.Run("an open editor on Linux cannot be asked to close", func(t *testing.T) {
		root := t.TempDir()
		writeTree(t, root, resigninCases[0].tree)
		env, _ := resigninEnv(t, resigninCases[0], root)
		env.Processes = newFakeWPS(proc.Process{PID: 9, Name: "wps"}).processes
		p := planFor(t, health.FixResignin, env)
		if p.Refusal == nil || p.Refusal.Key != "fix.wps.close_first" {
			t.Fatalf("got %+v, want fix.wps.close_first", p)
		}
	})
	t.Run("WPS does not close: nothing moves", func(t *testing.T) {
		root := t.TempDir()
		c := resigninCases[2]
		writeTree(t, root, c.tree)
		before := snapshot(t, root)
		env, _ := resigninEnv(t, c, root)
		f := newFakeWPS(proc.Process{PID: 4242, Name: "wpscloudsvr"})
		f.stay = true
		env.Processes = f.processes
		e := fakeEngine(t, env, f)
		e.Local.CloseTimeout = 5 * time.Millisecond
		p, err := e.Plan(context.Background(), health.FixResignin)
		if err != nil || p.Refusal != nil {
			t.Fatalf("plan: %v %v", err, p.Refusal)
		}
		res, _ := e.Apply(context.Background(), p, nil)
		if res.Outcome != OutcomeRolledBack || !strings.Contains(res.Error, "still running") {
			t.Fatalf("got %s %q, want rolled back because WPS is still running", res.Outcome, res.Error)
		}
		if len(f.started) != 0 {
			t.Errorf("got started %q, want nothing started", f.started)
		}
		if d := diffSnapshots(before, snapshot(t, root)); d != "" {
			t.Fatalf("files moved although WPS stayed open:\n%s", d)
		}
	})
}

func TestResetSignInKeysKeepsEverythingElse(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"sign-in keys go", "[6.0]\na=1\ncommon\\LoginToken=x\nSessionId=y\n", "[6.0]\na=1\n"},
		{"policy and consent stay", "[6.0]\nenableForceLogin=true\ncommon\\UserInfo\\ACUPI=true\n", "[6.0]\nenableForceLogin=true\ncommon\\UserInfo\\ACUPI=true\n"},
		{"sections and comments stay", "[Login]\n;login=1\nlanguages=zh\n", "[Login]\n;login=1\nlanguages=zh\n"},
		{"no newline at the end", "a=1\r\naccount=2", "a=1\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(resetSignInKeys([]byte(tc.in))); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
