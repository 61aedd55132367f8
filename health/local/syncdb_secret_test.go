package local

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
	"wpsdoctor/platform/wps"
)

// TestSyncDBErrorMsgTokensStripped: WPS copies server replies and request
// URLs into errorMsg; a session token there must not become evidence,
// while the rest of the message (the reason) stays.
func TestSyncDBErrorMsgTokensStripped(t *testing.T) {
	db := filepath.Join(t.TempDir(), "syncassistant.db")
	sqlitecli.Exec(t, db, `CREATE TABLE sync_assistant_table (status INTEGER, type INTEGER, fileName TEXT,
		localPath TEXT, cloudPath TEXT, errorCode INTEGER, errorMsg TEXT);
INSERT INTO sync_assistant_table VALUES (5, 1, 'a.docx', '/x/a.docx', '/a.docx', -1003,
	'upload failed: https://drive.wps.cn/api/v5/files?sid=V02SbGxSecretSessionToken00a1b2c3&x=1 userNotLogin');
INSERT INTO sync_assistant_table VALUES (5, 1, 'b.docx', '/x/b.docx', '/b.docx', 401,
	'{"result":"userNotLogin","access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"}');
`)
	env := envWith(t, wps.Install{Found: true, SyncDBs: []string{db}}, nil)
	f := run(t, checkSyncDB, env)
	// Both rows say userNotLogin: the sign-in class (issue 16 item 1).
	expect(t, f, health.StatusWarn, CodeSyncAuth)
	js, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"V02SbGxSecretSessionToken00a1b2c3", "eyJhbGciOiJIUzI1NiJ9", "c2lnbmF0dXJl"} {
		if strings.Contains(string(js), secret) {
			t.Errorf("evidence contains token %q: %s", secret, js)
		}
	}
	for _, keep := range []string{"upload failed", "userNotLogin", "-1003"} {
		if !strings.Contains(string(js), keep) {
			t.Errorf("evidence lost %q: %s", keep, js)
		}
	}
}
