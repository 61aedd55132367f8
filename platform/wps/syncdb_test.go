package wps

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

const syncSchema = `CREATE TABLE sync_assistant_table (
	status INTEGER, type INTEGER, fileName TEXT, fileSize INTEGER, completeSize INTEGER,
	fileVersion INTEGER, localPath TEXT, cloudPath TEXT, errorCode INTEGER, errorMsg TEXT, callFrom TEXT)`

func createDB(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
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
}

// WPS keeps the database open in WAL mode: recent rows live in the -wal
// file. The reader must see them and change neither file.
func TestReadSyncErrorsWhileWriterHoldsWAL(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "syncassistant.db")
	w, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetMaxOpenConns(1)
	for _, s := range []string{`PRAGMA journal_mode=WAL`, `PRAGMA wal_autocheckpoint=0`, syncSchema,
		`INSERT INTO sync_assistant_table (fileName, errorCode, errorMsg) VALUES ('w.docx', 7, 'in wal')`} {
		if _, err := w.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Skipf("no -wal file: %v", err)
	}
	beforeDB, beforeWAL := snap(t, path), snap(t, path+"-wal")
	got, err := ReadSyncErrors(context.Background(), path, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].FileName != "w.docx" || got[0].ErrorMsg != "in wal" {
		t.Errorf("got %+v", got)
	}
	assertUnchanged(t, path, beforeDB)
	assertUnchanged(t, path+"-wal", beforeWAL)
}

func TestReadSyncErrorsSchemaAndBadInput(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	createDB(t, other, `CREATE TABLE file_metadata_table (id INTEGER)`)
	noCode := filepath.Join(dir, "nocode.db")
	createDB(t, noCode, `CREATE TABLE sync_assistant_table (status INTEGER, fileName TEXT)`)
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not sqlite "), 500), 0o600)
	minimal := filepath.Join(dir, "minimal.db") // only the columns we need
	createDB(t, minimal, `CREATE TABLE sync_assistant_table (errorCode TEXT)`, `INSERT INTO sync_assistant_table VALUES ('E1'), ('0'), ('')`)

	for _, p := range []string{other, noCode, garbage} {
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

type codedErr int

func (c codedErr) Error() string { return fmt.Sprintf("sqlite code %d", int(c)) }
func (c codedErr) Code() int     { return int(c) }

func TestClassify(t *testing.T) {
	for code, want := range map[int]error{5: ErrLocked, 6: ErrLocked, 261: ErrLocked /* SQLITE_BUSY_RECOVERY */, 11: ErrUnknownSchema, 26: ErrUnknownSchema} {
		if err := classify(fmt.Errorf("wrapped: %w", codedErr(code))); !errors.Is(err, want) {
			t.Errorf("code %d: %v, want %v", code, err, want)
		}
	}
	if err := classify(codedErr(1)); errors.Is(err, ErrLocked) || errors.Is(err, ErrUnknownSchema) {
		t.Errorf("code 1 classified as %v", err)
	}
}
