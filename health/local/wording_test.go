package local

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/health/wording"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
	"wpsdoctor/platform/wps"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// representative builds the local findings issue 17 read in both
// languages, each from the check itself on a fixture.
func representative(t *testing.T) []health.Finding {
	t.Helper()
	var out []health.Finding

	// files.sync: a program, a file over the limit, a name Windows cannot
	// hold, a path too long and a conflict copy, in nested folders.
	root := t.TempDir()
	deep := filepath.Join(root, "项目", "2024", "安装包")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p string, n int) {
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(deep, "setup.exe"), 10)
	write(filepath.Join(root, "tool.msi"), 10)
	write(filepath.Join(root, "录像.mp4"), 4096)
	write(filepath.Join(root, "bad:name.docx"), 1)
	write(filepath.Join(root, "报告.docx."), 1)
	write(filepath.Join(root, "合同-副本.docx"), 1)
	env := envWith(t, wps.Install{Found: true, SyncRoot: root}, nil)
	env.Catalog.Thresholds.FileMaxBytes = 2048
	out = append(out, health.Flatten([]health.Finding{run(t, checkFiles, env)})...)

	// firewall.rules: ufw denies outgoing and nothing allows 443.
	defer func(old func(context.Context, []string) (firewall.State, error)) { firewallRead = old }(firewallRead)
	firewallRead = func(context.Context, []string) (firewall.State, error) {
		return firewall.State{Backend: firewall.BackendUFW, UFWActive: true, UFWOutgoing: "deny"}, nil
	}
	out = append(out, run(t, checkFirewall, envWith(t, wps.Install{OS: "linux", Found: true}, nil)))

	// wps.version: the international Linux build (.XA).
	out = append(out, run(t, checkVersion, envWith(t, wps.Install{Found: true, Version: "11.1.0.11723.XA",
		Edition: wps.EditionInternational, CloudDisabled: true}, nil)))

	// wps.process: the cloud component lost its execute bit.
	out = append(out, run(t, checkProcess, envWith(t, wps.Install{Found: true, CloudExe: "/opt/kingsoft/wps-office/office6/wpscloudsvr",
		Problems: []string{"wps.problem.cloud_not_executable"}}, nil)))

	// wps.syncdb: two failed transfers.
	db := filepath.Join(t.TempDir(), "syncassistant.db")
	sqlitecli.Exec(t, db, `CREATE TABLE sync_assistant_table (status INTEGER, type INTEGER, fileName TEXT,
		localPath TEXT, cloudPath TEXT, errorCode INTEGER, errorMsg TEXT);
INSERT INTO sync_assistant_table VALUES (5, 1, 'a.docx', '/x/a.docx', '/a.docx', -1003, 'upload failed');
INSERT INTO sync_assistant_table VALUES (5, 1, 'b.docx', '/x/b.docx', '/b.docx', 413, 'file too large');
`)
	out = append(out, run(t, checkSyncDB, envWith(t, wps.Install{Found: true, SyncDBs: []string{db}}, nil)))
	return out
}

// TestFindingsFollowTheRule: each representative finding suggests a fix
// or says what to do, with no internal token, in both languages.
func TestFindingsFollowTheRule(t *testing.T) {
	for _, f := range representative(t) {
		t.Run(f.Code, func(t *testing.T) {
			if f.Status.Rank() < 1 {
				t.Fatalf("%s is %s: the fixture no longer makes the problem", f.Code, f.Status)
			}
			for _, p := range wording.Problems(f) {
				t.Error(p)
			}
		})
	}
}

// TestFindingTextsGolden: the rendered texts, read by a person
// (testdata/findings.golden; go test -update rewrites it).
func TestFindingTextsGolden(t *testing.T) {
	got := renderGolden(representative(t))
	checkGolden(t, filepath.Join("testdata", "findings.golden"), got)
}

func renderGolden(fs []health.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fixes := strings.Join(f.Fixes, ", ")
		if fixes == "" {
			fixes = "-"
		}
		fmt.Fprintf(&b, "== %s %s (%s) fixes: %s\n", f.Code, f.Message.Key, f.Status, fixes)
		for _, lang := range []string{i18n.English, i18n.Chinese} {
			fmt.Fprintf(&b, "[%s] %s\n", lang, i18n.T(lang, f.Message.Key, f.Message.Args))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
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
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("rendered texts differ from %s (go test -update rewrites it after review)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestEditionEvidenceIsRaw: evidence keeps the raw value ("international"),
// the message the translation key that renders it.
func TestEditionEvidenceIsRaw(t *testing.T) {
	in := wps.Install{Found: true, Version: "12.2.0.23196", Edition: wps.EditionInternational}
	for _, c := range []struct {
		name  string
		check func(context.Context, *health.Env) health.Finding
	}{{"wps.installed", checkInstalled}, {"wps.version", checkVersion}} {
		f := run(t, c.check, envWith(t, in, nil))
		if got := f.Evidence["edition"]; got != "international" {
			t.Errorf("%s: evidence edition = %v, want \"international\"", c.name, got)
		}
		if got := i18n.T(i18n.Chinese, f.Message.Key, f.Message.Args); !strings.Contains(got, "国际版") {
			t.Errorf("%s: zh-CN text %q does not name the edition in Chinese", c.name, got)
		}
	}
}
