//go:build linux

package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"wpsdoctor/platform/sqlitefile/sqlitecli"
	"wpsdoctor/report"
)

// More planted personal data for the support bundle (issue 18).
const (
	plantEmail    = "zhang.wei@example.com"
	plantMobile   = "13812345678"
	plantMobile2  = "138-1234-5678"
	plantIntl     = "+44 20 7946 0958"
	plantHost     = "nas.corp.example.com"
	plantPrivIP   = "10.1.2.3"
	plantOrgPhone = "+86 10 5555 0100"
)

// seedBundle plants personal data in every kind of file the bundle
// collects: the report (through the sync database and the fake home of
// privateHome), the fix journal and the app's log. It returns the CLI's
// environment.
func seedBundle(t *testing.T) (home string, env map[string]string) {
	t.Helper()
	home, syncRoot := privateHome(t)
	db := filepath.Join(home, ".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache", "."+plantAccount, "syncassistant.db")
	sqlitecli.Exec(t, db, `INSERT INTO sync_assistant_table VALUES (5, 1, 'a.docx', 10, 0, 1, '`+filepath.Join(syncRoot, "a.docx")+`',
	'/a.docx', -1004, 'share to `+plantEmail+` / `+plantMobile+` / `+plantIntl+` failed', 'sync');`)
	state := filepath.Join(t.TempDir(), "state")
	must(t, os.MkdirAll(state, 0o700))
	secrets := "moved " + filepath.Join(home, "Documents", plantDoc+".docx") + " of " + plantUser + " (" + plantEmail + ", " + plantMobile2 + ", " +
		plantIntl + ") account " + plantAccount + " via socks5://" + plantProxyUsr + ":" + plantProxyPW + "@" + plantPrivIP + ":1080 host " + plantHost +
		" token " + plantToken
	journal := `{"entry":"20261201T000000Z-wps.cache.clear","time":"2026-12-01T00:00:00Z","event":"plan","fix":"wps.cache.clear","plan":{"fix":"wps.cache.clear","title":{"key":"fix.wps.cache.clear.title"},"steps":[{"description":{"key":"fix.cache.step.move","args":{"path":"` +
		filepath.Join(home, ".cache/Kingsoft") + `"}},"actions":[{"kind":"quarantine","path":"` + filepath.Join(home, ".cache/Kingsoft") + `"}]}]}}
{"entry":"20261201T000000Z-wps.cache.clear","time":"2026-12-01T00:00:01Z","event":"step_failed","step":0,"error":"` + secrets + `"}
{"entry":"20261201T000000Z-wps.cache.clear","time":"2026-12-01T00:00:02Z","event":"rolled_back","error":"` + secrets + ` sid=` + plantToken + `"}
`
	must(t, os.WriteFile(filepath.Join(state, "journal.jsonl"), []byte(journal), 0o600))
	must(t, os.WriteFile(filepath.Join(state, "wpsdoctor.log"), []byte("2026-12-01 info "+secrets+"\n2026-12-01 debug GET /api?sid="+plantToken+"\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(state, "wpsdoctor.log.1"), []byte("older: "+secrets+"\n"), 0o600))
	policyAt(t, filepath.Join(t.TempDir(), "no-policy.toml"))
	return home, map[string]string{"HOME": home, "WSD_STATE_DIR": state, "LANG": "zh_CN.UTF-8"}
}

// policyAt points the CLI's policy file at p for this test.
func policyAt(t *testing.T, p string) {
	old := policyPath
	policyPath = func(func(string) string) string { return p }
	t.Cleanup(func() { policyPath = old })
}

func unzipAll(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		must(t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

// personal are the planted personal values (not credentials) with the
// forms they may take.
func personal(home string) map[string][]string {
	return map[string][]string{
		"user name":      {plantUser},
		"home path":      {home},
		"document names": {plantDoc, plantRefused, "周报"},
		"account ID":     {plantAccount},
		"e-mail":         {plantEmail},
		"mainland phone": {plantMobile, plantMobile2},
		"intl phone":     {plantIntl},
	}
}

// credentials are never shown, whatever the redaction.
var credentials = []string{plantToken, plantToken[:12], plantProxyPW, plantProxyUsr + ":"}

// TestBundleRedactsPlantedData: none of the planted personal data survives
// --redact default or strict in any file of the bundle; strict also hides
// host names and private addresses; off keeps the personal data; no mode
// shows a credential.
func TestBundleRedactsPlantedData(t *testing.T) {
	home, env := seedBundle(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		mode    string
		args    []string
		hideNet bool
	}{
		{"default", nil, false},
		{"strict", nil, true},
		{"off", []string{"--confirm-unredacted"}, false},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			out := filepath.Join(dir, tc.mode+".zip")
			args := append([]string{"report", "-o", out, "--yes", "--redact", tc.mode}, tc.args...)
			code, stdout, stderr := runCLI(t, env, args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			files := unzipAll(t, out)
			for _, want := range []string{report.ReadmeName, report.SummaryName, report.ReportName, report.SystemName,
				report.HistoryName, report.JournalName, report.LogDir + "wpsdoctor.log", report.LogDir + "wpsdoctor.log.1"} {
				if _, ok := files[want]; !ok {
					t.Errorf("the bundle lacks %s: %v", want, slices.Sorted(func(yield func(string) bool) {
						for k := range files {
							if !yield(k) {
								return
							}
						}
					}))
				}
			}
			// The fixture must really carry the data into each kind of file.
			for name, marker := range map[string]string{report.ReportName: "failed", report.JournalName: "socks5://", report.LogDir + "wpsdoctor.log": "socks5://"} {
				if !strings.Contains(files[name], marker) {
					t.Errorf("%s does not carry the planted line:\n%s", name, files[name])
				}
			}
			for name, content := range files {
				for _, c := range credentials {
					if strings.Contains(content, c) {
						t.Errorf("%s shows the credential %q", name, c)
					}
				}
				if tc.mode == "off" {
					continue
				}
				for what, forms := range personal(home) {
					for _, f := range forms {
						if strings.Contains(content, f) {
							t.Errorf("%s shows the %s %q", name, what, f)
						}
					}
				}
				for _, n := range []string{plantHost, plantPrivIP} {
					if got := strings.Contains(content, n); got && tc.hideNet {
						t.Errorf("%s shows %q under strict", name, n)
					}
				}
			}
			all := strings.Join(slices.Collect(func(yield func(string) bool) {
				for _, c := range files {
					if !yield(c) {
						return
					}
				}
			}), "\n")
			switch tc.mode {
			case "off":
				for what, forms := range personal(home) {
					if !strings.Contains(all, forms[0]) {
						t.Errorf("--redact off hides the %s %q", what, forms[0])
					}
				}
			default:
				for _, marker := range []string{"<email>", "<phone>", "***004", "<name:4>.docx", "<user>"} {
					if !strings.Contains(all, marker) {
						t.Errorf("no %s in the bundle: the planted value was not replaced where expected", marker)
					}
				}
				if !tc.hideNet && !strings.Contains(files[report.LogDir+"wpsdoctor.log"], plantPrivIP) {
					t.Errorf("default redaction hides the private address too:\n%s", files[report.LogDir+"wpsdoctor.log"])
				}
			}
			// The README lists exactly the files of the zip, and the code
			// printed is the one written.
			listed := readmeList(files[report.ReadmeName])
			var names []string
			for n := range files {
				names = append(names, n)
			}
			slices.Sort(names)
			slices.Sort(listed)
			if !slices.Equal(names, listed) {
				t.Errorf("README lists %v, zip holds %v", listed, names)
			}
			if !strings.Contains(stdout, files[report.ReadmeName][:60]) {
				t.Errorf("the README was not printed before saving:\n%s", stdout)
			}
		})
	}
}

func readmeList(readme string) []string {
	var out []string
	for _, l := range strings.Split(readme, "\n") {
		if rest, ok := strings.CutPrefix(l, "  * "); ok {
			name, _, _ := strings.Cut(rest, " — ")
			out = append(out, name)
		}
	}
	return out
}

// TestBundleConsent: nothing is written without consent, --redact off
// with --yes needs its own confirmation, and a file is never overwritten.
func TestBundleConsent(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	must(t, os.MkdirAll(home, 0o755))
	t.Setenv("HOME", home)
	policyAt(t, filepath.Join(t.TempDir(), "none.toml"))
	env := map[string]string{"HOME": home, "WSD_STATE_DIR": filepath.Join(home, "state")}
	dir := t.TempDir()
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantFile bool
	}{
		{"no terminal, no --yes", []string{"report", "-o", "a.zip"}, exitReportNotSaved, false},
		{"off with --yes only", []string{"report", "-o", "b.zip", "--yes", "--redact", "off"}, 3, false},
		{"unknown mode", []string{"report", "-o", "c.zip", "--yes", "--redact", "some"}, 3, false},
		{"json without --yes", []string{"report", "-o", "d.zip", "--json"}, exitReportNotSaved, false},
		{"--yes", []string{"report", "-o", "e.zip", "--yes"}, 0, true},
		{"never overwrites", []string{"report", "-o", "e.zip", "--yes"}, 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := slices.Clone(tc.args)
			args[2] = filepath.Join(dir, args[2])
			before, _ := os.ReadFile(args[2])
			code, stdout, stderr := runCLI(t, env, args...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d\n%s\n%s", code, tc.wantCode, stdout, stderr)
			}
			_, err := os.Stat(args[2])
			if got := err == nil; got != tc.wantFile {
				t.Errorf("file written: %v, want %v", got, tc.wantFile)
			}
			if before != nil {
				if after, _ := os.ReadFile(args[2]); !bytes.Equal(before, after) {
					t.Error("an existing file was overwritten")
				}
			}
			if tc.wantCode == exitReportNotSaved && !strings.Contains(stdout+stderr, report.ReadmeName) {
				t.Errorf("no preview of the README:\n%s\n%s", stdout, stderr)
			}
		})
	}
	if fi, err := os.Stat(filepath.Join(dir, "e.zip")); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("bundle mode %v, want 0600 (it may hold personal data)", fi.Mode().Perm())
	}
}

// TestBundlePolicyContact: the organisation's policy names the support
// contact (shown as written, not redacted); a broken policy is said in the
// README and WPS's own page is named instead.
func TestBundlePolicyContact(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	must(t, os.MkdirAll(home, 0o755))
	t.Setenv("HOME", home)
	env := map[string]string{"HOME": home, "WSD_STATE_DIR": filepath.Join(home, "state"), "LANG": "en_US.UTF-8"}
	pdir := t.TempDir()
	good := filepath.Join(pdir, "good.toml")
	must(t, os.WriteFile(good, []byte("[support]\nname = \"IT 服务台\"\ncontact = \""+plantOrgPhone+", it@example.com\"\nurl = \"https://it.example.com/wps\"\n"), 0o644))
	bad := filepath.Join(pdir, "bad.toml")
	must(t, os.WriteFile(bad, []byte("[support]\nphone = 1\n"), 0o644))
	for _, tc := range []struct {
		name, policy string
		want         []string
	}{
		{"policy", good, []string{"IT 服务台 · " + plantOrgPhone + ", it@example.com · https://it.example.com/wps"}},
		{"broken policy", bad, []string{"unknown keys support.phone", "https://helpdesk.wps.cn/", "https://help.wps.com/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			policyAt(t, tc.policy)
			out := filepath.Join(t.TempDir(), "b.zip")
			code, stdout, stderr := runCLI(t, env, "report", "-o", out, "--yes")
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			files := unzipAll(t, out)
			for _, w := range tc.want {
				if !strings.Contains(files[report.ReadmeName], w) {
					t.Errorf("README lacks %q:\n%s", w, files[report.ReadmeName])
				}
			}
			if tc.policy == good && !strings.Contains(files[report.SummaryName], "https://it.example.com/wps") {
				t.Errorf("summary lacks the organisation's contact:\n%s", files[report.SummaryName])
			}
		})
	}
}

// TestBundleWithoutNetwork runs the real binary with no WPS installed, in
// a network namespace without interfaces (unshare -n, root only).
func TestBundleWithoutNetwork(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("unshare -n needs root")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare")
	}
	base := t.TempDir()
	bin := buildCLI(t, base)
	home := filepath.Join(base, "home")
	must(t, os.MkdirAll(home, 0o755))
	out := filepath.Join(base, "b.zip")
	cmd := exec.Command(unshare, "-n", bin, "report", "-o", out, "--yes", "--lang", "en")
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\nstdout: %s\nstderr: %s", err, so.String(), se.String())
	}
	files := unzipAll(t, out)
	if !strings.Contains(files[report.ReportName], `"check": "net.online"`) || !strings.Contains(files[report.SummaryName], "WSD-INS-002") {
		t.Errorf("the bundle lacks the offline diagnosis or the missing-WPS finding:\n%s", files[report.SummaryName])
	}
	if !strings.Contains(so.String(), "Support code: ") {
		t.Errorf("no support code printed:\n%s", so.String())
	}
}
