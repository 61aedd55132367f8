package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"wpsdoctor/health"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code = run(args, strings.NewReader(""), &out, &errb, getenv)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "version", "--json")
	var v map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v["name"] != "wpsdoctor" || v["os"] != runtime.GOOS {
		t.Fatalf("version --json: code %d, %q", code, out)
	}
}

func TestUsageErrorsExit3(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--no-such-flag"},
		{"check", "--lang", "fr"},
		{"check", "--only", "no.such.check"},
		{"frobnicate"},
	} {
		code, _, errOut := runCLI(t, nil, args...)
		if code != exitToolFailure || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 3 and a message", args, code, errOut)
		}
	}
}

func TestMalformedConfigExit3NamesLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(p, []byte("[thresholds]\nlatency_ms = 100\nclock_warn_seconds = [\n"), 0o644)
	code, out, errOut := runCLI(t, nil, "check", "--config", p, "--only", "os.supported")
	if code != exitToolFailure {
		t.Fatalf("exit %d, want 3; stdout %q", code, out)
	}
	if !strings.Contains(errOut, "bad.toml:") || !strings.Contains(errOut, ":3:") && !strings.Contains(errOut, ":4:") {
		t.Errorf("stderr does not name file and line: %q", errOut)
	}
}

func TestCheckJSONAndLanguages(t *testing.T) {
	code, out, _ := runCLI(t, map[string]string{"LANG": "zh_CN.UTF-8"}, "check", "--json", "--only", "storage.disk")
	var rep health.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON (exit %d): %v\n%s", code, err, out)
	}
	if rep.SchemaVersion != health.SchemaVersion || rep.Lang != "zh-CN" || len(rep.Findings) != 1 {
		t.Fatalf("report: %+v", rep)
	}
	f := rep.Findings[0]
	if f.Check != "storage.disk" || f.Text == "" || f.Text == f.Message.Key {
		t.Errorf("finding not rendered: %+v", f)
	}
	if code != exitCode(rep.Overall) {
		t.Errorf("exit %d does not match overall %s", code, rep.Overall)
	}
	// Same run in English, human output.
	_, text, _ := runCLI(t, nil, "check", "--lang", "en", "--only", "storage.disk")
	if !strings.Contains(text, "Storage") || !strings.Contains(text, "storage.disk") || strings.Contains(text, "\033[") {
		t.Errorf("human output (no TTY, so no colour):\n%s", text)
	}
}

// TestMissingHome runs the real binary with HOME unset: a clear message,
// a finished diagnosis, and an exit code that is not "tool failure".
func TestMissingHome(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("HOME is not how Windows finds the profile")
	}
	bin := filepath.Join(t.TempDir(), "wpsdoctor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "check", "--lang", "en", "--only", "wps.installed,storage.disk")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code == 0 || code == exitToolFailure {
		t.Errorf("exit %d; want 1 or 2 (a diagnosis, not a crash)\n%s\n%s", code, out.String(), errb.String())
	}
	if !strings.Contains(errb.String(), "HOME is not set") {
		t.Errorf("no clear message about HOME on stderr: %q", errb.String())
	}
	if !strings.Contains(out.String(), "wps.installed") || strings.Contains(errb.String(), "panic") {
		t.Errorf("diagnosis missing or panicked:\n%s\n%s", out.String(), errb.String())
	}
}
