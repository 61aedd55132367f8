package wps

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // CGO-free SQLite driver "sqlite"
)

// SyncError is one file the WPS sync assistant reports as failed, from
// sync_assistant_table in filecache/.<uid>/syncassistant.db.
type SyncError struct {
	Status    string `json:"status,omitempty"`
	Type      string `json:"type,omitempty"`
	FileName  string `json:"file_name,omitempty"`
	LocalPath string `json:"local_path,omitempty"`
	CloudPath string `json:"cloud_path,omitempty"`
	ErrorCode string `json:"error_code,omitempty"`
	ErrorMsg  string `json:"error_msg,omitempty"`
}

var (
	// ErrLocked: the database could not be read because WPS holds it
	// locked. A check reports this as info, not as a failure.
	ErrLocked = errors.New("sync database is locked by WPS")
	// ErrUnknownSchema: the file is not a SQLite database of the layout we
	// know (no sync_assistant_table with an errorCode column).
	ErrUnknownSchema = errors.New("sync database has an unknown layout")
)

// maxSyncDBSize bounds the copy; the real file is a few hundred KB.
const maxSyncDBSize = 256 << 20

// syncColumns maps SyncError fields to sync_assistant_table columns.
var syncColumns = []string{"status", "type", "fileName", "localPath", "cloudPath", "errorCode", "errorMsg"}

// ReadSyncErrors returns up to limit failed entries (newest first) from a
// syncassistant.db. The original is never opened by SQLite: its bytes (and
// those of a -wal file beside it, which holds recent commits while WPS has
// the database open) are copied to a private temporary folder and the copy
// is queried, so WPS's file, locks and journal are left untouched.
// limit <= 0 means 100.
func ReadSyncErrors(ctx context.Context, dbPath string, limit int) ([]SyncError, error) {
	if limit <= 0 {
		limit = 100
	}
	tmp, err := os.MkdirTemp("", "wpsdoctor-syncdb-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	copyPath := filepath.Join(tmp, "syncassistant.db")
	if err := copyFile(ctx, dbPath, copyPath, true); err != nil {
		return nil, err
	}
	if err := copyFile(ctx, dbPath+"-wal", copyPath+"-wal", false); err != nil {
		return nil, err
	}

	// A plain file name (not a "file:" URI) works with Windows drive paths;
	// the driver strips the query before opening.
	db, err := sql.Open("sqlite", copyPath+"?_pragma=busy_timeout(2000)")
	if err != nil {
		return nil, classify(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	have, err := tableColumns(ctx, db, "sync_assistant_table")
	if err != nil {
		return nil, classify(err)
	}
	if !have["errorcode"] {
		return nil, ErrUnknownSchema
	}
	sel := make([]string, len(syncColumns))
	for i, c := range syncColumns {
		if have[strings.ToLower(c)] {
			sel[i] = `"` + c + `"`
		} else {
			sel[i] = "NULL"
		}
	}
	where := `("errorCode" IS NOT NULL AND CAST("errorCode" AS TEXT) NOT IN ('', '0'))`
	if have["errormsg"] {
		where += ` OR ("errorMsg" IS NOT NULL AND "errorMsg" <> '')`
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM sync_assistant_table WHERE " + where + " ORDER BY rowid DESC LIMIT ?"
	rows, err := db.QueryContext(ctx, q, limit)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []SyncError
	for rows.Next() {
		vals := make([]any, len(syncColumns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, classify(err)
		}
		s := make([]string, len(vals))
		for i, v := range vals {
			s[i] = text(v)
		}
		out = append(out, SyncError{Status: s[0], Type: s[1], FileName: s[2], LocalPath: s[3], CloudPath: s[4], ErrorCode: s[5], ErrorMsg: s[6]})
	}
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	return out, nil
}

// tableColumns returns the lower-cased column names of table; an absent
// table or a file that is not a database is ErrUnknownSchema.
func tableColumns(ctx context.Context, db *sql.DB, table string) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		cols[strings.ToLower(name)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, ErrUnknownSchema
	}
	return cols, nil
}

// SQLite result codes that matter here.
const (
	sqliteBusy    = 5
	sqliteLocked  = 6
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

// classify maps driver errors onto ErrLocked / ErrUnknownSchema.
func classify(err error) error {
	if err == nil || errors.Is(err, ErrLocked) || errors.Is(err, ErrUnknownSchema) {
		return err
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff { // extended codes keep the primary in the low byte
		case sqliteBusy, sqliteLocked:
			return fmt.Errorf("%w: %v", ErrLocked, err)
		case sqliteCorrupt, sqliteNotADB:
			return fmt.Errorf("%w: %v", ErrUnknownSchema, err)
		}
	}
	return err
}

// copyFile copies src to dst read-only on the src side. A missing optional
// file is not an error; a file held with a sharing lock is ErrLocked.
func copyFile(ctx context.Context, src, dst string, required bool) error {
	in, err := os.Open(src)
	if err != nil {
		if !required && errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if isSharingViolation(err) {
			return fmt.Errorf("%w: %v", ErrLocked, err)
		}
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", src)
	}
	if fi.Size() > maxSyncDBSize {
		return fmt.Errorf("%s: %d bytes, larger than the %d we read", src, fi.Size(), maxSyncDBSize)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, ctxReader{ctx, io.LimitReader(in, maxSyncDBSize)}); err != nil {
		out.Close()
		if isSharingViolation(err) {
			return fmt.Errorf("%w: %v", ErrLocked, err)
		}
		return err
	}
	return out.Close()
}

// ctxReader stops a copy when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}
