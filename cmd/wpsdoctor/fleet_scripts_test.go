package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wpsdoctor/health"
)

// The organisation scripts of docs/fleet call this program: their
// subcommands, flags and exit codes must be the real ones.

const fleetDir = "../../docs/fleet"

// invocation is one call of wpsdoctor in a script.
type invocation struct {
	sub   string
	flags []string
}

var flagRe = regexp.MustCompile(`(?:^|\s)(--?[a-z][a-z-]*)`)

// invocations finds the calls of wpsdoctor in a script: call matches the
// program (e.g. `& $exe`) followed by the subcommand and its arguments.
func invocations(t *testing.T, file string, call *regexp.Regexp) []invocation {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fleetDir, file))
	if err != nil {
		t.Fatal(err)
	}
	var out []invocation
	for _, m := range call.FindAllStringSubmatch(string(data), -1) {
		inv := invocation{sub: m[1]}
		for _, f := range flagRe.FindAllStringSubmatch(m[2], -1) {
			inv.flags = append(inv.flags, f[1])
		}
		out = append(out, inv)
	}
	return out
}

func TestFleetScriptsUseRealCommands(t *testing.T) {
	ps := regexp.MustCompile(`&[ \t]+\$exe[ \t]+([a-z]+)([^|\n]*)`)
	sh := regexp.MustCompile(`"\$1"[ \t]+([a-z]+)([^\n]*)`)
	root := (&app{getenv: func(string) string { return "" }}).rootCmd()
	for _, tt := range []struct {
		file string
		call *regexp.Regexp
		want []string // "sub flags…" of every call, in order
	}{
		{"intune/detect.ps1", ps, []string{"check --json"}},
		{"intune/remediate.ps1", ps, []string{"check --json", "fix --yes"}},
		{"jamf/ea-health.sh", sh, []string{"check --json", "check --json"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var got []string
			for _, inv := range invocations(t, tt.file, tt.call) {
				got = append(got, strings.TrimSpace(inv.sub+" "+strings.Join(inv.flags, " ")))
				cmd, _, err := root.Find([]string{inv.sub})
				if err != nil || cmd == root {
					t.Errorf("%s: got no subcommand %q in the CLI (%v)", tt.file, inv.sub, err)
					continue
				}
				for _, f := range inv.flags {
					if cmd.Flag(strings.TrimLeft(f, "-")) == nil {
						t.Errorf("%s: `%s` has no flag %s", tt.file, inv.sub, f)
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got calls %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFleetScriptsExitCodes: the exit codes the scripts name are the
// CLI's.
func TestFleetScriptsExitCodes(t *testing.T) {
	for _, tt := range []struct {
		file string
		want map[string]int
	}{
		{"intune/detect.ps1", map[string]int{"$ExitHealthy": exitHealthy, "$ExitWarnings": exitWarnings,
			"$ExitFailures": exitFailures, "$ExitToolFailure": exitToolFailure}},
		{"intune/remediate.ps1", map[string]int{"$ExitFixDone": 0, "$ExitFixPartial": exitFixPartial,
			"$ExitFixNotApplied": exitFixNotApplied, "$ExitToolFailure": exitToolFailure}},
		{"jamf/ea-health.sh", map[string]int{"EXIT_HEALTHY": exitHealthy, "EXIT_WARNINGS": exitWarnings,
			"EXIT_FAILURES": exitFailures, "EXIT_TOOL_FAILURE": exitToolFailure}},
	} {
		data, err := os.ReadFile(filepath.Join(fleetDir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range tt.want {
			re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s*=\s*(\d+)\s*$`)
			m := re.FindSubmatch(data)
			if m == nil {
				t.Errorf("%s: got no assignment of %s, want %d", tt.file, name, want)
				continue
			}
			if got, _ := strconv.Atoi(string(m[1])); got != want {
				t.Errorf("%s: got %s = %d, want %d (the CLI's)", tt.file, name, got, want)
			}
		}
	}
}

// fakeReport is a report as `check --json` prints it, with a hostile text
// that must never be executed or echoed by the Jamf script.
const fakeReport = `{"schema_version":1,"overall":"fail","findings":[
 {"check":"net.dns","status":"fail","code":"WSD-DNS-003","text":"$(touch PWNED) \"; touch PWNED; '"},
 {"check":"local.clock","status":"warn","code":"WSD-CLK-001"}]}`

// TestJamfExtensionAttribute runs jamf/ea-health.sh with a fake wpsdoctor
// (and a fake osascript) on the PATH.
func TestJamfExtensionAttribute(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a POSIX shell script")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	script, _ := filepath.Abs(filepath.Join(fleetDir, "jamf/ea-health.sh"))
	for _, tt := range []struct {
		name      string
		exit      int
		installed bool
		osascript bool
		want      string
	}{
		{"healthy", 0, true, false, "Healthy"},
		{"warnings without osascript", 1, true, false, "Warnings"},
		{"warnings with codes", 1, true, true, "Warnings: WSD-CLK-001"},
		{"problems with codes", 2, true, true, "Problems: WSD-DNS-003"},
		{"problems without osascript", 2, true, false, "Problems"},
		{"tool failure", 3, true, true, "Tool failure"},
		{"unexpected exit", 7, true, false, "Tool failure (exit 7)"},
		{"not installed", 0, false, false, "Not installed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := fakeTools(t, dir, tt.installed, tt.osascript)
			env = append(env, "FAKE_EXIT="+strconv.Itoa(tt.exit))
			cmd := exec.Command(sh, script)
			cmd.Dir, cmd.Env = dir, env
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			if err := cmd.Run(); err != nil {
				t.Fatalf("the script failed: %v (an extension attribute always exits 0)", err)
			}
			if got, want := stdout.String(), "<result>"+tt.want+"</result>\n"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if _, err := os.Stat(filepath.Join(dir, "PWNED")); err == nil {
				t.Error("got the report's text executed, want data never run")
			}
			if args, err := os.ReadFile(filepath.Join(dir, "args")); tt.installed && (err != nil || string(args) != "check\n--json\n") {
				t.Errorf("got wpsdoctor called with %q, want check --json", args)
			}
		})
	}
}

// fakeTools writes a fake wpsdoctor (and osascript) into dir/bin and
// returns the environment that finds them. The fake osascript answers for
// the report only when it is passed as one argument, unchanged.
func fakeTools(t *testing.T, dir string, wpsdoctor, osascript bool) []string {
	t.Helper()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	report := filepath.Join(dir, "report.json")
	if err := os.WriteFile(report, []byte(fakeReport), 0o644); err != nil {
		t.Fatal(err)
	}
	if wpsdoctor {
		write("wpsdoctor", `printf '%s\n' "$@" > args; cat "$FAKE_REPORT"; exit "$FAKE_EXIT"`+"\n")
	}
	env := []string{"PATH=" + bin + ":/usr/bin:/bin", "FAKE_REPORT=" + report, "HOME=" + dir}
	if osascript {
		write("osascript", `[ "$1 $2 $3" = "-l JavaScript -e" ] || exit 9
[ "$5" = "$(cat "$FAKE_REPORT")" ] || exit 9
case $6 in fail) echo WSD-DNS-003 ;; warn,error) echo WSD-CLK-001 ;; *) exit 9 ;; esac
`)
		env = append(env, "WSD_OSASCRIPT="+filepath.Join(bin, "osascript"))
	}
	return env
}

// TestRemediationAllowsRealFixes: every fix the Intune remediation may
// apply is a fix of the catalogue.
func TestRemediationAllowsRealFixes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fleetDir, "intune/remediate.ps1"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\$Allowed = @\(([^)]*)\)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("got no $Allowed = @(...) line, want the allowed fixes listed")
	}
	ids := regexp.MustCompile(`'([^']*)'`).FindAllSubmatch(m[1], -1)
	if len(ids) == 0 {
		t.Fatal("got an empty $Allowed, want the default fixes")
	}
	for _, id := range ids {
		if !slices.Contains(health.FixIDs, string(id[1])) {
			t.Errorf("$Allowed: got %q, want a fix ID of the catalogue %v", id[1], health.FixIDs)
		}
	}
}
