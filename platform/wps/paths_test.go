package wps

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
)

func TestWinPaths(t *testing.T) {
	if got := winJoin(`C:\Users\u`, `AppData\Local`, "x"); got != `C:\Users\u\AppData\Local\x` {
		t.Error(got)
	}
	if got := winJoin(`\\server\share`, "a"); got != `\\server\share\a` {
		t.Error(got)
	}
	if got := winDir(`D:\WPS Office\12.1.0.1\utility\uninst.exe`); got != `D:\WPS Office\12.1.0.1\utility` {
		t.Error(got)
	}
	if got := winDir(`D:\x`); got != `D:\` {
		t.Error(got)
	}
	if got := winBase(`D:\WPS Office\12.1.0.1\`); got != "12.1.0.1" {
		t.Error(got)
	}
	env := map[string]string{"UserProfile": `C:\Users\u`}
	if got := expandWinEnv(`%USERPROFILE%\WPSDrive %NOPE% 100%`, env); got != `C:\Users\u\WPSDrive %NOPE% 100%` {
		t.Error(got)
	}
	for in, want := range map[string]string{
		`"D:\WPS Office\12.1.0.23125\utility\uninst.exe" /S`:                        `D:\WPS Office\12.1.0.23125`,
		`C:\Program Files (x86)\Kingsoft\WPS Office\12.8.2.1\utility\uninst.exe /S`: `C:\Program Files (x86)\Kingsoft\WPS Office\12.8.2.1`,
		`C:\elsewhere\uninst.exe`:                                                   "",
		`"unterminated`:                                                             "",
		`no exe here`:                                                               "",
	} {
		if got := rootFromUninstall(in); got != want {
			t.Errorf("rootFromUninstall(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFixtureFS(t *testing.T) {
	f := FixtureFS{Root: filepath.Join("testdata", "windows", "mainland11")}
	// Case-insensitive on Windows paths, both separators.
	for _, p := range []string{`C:\USERS\U\appdata\local\kingsoft\wps office\ksolaunch.exe`, `c:/Users/u/AppData/Local/Kingsoft/WPS Office/ksolaunch.exe`} {
		if !isFile(f, p) {
			t.Errorf("%q not found", p)
		}
	}
	if _, err := f.Stat(`C:\Users\..\..\..\etc`); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("escape: %v", err)
	}
	if _, err := f.ReadFile("relative/path"); err == nil {
		t.Error("relative path accepted")
	}
	lin := FixtureFS{Root: filepath.Join("testdata", "linux", "cn-deb"), Modes: map[string]fs.FileMode{"/opt/kingsoft/wps-office/office6/wps": 0o700}}
	fi, err := lin.Stat("/opt/kingsoft/wps-office/office6/wps")
	if err != nil || fi.Mode().Perm() != 0o700 || !fi.Mode().IsRegular() {
		t.Errorf("mode override: %v %v", fi, err)
	}
	// ".." cannot climb out of the fixture root.
	entries, err := lin.ReadDir("/../../..")
	if err != nil || !listedIn(entries, "opt") {
		t.Errorf("dotdot: %v %v", entries, err)
	}
}

func listedIn(entries []fs.DirEntry, name string) bool {
	for _, e := range entries {
		if e.Name() == name {
			return true
		}
	}
	return false
}
