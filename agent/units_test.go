package agent

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kardianos/service"
	"howett.net/plist"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestServiceFiles(t *testing.T) {
	unit, err := SystemdUnit("/usr/bin/wpsdoctor")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "wpsdoctor-agent.service", unit)
	for _, want := range []string{"ExecStart=\"/usr/bin/wpsdoctor\" service run\n", "Restart=on-failure\n", "WantedBy=multi-user.target\n", "RuntimeDirectory=wpsdoctor\n"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %q", want)
		}
	}

	pl, err := LaunchdPlist("/Applications/WPS Sync Doctor.app/Contents/MacOS/wpsdoctor")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, LaunchdLabel+".plist", pl)
	var job struct {
		Label            string
		ProgramArguments []string
		RunAtLoad        bool
		KeepAlive        map[string]bool
	}
	if _, err := plist.Unmarshal([]byte(pl), &job); err != nil {
		t.Fatalf("the plist does not parse: %v", err)
	}
	wantArgs := []string{"/Applications/WPS Sync Doctor.app/Contents/MacOS/wpsdoctor", "service", "run"}
	if job.Label != LaunchdLabel || !slices.Equal(job.ProgramArguments, wantArgs) || !job.RunAtLoad || job.KeepAlive["SuccessfulExit"] {
		t.Fatalf("the plist says %+v; want label %s, args %q, RunAtLoad, KeepAlive on failure", job, LaunchdLabel, wantArgs)
	}

	win, err := WindowsConfig(`C:\Program Files\WPS Sync Doctor\wpsdoctor.exe`)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "windows-service.json", win)

	for _, text := range []string{unit, pl} {
		if strings.Contains(text, "{{") {
			t.Error("a rendered file holds a template action: kardianos would not write it as it is")
		}
	}
}

func TestServiceFilesRefuseBadPaths(t *testing.T) {
	for _, exe := range []string{"", "/usr/bin/a\"b", "/usr/bin/$HOME", "/usr/bin/{{Name}}", "/usr/bin/a\nb", `/usr/bin/a\b`} {
		if _, err := SystemdUnit(exe); err == nil {
			t.Errorf("SystemdUnit(%q): got no error", exe)
		}
		if _, err := LaunchdPlist(exe); err == nil {
			t.Errorf("LaunchdPlist(%q): got no error", exe)
		}
	}
	if _, err := WindowsConfig(`C:\a\b.exe`); err != nil {
		t.Errorf("a Windows path: %v", err)
	}
}

func TestConfigPerOS(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		exe := "/usr/bin/wpsdoctor"
		if goos == "windows" {
			exe = `C:\wpsdoctor.exe`
		}
		c, err := Config(goos, exe)
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != NameFor(goos) || !slices.Equal(c.Arguments, RunArgs) || c.Executable != exe {
			t.Errorf("%s: got %+v", goos, c)
		}
		switch goos {
		case "linux":
			if s, _ := c.Option["SystemdScript"].(string); !strings.Contains(s, "ExecStart=") {
				t.Errorf("linux: no SystemdScript")
			}
		case "darwin":
			if s, _ := c.Option["LaunchdConfig"].(string); !strings.Contains(s, LaunchdLabel) {
				t.Errorf("darwin: no LaunchdConfig")
			}
		case "windows":
			if c.Option["OnFailure"] != "restart" {
				t.Errorf("windows: OnFailure = %v, want restart", c.Option["OnFailure"])
			}
		}
	}
}

// fakeControl records the calls made to a service manager.
type fakeControl struct {
	mu        sync.Mutex
	calls     []string
	status    service.Status
	statusErr error
	stopHangs bool
}

func (f *fakeControl) call(c string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

// called is a copy of the calls so far.
func (f *fakeControl) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeControl) Install() error   { f.call("install"); return nil }
func (f *fakeControl) Uninstall() error { f.call("uninstall"); return nil }
func (f *fakeControl) Start() error     { f.call("start"); return nil }
func (f *fakeControl) Stop() error {
	f.call("stop")
	if f.stopHangs {
		time.Sleep(time.Hour)
	}
	return nil
}
func (f *fakeControl) Status() (service.Status, error) {
	f.call("status")
	return f.status, f.statusErr
}

func TestControl(t *testing.T) {
	f := &fakeControl{statusErr: service.ErrNotInstalled}
	if err := Install(f); err != nil || !slices.Equal(f.called(), []string{"status", "install", "start"}) {
		t.Fatalf("install: %v, calls %v; want status, install, start", err, f.called())
	}
	f = &fakeControl{status: service.StatusRunning}
	if err := Install(f); !errors.Is(err, ErrAlreadyInstalled) || slices.Contains(f.called(), "install") {
		t.Fatalf("install over an installed one: %v, calls %v", err, f.called())
	}
	f = &fakeControl{status: service.StatusRunning}
	if err := Uninstall(f); err != nil || !slices.Equal(f.called(), []string{"status", "stop", "uninstall"}) {
		t.Fatalf("uninstall: %v, calls %v; want status, stop, uninstall", err, f.called())
	}
	f = &fakeControl{statusErr: service.ErrNotInstalled}
	if err := Uninstall(f); !errors.Is(err, service.ErrNotInstalled) || slices.Contains(f.called(), "uninstall") {
		t.Fatalf("uninstall of nothing: %v, calls %v", err, f.called())
	}
	old := StopTimeout
	StopTimeout = 50 * time.Millisecond
	defer func() { StopTimeout = old }()
	f = &fakeControl{status: service.StatusRunning, stopHangs: true}
	if err := Uninstall(f); err == nil || slices.Contains(f.called(), "uninstall") {
		t.Fatalf("uninstall when stop hangs: %v, calls %v; want an error and no removal", err, f.called())
	}
}

func TestStatusInWords(t *testing.T) {
	none := filepath.Join(t.TempDir(), "none.sock")
	for _, tc := range []struct {
		name   string
		f      *fakeControl
		want   State
		errors bool
	}{
		{"not installed", &fakeControl{statusErr: service.ErrNotInstalled}, StateNotInstalled, false},
		{"stopped", &fakeControl{status: service.StatusStopped}, StateStopped, false},
		{"running", &fakeControl{status: service.StatusRunning}, StateRunning, false},
		{"access denied", &fakeControl{statusErr: errors.New("Access is denied.")}, StateNoRights, false},
		{"polkit", &fakeControl{statusErr: errors.New("Interactive authentication required.")}, StateNoRights, false},
		{"other", &fakeControl{statusErr: errors.New("exit status 1")}, StateUnknown, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := StatusOf(context.Background(), tc.f, none)
			if got != tc.want || (err != nil) != tc.errors {
				t.Fatalf("got %s, %v; want %s (error %v)", got, err, tc.want, tc.errors)
			}
		})
	}
}
