//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"wpsdoctor/health"
)

// userInstall lays out a per-user flatpak WPS 365 install with a configured
// sync folder under home: a real layout discovery knows, so the whole
// pipeline (discovery -> checks -> CLI) runs without touching the system.
func userInstall(t *testing.T, home string) (syncRoot string) {
	t.Helper()
	office6 := filepath.Join(home, ".local/share/flatpak/app/cn.wps.wps_365/current/active/files/extra/opt/kingsoft/wps-office/office6")
	must(t, os.MkdirAll(office6, 0o755))
	for _, exe := range []string{"wps", "wpscloudsvr"} {
		must(t, os.WriteFile(filepath.Join(office6, exe), []byte("#!/bin/sh\n"), 0o755))
	}
	syncRoot = filepath.Join(home, "WPS云盘")
	must(t, os.MkdirAll(syncRoot, 0o755))
	must(t, os.WriteFile(filepath.Join(syncRoot, "周报.docx"), []byte("x"), 0o644))
	cfg := filepath.Join(home, ".config/Kingsoft")
	must(t, os.MkdirAll(cfg, 0o755))
	must(t, os.WriteFile(filepath.Join(cfg, "WPSCloud.conf"), []byte("[General]\nlocalsyncfolder="+syncRoot+"\n"), 0o644))
	return syncRoot
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func buildCLI(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "wpsdoctor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestUnreadableSyncFolderExitCode: the whole CLI, as an unprivileged user
// whose sync folder is not readable: exit 2, and a message naming it.
func TestUnreadableSyncFolderExitCode(t *testing.T) {
	base, err := os.MkdirTemp("", "wsd-cli-")
	must(t, err)
	defer os.RemoveAll(base)
	must(t, os.Chmod(base, 0o755))
	home := filepath.Join(base, "home")
	syncRoot := userInstall(t, home)
	bin := buildCLI(t, base)

	cmd := exec.Command(bin, "check", "--json", "--lang", "en", "--only", "wps.installed,files.sync")
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	if os.Geteuid() == 0 {
		// root reads everything: become nobody, who owns the home.
		must(t, filepath.Walk(home, func(p string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return os.Lchown(p, 65534, 65534)
		}))
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	must(t, os.Chmod(syncRoot, 0))
	defer os.Chmod(syncRoot, 0o755)

	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitFailures {
		t.Fatalf("exit = %v, want %d\nstdout: %s\nstderr: %s", err, exitFailures, out.String(), errb.String())
	}
	var rep health.Report
	must(t, json.Unmarshal(out.Bytes(), &rep))
	var files *health.Finding
	for i := range rep.Findings {
		if rep.Findings[i].Check == "files.sync" {
			files = &rep.Findings[i]
		}
	}
	// The report is redacted for sharing: the sync folder is "<sync>".
	if files == nil || files.Status != health.StatusFail || !strings.Contains(files.Text, "<sync>") || strings.Contains(files.Text, syncRoot) ||
		!strings.Contains(files.Text, "permission denied") {
		t.Fatalf("files.sync = %+v", files)
	}
	if rep.Findings[0].Check != "wps.installed" || rep.Findings[0].Status != health.StatusOK {
		t.Errorf("fixture install not found: %+v", rep.Findings[0])
	}
}
