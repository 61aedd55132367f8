package wps

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"wpsdoctor/platform/sqlitefile"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

const syncSchema = `CREATE TABLE sync_assistant_table (
	status INTEGER, type INTEGER, fileName TEXT, fileSize INTEGER, completeSize INTEGER,
	fileVersion INTEGER, localPath TEXT, cloudPath TEXT, errorCode INTEGER, errorMsg TEXT, callFrom TEXT)`

// createDB has the sqlite3 shell (real SQLite) write the database.
func createDB(t testing.TB, path string, stmts ...string) {
	t.Helper()
	sqlitecli.Exec(t, path, strings.Join(stmts, ";\n")+";\n")
}

type snapshot struct {
	data  []byte
	mtime time.Time
}

func snap(t *testing.T, path string) snapshot {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{data, fi.ModTime()}
}

func assertUnchanged(t *testing.T, path string, before snapshot) {
	t.Helper()
	after := snap(t, path)
	if !bytes.Equal(before.data, after.data) || !before.mtime.Equal(after.mtime) {
		t.Errorf("%s changed by the reader", path)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestReadSyncErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sync assistant ü.db") // spaces and non-ASCII in the name
	createDB(t, path, syncSchema,
		`INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES
		 (2, 0, 'ok.docx', '/l/ok.docx', '/c/ok.docx', 0, ''),
		 (5, 0, 'big.zip', '/l/big.zip', '/c/big.zip', 41007, 'file too large'),
		 (5, 1, 'x.exe', '/l/x.exe', '/c/x.exe', NULL, 'unsupported type'),
		 (3, 0, 'n.docx', '/l/n.docx', '/c/n.docx', -1003, NULL),
		 (1, 0, 'pending.docx', '/l/p.docx', '/c/p.docx', NULL, NULL)`)
	before := snap(t, path)
	filesBefore := dirNames(t, dir)

	got, err := ReadSyncErrors(context.Background(), path, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []SyncError{
		{Status: "3", Type: "0", FileName: "n.docx", LocalPath: "/l/n.docx", CloudPath: "/c/n.docx", ErrorCode: "-1003"},
		{Status: "5", Type: "1", FileName: "x.exe", LocalPath: "/l/x.exe", CloudPath: "/c/x.exe", ErrorMsg: "unsupported type"},
		{Status: "5", Type: "0", FileName: "big.zip", LocalPath: "/l/big.zip", CloudPath: "/c/big.zip", ErrorCode: "41007", ErrorMsg: "file too large"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	limited, err := ReadSyncErrors(context.Background(), path, 1)
	if err != nil || len(limited) != 1 || limited[0].FileName != "n.docx" {
		t.Errorf("limit 1: %+v %v", limited, err)
	}
	assertUnchanged(t, path, before)
	if _, err := os.Stat(path + "-journal"); err == nil {
		t.Error("a journal appeared beside the original")
	}
	if after := dirNames(t, dir); !slices.Equal(filesBefore, after) {
		t.Errorf("files beside the database changed: %q → %q", filesBefore, after)
	}
}

// WPS keeps the database open in WAL mode: recent rows live in the -wal
// file. The reader must see them and change neither file.
func TestReadSyncErrorsWhileWriterHoldsWAL(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "syncassistant.db")
	sh := sqlitecli.Start(t, path)
	sh.Run(`PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
` + syncSchema + `;
INSERT INTO sync_assistant_table (fileName, errorCode, errorMsg) VALUES ('w.docx', 7, 'in wal');`)
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no -wal content while the shell holds the database: %v", err)
	}
	beforeDB, beforeWAL := snap(t, path), snap(t, path+"-wal")
	filesBefore := dirNames(t, dir)
	got, err := ReadSyncErrors(context.Background(), path, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].FileName != "w.docx" || got[0].ErrorMsg != "in wal" {
		t.Errorf("got %+v", got)
	}
	assertUnchanged(t, path, beforeDB)
	assertUnchanged(t, path+"-wal", beforeWAL)
	if after := dirNames(t, dir); !slices.Equal(filesBefore, after) {
		t.Errorf("files beside the database changed: %q → %q", filesBefore, after)
	}

	// Commits after the first read show up; an open transaction does not.
	sh.Run(`UPDATE sync_assistant_table SET errorCode = 0, errorMsg = '' WHERE fileName = 'w.docx';
INSERT INTO sync_assistant_table (fileName, errorCode) VALUES ('later.docx', 9);
PRAGMA cache_size=1;
BEGIN;
INSERT INTO sync_assistant_table (fileName, errorCode, errorMsg) VALUES ('open.docx', 1, randomblob(400000));`)
	got, err = ReadSyncErrors(context.Background(), path, 10)
	if err != nil || len(got) != 1 || got[0].FileName != "later.docx" {
		t.Errorf("after more commits and an open transaction: %+v %v", got, err)
	}
}

func TestReadSyncErrorsSchemaAndBadInput(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	createDB(t, other, `CREATE TABLE file_metadata_table (id INTEGER)`)
	noCode := filepath.Join(dir, "nocode.db")
	createDB(t, noCode, `CREATE TABLE sync_assistant_table (status INTEGER, fileName TEXT)`)
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not sqlite "), 500), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	withoutRowid := filepath.Join(dir, "withoutrowid.db")
	createDB(t, withoutRowid, `CREATE TABLE sync_assistant_table (errorCode TEXT PRIMARY KEY) WITHOUT ROWID`)
	minimal := filepath.Join(dir, "minimal.db") // only the columns we need
	createDB(t, minimal, `CREATE TABLE sync_assistant_table (errorCode TEXT)`, `INSERT INTO sync_assistant_table VALUES ('E1'), ('0'), ('')`)

	for _, p := range []string{other, noCode, garbage, empty, withoutRowid} {
		if _, err := ReadSyncErrors(context.Background(), p, 10); !errors.Is(err, ErrUnknownSchema) {
			t.Errorf("%s: err = %v, want ErrUnknownSchema", filepath.Base(p), err)
		}
	}
	got, err := ReadSyncErrors(context.Background(), minimal, 10)
	if err != nil || len(got) != 1 || got[0].ErrorCode != "E1" {
		t.Errorf("minimal: %+v %v", got, err)
	}
	if _, err := ReadSyncErrors(context.Background(), filepath.Join(dir, "missing.db"), 10); err == nil || errors.Is(err, ErrUnknownSchema) || errors.Is(err, ErrLocked) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadSyncErrors(context.Background(), dir, 10); err == nil {
		t.Error("a directory was read as a database")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadSyncErrors(ctx, minimal, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// The filter and the rendering match what the SQL query of the engine-based
// version selected and printed, for every storage class in both columns.
func TestReadSyncErrorsMatchesSQL(t *testing.T) {
	codes := []string{"NULL", "0", "'0'", "''", "'E1'", "0.0", "1.5", "-2.0", "1e300", "x''", "x'30'", "x'3000'", "-1", "'00'", "' 0'", "'0.0'"}
	msgs := []string{"NULL", "''", "'msg'", "x''", "0", "0.0", "' '"}
	var values []string
	for _, c := range codes {
		for _, m := range msgs {
			values = append(values, fmt.Sprintf("(1, 2, 'f', '/l', '/c', %s, %s)", c, m))
		}
	}
	insert := "INSERT INTO sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES " + strings.Join(values, ", ")
	for name, schema := range map[string]string{
		"WPS schema":      syncSchema,
		"untyped columns": `CREATE TABLE sync_assistant_table (status, type, fileName, localPath, cloudPath, errorCode, errorMsg)`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			createDB(t, path, schema, insert)
			got, err := ReadSyncErrors(context.Background(), path, 500)
			if err != nil {
				t.Fatal(err)
			}
			want := sqlSyncErrors(t, path)
			if len(want) == 0 || len(want) == len(values) {
				t.Fatalf("the old query selects %d of %d rows: the test does not discriminate", len(want), len(values))
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Errorf("row %d: got %+v, want %+v", i, got[i], want[i])
						break
					}
				}
				t.Errorf("%d rows, want %d", len(got), len(want))
			}
		})
	}
}

// sqlSyncErrors runs the engine-based version's query in the sqlite3 shell
// and renders the values as it did (fmt.Sprint of the driver's int64,
// float64, string or []byte).
func sqlSyncErrors(t *testing.T, path string) []SyncError {
	t.Helper()
	var sel []string
	for i, c := range syncColumns {
		sel = append(sel, fmt.Sprintf(`typeof("%s") AS t%d, CASE typeof("%s") WHEN 'real' THEN hex(ieee754_to_blob("%s")) WHEN 'blob' THEN hex("%s") ELSE CAST("%s" AS TEXT) END AS v%d`, c, i, c, c, c, c, i))
	}
	q := ".mode json\nSELECT " + strings.Join(sel, ", ") + ` FROM sync_assistant_table WHERE ("errorCode" IS NOT NULL AND CAST("errorCode" AS TEXT) NOT IN ('', '0')) OR ("errorMsg" IS NOT NULL AND "errorMsg" <> '') ORDER BY rowid DESC LIMIT 500;`
	out := sqlitecli.Exec(t, path, q)
	var rows []map[string]any
	if strings.TrimSpace(out) != "" {
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	var res []SyncError
	for _, r := range rows {
		s := make([]string, len(syncColumns))
		for i := range s {
			typ, _ := r[fmt.Sprintf("t%d", i)].(string)
			v, _ := r[fmt.Sprintf("v%d", i)].(string)
			switch typ {
			case "real":
				bits, err := strconv.ParseUint(v, 16, 64)
				if err != nil {
					t.Fatal(err)
				}
				s[i] = fmt.Sprint(math.Float64frombits(bits))
			case "blob":
				b, err := hex.DecodeString(v)
				if err != nil {
					t.Fatal(err)
				}
				s[i] = string(b)
			default:
				s[i] = v
			}
		}
		res = append(res, SyncError{Status: s[0], Type: s[1], FileName: s[2], LocalPath: s[3], CloudPath: s[4], ErrorCode: s[5], ErrorMsg: s[6]})
	}
	return res
}

func TestClassify(t *testing.T) {
	for _, err := range []error{sqlitefile.ErrNotSQLite, sqlitefile.ErrCorrupt, sqlitefile.ErrNoTable, sqlitefile.ErrUnsupported} {
		if got := classify(fmt.Errorf("wrapped: %w", err)); !errors.Is(got, ErrUnknownSchema) || errors.Is(got, ErrLocked) {
			t.Errorf("%v → %v, want ErrUnknownSchema", err, got)
		}
	}
	for _, err := range []error{os.ErrNotExist, context.Canceled, errors.New("other")} {
		if got := classify(err); got != err {
			t.Errorf("%v → %v, want it unchanged", err, got)
		}
	}
	// Errno 32 and 33 are ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION
	// on Windows; elsewhere they mean other things and must not be ErrLocked.
	for _, errno := range []syscall.Errno{32, 33} {
		err := &os.PathError{Op: "open", Path: "syncassistant.db", Err: errno}
		if got := classify(err); errors.Is(got, ErrLocked) != (runtime.GOOS == "windows") {
			t.Errorf("errno %d on %s → %v", errno, runtime.GOOS, got)
		}
	}
}

// createFromFixture has sqlite3 build a database from testdata/syncdb/NAME.sql,
// the same fixture the Wine stage plants.
func createFromFixture(t *testing.T, path, name string) {
	t.Helper()
	sql, err := os.ReadFile(filepath.Join("testdata", "syncdb", name+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	sqlitecli.Exec(t, path, string(sql))
}

// precloudfile.db, which real installs keep beside syncassistant.db, has a
// layout we know: its failed uploads are read, its queued ones are not.
func TestReadSyncErrorsPreCloudFile(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		fixture string
		want    []SyncError
	}{
		{"precloudfile", nil},
		{"precloudfile_failed", []SyncError{{Status: "5", FileName: "failed.pptx", LocalPath: "/l/failed.pptx"}}},
		{"syncassistant", []SyncError{{Status: "5", Type: "0", FileName: "预算.xlsx", LocalPath: `C:\Users\u\WPSDrive\3172735\WPS云盘\预算.xlsx`,
			CloudPath: "/我的云文档/预算.xlsx", ErrorCode: "41007", ErrorMsg: "upload failed"}}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			path := filepath.Join(dir, c.fixture+".db")
			createFromFixture(t, path, c.fixture)
			got, err := ReadSyncErrors(context.Background(), path, 10)
			if err != nil {
				t.Fatalf("got error %v, want the failed rows %+v", err, c.want)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}
