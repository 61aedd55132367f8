//go:build linux

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

// TestAccountChecksFakeHome: the whole CLI over a fake home holding a WPS
// 365 install, two accounts' state folders and a sync database whose
// failed rows say the session expired and the cloud space is full
// (issue 16 items 1-3): the sign-in class names wps.syncdb, the quota
// failures name account.quota, both accounts are counted with their IDs
// masked, and nothing can tell the sign-in on Linux.
func TestAccountChecksFakeHome(t *testing.T) {
	sqlitecli.Require(t)
	base := t.TempDir()
	home := filepath.Join(base, "home")
	userInstall(t, home)
	cache := filepath.Join(home, ".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache")
	must(t, os.MkdirAll(filepath.Join(cache, ".3172735"), 0o755))
	must(t, os.MkdirAll(filepath.Join(cache, ".212320004"), 0o755))
	sqlitecli.Exec(t, filepath.Join(cache, ".212320004", "syncassistant.db"), `
CREATE TABLE sync_assistant_table (id INTEGER PRIMARY KEY, status INTEGER, type INTEGER, fileName TEXT,
	localPath TEXT, cloudPath TEXT, errorCode INTEGER, errorMsg TEXT);
INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES
	(5, 1, '年度报告.docx', '/x/年度报告.docx', '/年度报告.docx', 41001, '{"result":"userSpaceFull"}'),
	(5, 1, '周报.docx', '/x/周报.docx', '/周报.docx', 10000, '{"result":"userNotLogin","msg":"用户尚未登录"}');`)
	bin := buildCLI(t, base)

	cmd := exec.Command(bin, "check", "--json", "--lang", "en", "--only", "wps.syncdb,account.signin,account.family,account.quota,wps.current")
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	out, _ := cmd.Output()
	var rep health.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("not a report: %v\n%s", err, out)
	}
	want := map[string]string{
		"wps.syncdb":     "WSD-CLI-022",
		"account.quota":  "WSD-ACC-030",
		"account.signin": "WSD-ACC-012",
		"account.family": "WSD-ACC-022",
		"wps.current":    "WSD-INS-042",
	}
	for _, f := range rep.Findings {
		if w, ok := want[f.Check]; ok && f.Code != w {
			t.Errorf("%s: got %s %s (%s), want %s", f.Check, f.Status, f.Code, f.Text, w)
		}
		delete(want, f.Check)
		if f.Check == "account.signin" && !strings.Contains(f.Text, "2 account(s)") {
			t.Errorf("account.signin: got %q, want 2 accounts", f.Text)
		}
	}
	if len(want) > 0 {
		t.Errorf("checks missing from the report: %v", want)
	}
	for _, id := range []string{"3172735", "212320004"} {
		if strings.Contains(string(out), id) {
			t.Errorf("account ID %s unmasked in the report", id)
		}
	}
}
