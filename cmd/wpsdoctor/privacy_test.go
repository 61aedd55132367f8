//go:build linux

package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"wpsdoctor/i18n"
	"wpsdoctor/product"
	"wpsdoctor/report"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/health/checks"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

// Planted personal data (issue 11, acceptance).
const (
	plantUser     = "张伟"
	plantAccount  = "212320004"
	plantDoc      = "年度报告" // .docx in the sync folder and in the sync database
	plantRefused  = "工资表"  // .exe: files.sync names it
	plantToken    = "V02SbGxQ3vRtY8pLmN4kJ7hG2fD5sA9zX1cV6bN0mQ"
	plantProxyPW  = "Pa55w0rd"
	plantProxyUsr = "alice"
)

// privateHome lays out a fake HOME whose path holds a non-ASCII user
// name, with a WPS install, a sync folder holding a document and a file
// the cloud refuses, an account folder whose sync database has a failed
// row carrying a session token, and proxy credentials in HTTPS_PROXY.
func privateHome(t *testing.T) (home, syncRoot string) {
	t.Helper()
	home = filepath.Join(t.TempDir(), "home", plantUser)
	syncRoot = userInstall(t, home)
	must(t, os.WriteFile(filepath.Join(syncRoot, plantDoc+".docx"), []byte("doc"), 0o644))
	must(t, os.WriteFile(filepath.Join(syncRoot, plantRefused+".exe"), []byte("MZ"), 0o644))
	acct := filepath.Join(home, ".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache", "."+plantAccount)
	must(t, os.MkdirAll(acct, 0o755))
	sqlitecli.Exec(t, filepath.Join(acct, "syncassistant.db"), `CREATE TABLE sync_assistant_table (
	status INTEGER, type INTEGER, fileName TEXT, fileSize INTEGER, completeSize INTEGER,
	fileVersion INTEGER, localPath TEXT, cloudPath TEXT, errorCode INTEGER, errorMsg TEXT, callFrom TEXT);
INSERT INTO sync_assistant_table VALUES (5, 1, '`+plantDoc+`.docx', 10, 0, 1, '`+filepath.Join(syncRoot, plantDoc+".docx")+`',
	'/我的云文档/`+plantDoc+`.docx', -1003, 'upload `+plantDoc+`.docx failed: GET /api/v5/files?sid=`+plantToken+` userNotLogin', 'sync');
`)
	for _, k := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"} {
		v := home
		if k != "HOME" {
			v = ""
		}
		t.Setenv(k, v)
	}
	closed := "127.0.0.1:9" // discard port: nothing listens on loopback
	for _, k := range []string{"HTTPS_PROXY", "https_proxy"} {
		t.Setenv(k, "socks5://"+plantProxyUsr+":"+plantProxyPW+"@"+closed)
	}
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"} {
		t.Setenv(k, "")
	}
	return home, syncRoot
}

var privacyChecks = []string{"wps.installed", "wps.syncdb", "files.sync", "perm.folders", "storage.disk", "storage.cache", "net.proxy"}

// leaks lists the planted secrets found in out.
func leaks(out string) []string {
	var found []string
	for _, s := range []string{plantUser, plantAccount, plantAccount[:6], plantDoc, plantRefused, "周报", plantToken, plantToken[:12], plantProxyPW, plantProxyUsr} {
		if strings.Contains(out, s) {
			found = append(found, s)
		}
	}
	return found
}

func TestReportsRedactPlantedSecrets(t *testing.T) {
	home, _ := privateHome(t)
	only := strings.Join(privacyChecks, ",")

	_, js, errOut := runCLI(t, nil, "check", "--json", "--lang", "en", "--only", only)
	_, verbose, _ := runCLI(t, nil, "check", "-v", "--lang", "en", "--only", only)
	_, plain, _ := runCLI(t, nil, "check", "--lang", "en", "--only", only)

	// The tray's "Copy report": the tray's own diagnosis, then its text.
	var cs []health.Check
	for _, c := range checks.All() {
		if slices.Contains(privacyChecks, c.ID) || c.ID == "net.online" {
			cs = append(cs, c)
		}
	}
	env, _ := checks.NewEnv(catalog.Default())
	rep, err := health.Diagnose(context.Background(), cs, env, health.Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	rep.Localize("en", i18n.T)
	trayProduct, err := product.Open(product.Options{Program: "wpsdoctor-tray"})
	if err != nil {
		t.Fatal(err)
	}
	tray := report.ShareText(rep, "en", trayProduct.Sharing(false))

	// The fixture must really carry the secrets into the checks.
	if !strings.Contains(js, "<name:4>.docx") || !strings.Contains(js, "***004") || !strings.Contains(js, "sid=<redacted>") {
		t.Errorf("the planted document, account and token did not reach the report:\n%s\n%s", js, errOut)
	}
	for name, out := range map[string]string{"check --json": js, "check -v": verbose, "check": plain, "Copy report": tray} {
		if l := leaks(out); len(l) > 0 {
			t.Errorf("%s shows %q:\n%s", name, l, out)
		}
	}
	if !strings.Contains(plain, "<sync>/<name:3>.exe") || !strings.Contains(tray, "<name:3>.exe") {
		t.Errorf("the refused file is not named by its masked form:\n%s\n%s", plain, tray)
	}
	online := strings.Contains(js, `"check": "net.online",`+"\n"+`      "area": "network",`+"\n"+`      "status": "ok"`)
	if online && !strings.Contains(js, `"authenticated": true`) {
		t.Errorf("net.proxy did not see the planted proxy:\n%s", js)
	}

	// --reveal: the local user sees paths and names, never the token or
	// the proxy password.
	_, revealed, _ := runCLI(t, nil, "check", "-v", "--reveal", "--lang", "en", "--only", only)
	for _, want := range []string{home, plantDoc + ".docx", plantRefused + ".exe", plantAccount} {
		if !strings.Contains(revealed, want) {
			t.Errorf("--reveal hides %q:\n%s", want, revealed)
		}
	}
	for _, secret := range []string{plantToken, plantToken[:12], plantProxyPW} {
		if strings.Contains(revealed, secret) {
			t.Errorf("--reveal shows the secret %q", secret)
		}
	}
}

// TestTerminalEscapesInFileNames: a file name carrying escape sequences
// is printed escaped, with redaction (default) and without (--reveal).
func TestTerminalEscapesInFileNames(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home", "u")
	syncRoot := userInstall(t, home)
	must(t, os.Remove(filepath.Join(syncRoot, "周报.docx")))
	evil := "a\x1b]0;OWNED\x07\x1b[2J.docx"
	must(t, os.WriteFile(filepath.Join(syncRoot, evil), []byte("x"), 0o644))
	t.Setenv("HOME", home)
	for _, args := range [][]string{
		{"check", "--lang", "en", "--only", "files.sync"},
		{"check", "--reveal", "--lang", "en", "--only", "files.sync"},
		{"check", "--reveal", "-v", "--lang", "en", "--only", "files.sync"},
		{"check", "--reveal", "--json", "--lang", "en", "--only", "files.sync"},
	} {
		_, out, errOut := runCLI(t, nil, args...)
		if !strings.Contains(out, "files.sync") {
			t.Fatalf("%v: no files.sync finding:\n%s\n%s", args, out, errOut)
		}
		if strings.ContainsAny(out+errOut, "\x1b\x07") {
			t.Errorf("%v: output carries ESC/BEL: %q", args, out)
		}
	}
	_, out, _ := runCLI(t, nil, "check", "--reveal", "--lang", "en", "--only", "files.sync")
	if !strings.Contains(out, `a\x1b]0;OWNED\x07\x1b[2J.docx`) {
		t.Errorf("--reveal does not show the name escaped:\n%s", out)
	}
}
