package fixes

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

// cloudExecInstall lays out root/office6/wpscloudsvr with mode and returns
// an Env over the real file system that discovers it there.
func cloudExecInstall(t *testing.T, mode fs.FileMode) (*Env, string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no execute bit on Windows")
	}
	root := filepath.Join(t.TempDir(), "wps-office")
	exe := filepath.Join(root, "office6", "wpscloudsvr")
	if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(exe, mode); err != nil {
		t.Fatal(err)
	}
	in := wps.Install{OS: runtime.GOOS, Found: true, Root: root, CloudExe: exe}
	return &Env{OS: runtime.GOOS, FS: wps.OSFS{}, Home: t.TempDir(), Install: func() (wps.Install, error) { return in, nil }}, exe
}

func modeOf(t *testing.T, p string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestCloudExecPlanApplyUndoRestoresModeExactly(t *testing.T) {
	for _, c := range []struct{ before, after fs.FileMode }{{0o644, 0o755}, {0o640, 0o750}, {0o600, 0o700}, {0o444, 0o555}} {
		t.Run(octal(c.before), func(t *testing.T) {
			env, exe := cloudExecInstall(t, c.before)
			e, _ := newTestEngine(t, env)
			p := planFor(t, health.FixCloudExec, env)
			if p.Refusal != nil || len(p.Steps) != 1 {
				t.Fatalf("got refusal %v steps %d, want one step", p.Refusal, len(p.Steps))
			}
			s := p.Steps[0]
			if s.Elevated {
				t.Errorf("got an elevated step for the user's own install, want unelevated")
			}
			if got := s.Actions[0]; got.Kind != KindSetMode || got.Path != exe || fs.FileMode(got.Mode) != c.after {
				t.Errorf("got action %+v, want set_mode %s %s", got, exe, octal(c.after))
			}
			if got := s.Undo[0]; got.Kind != KindSetMode || fs.FileMode(got.Mode) != c.before {
				t.Errorf("got undo %+v, want set_mode %s", got, octal(c.before))
			}
			res, err := e.Apply(context.Background(), p, nil)
			if err != nil || res.Outcome != OutcomeApplied && res.Outcome != OutcomeFixed {
				t.Fatalf("apply: %v %+v", err, res)
			}
			if got := modeOf(t, exe); got != c.after {
				t.Errorf("after apply got mode %s, want %s", octal(got), octal(c.after))
			}
			if _, err := e.Undo(context.Background(), res.EntryID, nil); err != nil {
				t.Fatalf("undo: %v", err)
			}
			if got := modeOf(t, exe); got != c.before {
				t.Errorf("after undo got mode %s, want %s", octal(got), octal(c.before))
			}
		})
	}
}

func TestCloudExecRefusals(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, env *Env, exe string)
		want  string
	}{
		{"windows", func(t *testing.T, env *Env, exe string) { env.OS = "windows" }, "fix.cloudexec.windows"},
		{"already executable", func(t *testing.T, env *Env, exe string) { os.Chmod(exe, 0o755) }, "fix.cloudexec.already"},
		{"group writable", func(t *testing.T, env *Env, exe string) { os.Chmod(exe, 0o664) }, "fix.cloudexec.writable"},
		{"no component", func(t *testing.T, env *Env, exe string) { setInstall(env, func(in *wps.Install) { in.CloudExe = "" }) }, "fix.cloud.missing"},
		{"outside the root", func(t *testing.T, env *Env, exe string) {
			other := filepath.Join(t.TempDir(), "wpscloudsvr")
			os.WriteFile(other, nil, 0o644)
			setInstall(env, func(in *wps.Install) { in.CloudExe = other })
		}, "fix.cloudexec.outside"},
		{"dot-dot out of the root", func(t *testing.T, env *Env, exe string) {
			setInstall(env, func(in *wps.Install) { in.CloudExe = in.Root + "/office6/../../x/wpscloudsvr" })
		}, "fix.cloudexec.outside"},
		{"symlink in its place", func(t *testing.T, env *Env, exe string) {
			target := filepath.Join(t.TempDir(), "victim")
			os.WriteFile(target, nil, 0o644)
			os.Remove(exe)
			if err := os.Symlink(target, exe); err != nil {
				t.Fatal(err)
			}
		}, "fix.cloudexec.link"},
		{"linked folder", func(t *testing.T, env *Env, exe string) {
			real := t.TempDir()
			os.WriteFile(filepath.Join(real, "wpscloudsvr"), nil, 0o644)
			dir := filepath.Dir(exe)
			os.RemoveAll(dir)
			if err := os.Symlink(real, dir); err != nil {
				t.Fatal(err)
			}
		}, "fix.cloudexec.link"},
		{"elevated outside the system places", func(t *testing.T, env *Env, exe string) {
			setInstall(env, func(in *wps.Install) { in.PerMachine = true })
		}, "fix.cloudexec.unknown_place"},
	} {
		t.Run(c.name, func(t *testing.T) {
			env, exe := cloudExecInstall(t, 0o644)
			c.setup(t, env, exe)
			p := planFor(t, health.FixCloudExec, env)
			if p.Refusal == nil || p.Refusal.Key != c.want || len(p.Steps) != 0 {
				t.Fatalf("got refusal %v steps %d, want refusal %s and no steps", p.Refusal, len(p.Steps), c.want)
			}
		})
	}
}

func setInstall(env *Env, edit func(in *wps.Install)) {
	in, _ := env.Install()
	edit(&in)
	env.Install = func() (wps.Install, error) { return in, nil }
}

// TestSetModeNeverFollowsALink: a link planted between plan and apply is
// refused by the executor, and its target keeps its mode.
func TestSetModeNeverFollowsALink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no execute bit on Windows")
	}
	dir := t.TempDir()
	target, link := filepath.Join(dir, "victim"), filepath.Join(dir, "wpscloudsvr")
	os.WriteFile(target, nil, 0o600)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	x := &Executor{OS: runtime.GOOS}
	if _, err := x.Do(context.Background(), "e", Action{Kind: KindSetMode, Path: link, Mode: 0o755}); err == nil {
		t.Fatalf("got no error for a link, want a refusal")
	}
	if got := modeOf(t, target); got != 0o600 {
		t.Errorf("link target got mode %s, want 0600", octal(got))
	}
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo); err == nil {
		if _, err := x.Do(context.Background(), "e", Action{Kind: KindSetMode, Path: fifo, Mode: 0o755}); err == nil {
			t.Errorf("got no error for a FIFO, want a refusal")
		}
	}
}

func TestValidSetMode(t *testing.T) {
	const deb = "/opt/kingsoft/wps-office/office6/wpscloudsvr"
	for _, c := range []struct {
		name string
		a    Action
		ok   bool
	}{
		{"deb 0755", Action{Kind: KindSetMode, Path: deb, Mode: 0o755}, true},
		{"deb undo 0644", Action{Kind: KindSetMode, Path: deb, Mode: 0o644}, true},
		{"arch", Action{Kind: KindSetMode, Path: "/usr/lib/office6/wpscloudsrv", Mode: 0o755}, true},
		{"uos", Action{Kind: KindSetMode, Path: "/opt/apps/cn.wps.wps-office-pro/files/kingsoft/wps-office/office6/wpscloudsvr", Mode: 0o755}, true},
		{"mac", Action{Kind: KindSetMode, Path: "/Applications/wpsoffice.app/Contents/MacOS/wpscloudsvr", Mode: 0o755}, true},
		{"world writable", Action{Kind: KindSetMode, Path: deb, Mode: 0o777}, false},
		{"group writable", Action{Kind: KindSetMode, Path: deb, Mode: 0o775}, false},
		{"setuid", Action{Kind: KindSetMode, Path: deb, Mode: 0o4755}, false},
		{"unreadable by owner", Action{Kind: KindSetMode, Path: deb, Mode: 0o111}, false},
		{"other program", Action{Kind: KindSetMode, Path: "/opt/kingsoft/wps-office/office6/wps", Mode: 0o755}, false},
		{"dot-dot", Action{Kind: KindSetMode, Path: "/opt/kingsoft/wps-office/office6/../../../../usr/bin/wpscloudsvr", Mode: 0o755}, false},
		{"outside", Action{Kind: KindSetMode, Path: "/tmp/office6/wpscloudsvr", Mode: 0o755}, false},
		{"relative", Action{Kind: KindSetMode, Path: "opt/kingsoft/wps-office/office6/wpscloudsvr", Mode: 0o755}, false},
		{"flatpak", Action{Kind: KindSetMode, Path: "/var/lib/flatpak/app/com.wps.Office/current/active/files/extra/wps-office/office6/wpscloudsvr", Mode: 0o755}, false},
		{"home", Action{Kind: KindSetMode, Path: "/home/u/wps-office/office6/wpscloudsvr", Mode: 0o755}, false},
		{"mac nested", Action{Kind: KindSetMode, Path: "/Applications/a/b.app/Contents/MacOS/wpscloudsvr", Mode: 0o755}, false},
		{"extra argv", Action{Kind: KindSetMode, Path: deb, Mode: 0o755, Argv: []string{"chmod"}}, false},
		{"extra data", Action{Kind: KindSetMode, Path: deb, Mode: 0o755, Data: []byte("x")}, false},
		{"exec chmod", Action{Kind: KindExec, Argv: []string{"chmod", "0755", deb}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := ValidatePrivileged(c.a)
			if (err == nil) != c.ok {
				t.Errorf("ValidatePrivileged(%s) got error %v, want ok=%v", c.a.Render("linux"), err, c.ok)
			}
		})
	}
}

func TestExecMode(t *testing.T) {
	for _, c := range []struct{ in, want fs.FileMode }{{0o644, 0o755}, {0o640, 0o750}, {0o604, 0o705}, {0o600, 0o700}, {0o400, 0o500}} {
		if got := ExecMode(c.in); got != c.want {
			t.Errorf("ExecMode(%s) got %s, want %s", octal(c.in), octal(got), octal(c.want))
		}
	}
}
