package wps

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"wpsdoctor/platform/sqlitefile"
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

// maxSyncDBSize bounds what is read into memory, for the database and for
// its WAL; the real file is a few hundred KB.
const maxSyncDBSize = 256 << 20

// syncColumns names the SyncError fields, in order; each logTable maps
// them to its own columns.
var syncColumns = []string{"status", "type", "fileName", "localPath", "cloudPath", "errorCode", "errorMsg"}

const (
	colStatus    = 0
	colErrorCode = 5
	colErrorMsg  = 6
)

// logTable is one table of WPS's sync databases that records per-file
// transfer failures (wps-account.md §1.1-1.2).
type logTable struct {
	name string
	// cols holds the table's column for each syncColumns field ("" when the
	// table has none); cols[key] must exist, or the layout is unknown.
	cols [7]string
	key  int
	// failed selects the rows that record a failure.
	failed func(get func(int) sqlitefile.Value) bool
}

// logTables are the failure logs we know, one per database:
// syncassistant.db's per-file sync state and precloudfile.db's queue of
// files waiting for their first upload (taskStatus 5 = failed).
var logTables = []logTable{
	{name: "sync_assistant_table", cols: [7]string{"status", "type", "fileName", "localPath", "cloudPath", "errorCode", "errorMsg"}, key: colErrorCode,
		failed: func(get func(int) sqlitefile.Value) bool {
			return codeFailed(get(colErrorCode)) || msgFailed(get(colErrorMsg))
		}},
	{name: "pre_cloudfile", cols: [7]string{"taskStatus", "", "fileName", "localPath", "", "", ""}, key: colStatus,
		failed: func(get func(int) sqlitefile.Value) bool { return get(colStatus).String() == preCloudFailed }},
}

// preCloudFailed is pre_cloudfile.taskStatus of a failed upload.
const preCloudFailed = "5"

// ReadSyncErrors returns up to limit failed entries (newest first) from one
// of WPS's sync databases: from syncassistant.db the rows whose errorCode
// reads as something other than "" or "0", or whose errorMsg is not empty;
// from precloudfile.db the queued uploads that failed. A database holding
// neither table is ErrUnknownSchema. WPS keeps the database open in WAL
// mode, so recent commits may exist only in the -wal file beside it.
// Both files are read into memory and parsed by sqlitefile, which takes no
// locks: nothing is written, created or changed beside WPS's files.
// limit <= 0 means 100.
func ReadSyncErrors(ctx context.Context, dbPath string, limit int) ([]SyncError, error) {
	if limit <= 0 {
		limit = 100
	}
	db, wal, err := readSyncDB(ctx, dbPath)
	if err != nil {
		return nil, err
	}
	f, err := sqlitefile.Open(db, wal)
	if err != nil {
		return nil, classify(err)
	}
	table, spec, err := findLogTable(ctx, f)
	if err != nil {
		return nil, err
	}
	cols := table.Columns()
	idx := make([]int, len(syncColumns)) // column of each SyncError field, or -1
	for i, want := range spec.cols {
		idx[i] = -1
		for j, have := range cols {
			if want != "" && strings.EqualFold(want, have) {
				idx[i] = j
			}
		}
	}
	if idx[spec.key] < 0 {
		return nil, ErrUnknownSchema
	}
	var out []SyncError
	err = table.Reverse(ctx, func(_ int64, vals []sqlitefile.Value) bool {
		get := func(i int) sqlitefile.Value {
			if idx[i] < 0 {
				return sqlitefile.Value{}
			}
			return vals[idx[i]]
		}
		if !spec.failed(get) {
			return true
		}
		s := make([]string, len(syncColumns))
		for i := range s {
			s[i] = get(i).String()
		}
		out = append(out, SyncError{Status: s[0], Type: s[1], FileName: s[2], LocalPath: s[3], CloudPath: s[4], ErrorCode: s[5], ErrorMsg: s[6]})
		return len(out) < limit
	})
	if err != nil {
		return nil, classify(err)
	}
	return out, nil
}

// readSyncDB reads the database file and its write-ahead log (nil when
// there is none), each checked to be a regular file before it is opened.
// The WAL is read before the database: a checkpoint that copies WAL frames
// into the database between the two reads then only means both copies of
// those pages agree; the other order could pair an old database with a WAL
// that was restarted after the checkpoint.
func readSyncDB(ctx context.Context, dbPath string) (db, wal []byte, err error) {
	dbFile, err := openSyncFile(dbPath)
	if err != nil {
		return nil, nil, err
	}
	defer dbFile.Close()
	if walFile, err := openSyncFile(dbPath + "-wal"); err == nil {
		wal, err = readSyncFile(ctx, walFile)
		walFile.Close()
		if err != nil {
			return nil, nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	db, err = readSyncFile(ctx, dbFile)
	if err != nil {
		return nil, nil, err
	}
	return db, wal, nil
}

// findLogTable returns the first of the known transfer-log tables the
// database has.
func findLogTable(ctx context.Context, f *sqlitefile.File) (*sqlitefile.Table, logTable, error) {
	var err error
	for _, lt := range logTables {
		var t *sqlitefile.Table
		t, err = f.Table(ctx, lt.name)
		if err == nil {
			return t, lt, nil
		}
		if !errors.Is(err, sqlitefile.ErrNoTable) {
			return nil, logTable{}, classify(err)
		}
	}
	return nil, logTable{}, classify(err)
}

// codeFailed mirrors the engine-based query: a non-NULL errorCode counts
// unless CAST(errorCode AS TEXT) is empty or "0". SQLite renders a float as
// text with a decimal point or an exponent ("0.0"), so a float always counts.
func codeFailed(v sqlitefile.Value) bool {
	switch v.Kind {
	case sqlitefile.Null:
		return false
	case sqlitefile.Float:
		return true
	}
	s := v.String()
	return s != "" && s != "0"
}

// msgFailed mirrors the query's test that errorMsg is not NULL and differs
// from the empty string: only empty text is equal (a blob never equals text).
func msgFailed(v sqlitefile.Value) bool {
	return v.Kind != sqlitefile.Null && !(v.Kind == sqlitefile.Text && len(v.Bytes) == 0)
}

// classify maps reader errors onto ErrLocked and ErrUnknownSchema; others
// (a missing file, a cancelled context) pass through.
func classify(err error) error {
	switch {
	case err == nil || errors.Is(err, ErrLocked) || errors.Is(err, ErrUnknownSchema):
		return err
	case isSharingViolation(err):
		return fmt.Errorf("%w: %v", ErrLocked, err)
	case errors.Is(err, sqlitefile.ErrNotSQLite), errors.Is(err, sqlitefile.ErrCorrupt),
		errors.Is(err, sqlitefile.ErrNoTable), errors.Is(err, sqlitefile.ErrUnsupported):
		return fmt.Errorf("%w: %v", ErrUnknownSchema, err)
	}
	return err
}

// openSyncFile opens a regular file read-only; one WPS holds with a
// sharing lock is ErrLocked. The type is checked with lstat before the
// open, and the open does not block (openFlags): opening a FIFO planted
// under a database's name would otherwise wait for a writer forever.
func openSyncFile(path string) (*os.File, error) {
	li, err := os.Lstat(path)
	if err != nil {
		return nil, classify(err)
	}
	if !li.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%v)", path, li.Mode().Type())
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, classify(err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() || !os.SameFile(li, fi) { // replaced since the lstat
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() > maxSyncDBSize {
		f.Close()
		return nil, fmt.Errorf("%s: %d bytes, larger than the %d we read", path, fi.Size(), maxSyncDBSize)
	}
	return f, nil
}

// readSyncFile reads f to the end, at most maxSyncDBSize bytes, in chunks
// so that a cancelled context stops it.
func readSyncFile(ctx context.Context, f *os.File) ([]byte, error) {
	const chunk = 1 << 20
	size := int64(0)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	buf := make([]byte, 0, min(size, maxSyncDBSize)+1)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew since Stat
		}
		n, err := f.Read(buf[len(buf):min(cap(buf), len(buf)+chunk)])
		buf = buf[:len(buf)+n]
		if len(buf) > maxSyncDBSize {
			return nil, fmt.Errorf("%s: larger than the %d bytes we read", f.Name(), maxSyncDBSize)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, classify(err)
		}
	}
}
