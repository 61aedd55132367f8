package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/fixes"
	"wpsdoctor/health"
)

// fixHome builds a WPS user tree with caches and a document, and points
// HOME and the state dir at temp dirs.
func fixHome(t *testing.T) (home string, env map[string]string) {
	t.Helper()
	home = t.TempDir()
	for rel, body := range map[string]string{
		".local/share/Kingsoft/office6/log/main.log":     "log",
		".kingsoft/wps/addons/pool/pkg.zip":              "zip",
		".local/share/Kingsoft/office6/data/backup/a.et": "backup",
		"Documents/plan.xlsx":                            "doc",
	} {
		p := filepath.Join(home, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	t.Setenv("HOME", home)
	state := filepath.Join(t.TempDir(), "state")
	return home, map[string]string{"WSD_STATE_DIR": state, "LANG": "en_US.UTF-8"}
}

func listTree(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err == nil {
			rel, _ := filepath.Rel(root, p)
			data, _ := os.ReadFile(p)
			b.WriteString(rel + " " + fi.Mode().String() + " " + string(data) + "\n")
		}
		return nil
	})
	return b.String()
}

func TestFixesList(t *testing.T) {
	code, out, _ := runCLI(t, nil, "fixes", "--json")
	var list []fixInfo
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != len(fixes.Catalogue()) {
		t.Fatalf("fixes --json: %d %q", code, out)
	}
	resignin := false
	for _, f := range list {
		if f.Title == "" || strings.HasPrefix(f.Title, "fix.") {
			t.Errorf("%s: untranslated title %q", f.ID, f.Title)
		}
		resignin = resignin || f.ID == health.FixResignin
	}
	if !resignin {
		t.Errorf("got fixes %+v, want %s listed (issue 16)", list, health.FixResignin)
	}
}

func TestFixWithoutConsentChangesNothing(t *testing.T) {
	home, env := fixHome(t)
	before := listTree(t, home)
	code, out, errOut := runCLI(t, env, "fix", "wps.cache.clear")
	if code != exitFixNotApplied || !strings.Contains(errOut, "--yes") {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	if !strings.Contains(out, "move to quarantine: "+filepath.Join(home, ".local/share/Kingsoft/office6/log")) {
		t.Errorf("the plan was not shown:\n%s", out)
	}
	if after := listTree(t, home); after != before {
		t.Fatalf("tree changed without consent:\n%s\n---\n%s", before, after)
	}
	if _, err := os.Stat(filepath.Join(env["WSD_STATE_DIR"], "journal.jsonl")); !os.IsNotExist(err) {
		t.Errorf("a journal was written without consent: %v", err)
	}
	// --dry-run shows the plan and changes nothing either.
	code, out, _ = runCLI(t, env, "fix", "wps.cache.clear", "--dry-run", "--json")
	var rep fixReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Applied || len(rep.Plans) != 1 || len(rep.Plans[0].Steps) == 0 {
		t.Fatalf("dry-run: %d %q", code, out)
	}
	if after := listTree(t, home); after != before {
		t.Fatal("dry-run changed the tree")
	}
}

func TestFixYesHistoryUndo(t *testing.T) {
	home, env := fixHome(t)
	before := listTree(t, home)
	code, out, errOut := runCLI(t, env, "fix", "wps.cache.clear", "--yes", "--json")
	var rep fixReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || !rep.Applied || len(rep.Results) != 1 {
		t.Fatalf("fix --yes: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(home, ".local/share/Kingsoft/office6/log/main.log")); !os.IsNotExist(err) {
		t.Fatal("cache not moved")
	}
	if _, err := os.Stat(filepath.Join(home, ".local/share/Kingsoft/office6/data/backup/a.et")); err != nil {
		t.Fatal("backup touched")
	}
	code, out, _ = runCLI(t, env, "history", "--json")
	var h []fixes.Entry
	if code != 0 || json.Unmarshal([]byte(out), &h) != nil || len(h) != 1 || h[0].ID != rep.Results[0].EntryID {
		t.Fatalf("history: %d %q", code, out)
	}
	code, out, errOut = runCLI(t, env, "undo", "--last")
	if code != 0 || !strings.Contains(out, "Undone") {
		t.Fatalf("undo: %d %q %q", code, out, errOut)
	}
	if after := listTree(t, home); after != before {
		t.Fatalf("tree differs after undo:\n%s\n---\n%s", before, after)
	}
	// Nothing left to undo.
	if code, _, _ = runCLI(t, env, "undo", rep.Results[0].EntryID); code != exitFixNotApplied {
		t.Errorf("second undo: exit %d", code)
	}
	if code, _, _ = runCLI(t, env, "undo"); code != exitToolFailure {
		t.Errorf("undo without an entry: exit %d", code)
	}
}

func TestPrintPlanShowsExactArgv(t *testing.T) {
	a := &app{lang: "en"}
	p := fixes.Plan{FixID: health.FixDNSSet, Title: health.Msg("fix.dns.set.title"), Steps: []fixes.Step{{
		Description: health.Msg("fix.dns.step.set_iface", "iface", "Wi-Fi", "family", 4, "servers", "223.5.5.5"),
		Actions:     []fixes.Action{{Kind: fixes.KindExec, Argv: []string{"networksetup", "-setdnsservers", "Wi-Fi 2", "223.5.5.5"}}},
		Undo:        []fixes.Action{{Kind: fixes.KindExec, Argv: []string{"networksetup", "-setdnsservers", "Wi-Fi 2", "Empty"}}},
		Elevated:    true,
	}}}
	var b bytes.Buffer
	a.printPlan(&b, p)
	for _, want := range []string{"$ networksetup -setdnsservers 'Wi-Fi 2' 223.5.5.5", "undo: networksetup -setdnsservers 'Wi-Fi 2' Empty", "needs administrator rights"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, b.String())
		}
	}
}

func TestPrivilegedRejectsUnknownVerb(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(dir, 0o700) // the helper works only in a private directory
	step, result := filepath.Join(dir, "s.json"), filepath.Join(dir, "r.json")
	os.WriteFile(step, []byte(`{"version":1,"entry":"e","steps":[[{"kind":"exec","argv":["sh","-c","id"]}]]}`), 0o600)
	code, _, _ := runCLI(t, nil, "privileged", "--step", step, "--result", result)
	var resp fixes.PrivilegedResponse
	b, _ := os.ReadFile(result)
	if code == 0 || json.Unmarshal(b, &resp) != nil || !strings.Contains(resp.Error, "not allowed") || len(resp.Steps) != 0 || resp.ExitStatus != 2 {
		t.Fatalf("exit %d result %s", code, b)
	}
}

func TestAsRootCommand(t *testing.T) {
	for _, tt := range []struct {
		argv []string
		want string
	}{
		{[]string{"/usr/bin/wpsdoctor", "fix", "dns.set"}, "sudo /usr/bin/wpsdoctor fix dns.set"},
		{[]string{"/opt/WPS Doctor/wpsdoctor", "fix", "dns.set", "--config", "it's.toml"}, `sudo '/opt/WPS Doctor/wpsdoctor' fix dns.set --config 'it'\''s.toml'`},
		{[]string{"wpsdoctor", "fix", "$(rm -rf ~)"}, `sudo wpsdoctor fix '$(rm -rf ~)'`},
		{[]string{"wpsdoctor", ""}, `sudo wpsdoctor ''`},
	} {
		if got := asRootCommand(tt.argv); got != tt.want {
			t.Errorf("asRootCommand(%q): got %s, want %s", tt.argv, got, tt.want)
		}
	}
}

// A dry run whose every plan is refused exits 2 ("not applied"), as the
// real run would; one with a runnable plan exits 0.
func TestFixDryRunRefusedExitsNotApplied(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // no WPS caches: wps.cache.clear refuses
	env := map[string]string{"WSD_STATE_DIR": filepath.Join(t.TempDir(), "state"), "LANG": "en_US.UTF-8"}
	code, out, _ := runCLI(t, env, "fix", "wps.cache.clear", "--dry-run", "--json")
	var rep fixReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Plans) != 1 || rep.Plans[0].Refusal == nil {
		t.Fatalf("got %q (%v), want one refused plan", out, err)
	}
	if code != exitFixNotApplied || rep.Applied || rep.Reason != "dry-run-refused" {
		t.Errorf("got exit %d applied=%v reason=%q, want exit %d, not applied, dry-run-refused", code, rep.Applied, rep.Reason, exitFixNotApplied)
	}
	if code, _, _ = runCLI(t, env, "fix", "wps.cache.clear", "--dry-run"); code != exitFixNotApplied {
		t.Errorf("text dry run: got exit %d, want %d", code, exitFixNotApplied)
	}
}
