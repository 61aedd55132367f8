package sqlitefile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

// These tests let the sqlite3 shell write databases and compare what the
// reader finds with what SQLite itself reports for the same file.

func TestPageSizes(t *testing.T) {
	for _, ps := range []int{512, 1024, 4096, 65536} {
		t.Run(strconv.Itoa(ps), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.db")
			sqlitecli.Exec(t, path, fmt.Sprintf(`PRAGMA page_size=%d;
CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB, c REAL, d INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<3000)
INSERT INTO t(a, b, c, d) SELECT 'row ' || i, randomblob(i %% 40), i * 0.25, i * i * (1 - 2 * (i %% 2)) FROM n;
INSERT INTO t(a, b) VALUES (%s, randomblob(70000));
INSERT INTO t(a) VALUES ('after the big one');`, ps, repeatSQL("big ", 25000)))
			f := openFiles(t, path)
			if f.PageSize() != ps {
				t.Fatalf("page size %d, want %d", f.PageSize(), ps)
			}
			got := readerDump(t, f, "t")
			compareDumps(t, got, cliDump(t, cliRun(t, path), "t", false))
			if len(got.Rows) != 3002 || len(got.Rows[1].Cells[1].Val) != 100000 {
				t.Errorf("%d rows, big text of %d bytes", len(got.Rows), len(got.Rows[1].Cells[1].Val))
			}
			if d := treeDepth(t, f, rootOf(t, f, "t")); ps == 512 && d < 3 {
				t.Errorf("tree depth %d: the test wants interior pages on 2+ levels", d)
			}
			if ps == 512 { // over a thousand pages: a scan checks ctx between them
				tb, _ := f.Table(context.Background(), "t")
				ctx, cancel := context.WithCancel(context.Background())
				rows := 0
				err := tb.Reverse(ctx, func(int64, []Value) bool {
					if rows++; rows == 1 {
						cancel()
					}
					return true
				})
				if !errors.Is(err, context.Canceled) || rows > 3000 {
					t.Errorf("cancelled after the first row: %d rows, %v", rows, err)
				}
			}
		})
	}
}

func TestTextEncodings(t *testing.T) {
	for _, enc := range []string{"UTF-8", "UTF-16le", "UTF-16be"} {
		t.Run(enc, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "e.db")
			sqlitecli.Exec(t, path, `PRAGMA encoding=`+quoteString(enc)+`;
PRAGMA page_size=1024;
CREATE TABLE "tâble ü" ("nàme 名" TEXT, "😀" BLOB, n INTEGER);
INSERT INTO "tâble ü" VALUES ('plain', x'00ff10', 1), ('', x'', 2), ('ünïcödé 中文 😀 𝄞', 'text into blob column', 3),
  (`+repeatSQL("日本語😀", 3000)+`, NULL, 4), (char(0x10FFFF, 0xFFFD, 0x7F), 1.5, 5);`)
			f := openFiles(t, path)
			want := map[string]byte{"UTF-8": encUTF8, "UTF-16le": encUTF16LE, "UTF-16be": encUTF16BE}[enc]
			if f.enc != want {
				t.Fatalf("encoding %d, want %d", f.enc, want)
			}
			names, err := f.Tables(context.Background())
			if err != nil || len(names) != 1 || names[0] != "tâble ü" {
				t.Fatalf("Tables = %q, %v", names, err)
			}
			got := readerDump(t, f, "TâBLE ü")
			if _, err := f.Table(context.Background(), "TÂBLE Ü"); !errors.Is(err, ErrNoTable) {
				t.Errorf("non-ASCII letters matched case-insensitively (SQLite folds only ASCII): %v", err)
			}
			compareDumps(t, got, cliDump(t, cliRun(t, path), "tâble ü", false))
		})
	}
}

func TestSerialTypes(t *testing.T) {
	ints := []int64{0, 1, 2, -1, 127, -128, 128, -129, 32767, -32768, 32768, 8388607, -8388608, 8388608,
		2147483647, -2147483648, 2147483648, 140737488355327, -140737488355328, 140737488355328,
		9223372036854775807, -9223372036854775808}
	var sql strings.Builder
	sql.WriteString("CREATE TABLE t(v, r REAL, id INTEGER PRIMARY KEY);\n")
	for i, v := range ints {
		// The same values as rowids exercise every varint length too.
		fmt.Fprintf(&sql, "INSERT INTO t(id, v, r) VALUES (%d, %d, %d);\n", v, v, i)
	}
	sql.WriteString(`INSERT INTO t(id, v, r) VALUES (100, 1.5, 2.5), (101, -0.0, 0.0), (102, 1e308, -1e-308),
  (103, x'deadbeef', NULL), (104, NULL, 3), (105, '', 1e15), (106, 'text', 4.0e-320);`)
	path := filepath.Join(t.TempDir(), "s.db")
	sqlitecli.Exec(t, path, sql.String())
	f := openFiles(t, path)
	got := readerDump(t, f, "t")
	compareDumps(t, got, cliDump(t, cliRun(t, path), "t", false))

	// Independently of the shell: the integers come back as written.
	byRowid := map[int64][]cell{}
	for _, r := range got.Rows {
		byRowid[r.Rowid] = r.Cells
	}
	for i, v := range ints {
		c := byRowid[v]
		if c == nil || c[0] != (cell{"integer", strconv.FormatInt(v, 10)}) || c[2] != c[0] {
			t.Errorf("%d: %v", v, c)
		}
		if c != nil && c[1] != cellOf(Value{Kind: Float, Float: float64(i)}) {
			t.Errorf("%d: REAL column holds %v, want %d.0", v, c[1], i) // stored as an integer, read as a float
		}
	}
	types, _ := fieldStats(t, f, rootOf(t, f, "t"))
	for _, st := range []uint64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} {
		if !types[st] {
			t.Errorf("serial type %d never written: the test does not cover it", st)
		}
	}
}

func TestColumnNamesAndConstraints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	sqlitecli.Exec(t, path, `CREATE TABLE IF NOT EXISTS main."odd ""table"""  -- a comment (with a paren
( "a b" TEXT NOT NULL DEFAULT 'x,y' CHECK ("a b" <> '(' ), [c,d] VARCHAR(10, 2) COLLATE NOCASE,
  `+"`e``f`"+` /* ) */ DECIMAL ( 10 , 2 ) UNIQUE, 'g' "REAL" DEFAULT (1 + (2 * 3)), h,
  key INTEGER REFERENCES other(x) ON DELETE SET DEFAULT,
  "primary" INTEGER PRIMARY KEY ASC ON CONFLICT REPLACE AUTOINCREMENT,
  CONSTRAINT pk_ish UNIQUE ("a b", h), CHECK (h IS NOT 'PRIMARY KEY'), FOREIGN KEY (h) REFERENCES other(y)
);
INSERT INTO "odd ""table""" VALUES ('one', 'C', 1.25, 7, x'01', 3, NULL), ('two', NULL, '12.5', 7.5, 'h', 4, 10);
INSERT INTO "odd ""table""" ("a b", h) VALUES ('three', 3.0);`)
	f := openFiles(t, path)
	got := readerDump(t, f, `odd "table"`)
	if want := []string{"a b", "c,d", "e`f", "g", "h", "key", "primary"}; strings.Join(got.Columns, "|") != strings.Join(want, "|") {
		t.Errorf("columns %q, want %q", got.Columns, want)
	}
	compareDumps(t, got, cliDump(t, cliRun(t, path), `odd "table"`, false))
}

// INTEGER PRIMARY KEY makes a column the rowid; close spellings do not.
func TestRowidAlias(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	sqlitecli.Exec(t, path, `CREATE TABLE alias(id integer primary key, v);
CREATE TABLE tconstraint(v, id INTEGER, PRIMARY KEY(id DESC));
CREATE TABLE desckey(id INTEGER PRIMARY KEY DESC, v);
CREATE TABLE intkey(id INT PRIMARY KEY, v);
CREATE TABLE twokeys(id INTEGER, v, PRIMARY KEY(id, v));
CREATE TABLE sized(id INTEGER(5) PRIMARY KEY, v);`)
	for _, tb := range []string{"alias", "tconstraint", "desckey", "intkey", "twokeys", "sized"} {
		sqlitecli.Exec(t, path, "INSERT INTO "+tb+"(id, v) VALUES (-5, 'a'), (1000, 'b'), (9223372036854775807, 'c');")
	}
	f := openFiles(t, path)
	for tb, wantAlias := range map[string]bool{"alias": true, "tconstraint": true, "desckey": false, "intkey": false, "twokeys": false, "sized": false} {
		tab, err := f.Table(context.Background(), tb)
		if err != nil {
			t.Fatal(err)
		}
		if (tab.alias >= 0) != wantAlias {
			t.Errorf("%s: alias column %d, want alias %v", tb, tab.alias, wantAlias)
		}
		compareDumps(t, readerDump(t, f, tb), cliDump(t, cliRun(t, path), tb, false))
	}
}

// Rows written before ALTER TABLE ADD COLUMN are shorter than the table;
// SQLite fills the gap with the column's DEFAULT under its affinity.
func TestAddColumn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	sqlitecli.Exec(t, path, `CREATE TABLE t(a, b TEXT);
INSERT INTO t VALUES (1, 'old'), (2, 'old too');
ALTER TABLE t ADD COLUMN c;
ALTER TABLE t ADD COLUMN d TEXT DEFAULT 'dflt';
ALTER TABLE t ADD COLUMN e INTEGER DEFAULT -42;
ALTER TABLE t ADD COLUMN f REAL DEFAULT 3;
ALTER TABLE t ADD COLUMN g TEXT DEFAULT 1.5;
ALTER TABLE t ADD COLUMN h TEXT DEFAULT 1e20;
ALTER TABLE t ADD COLUMN i INTEGER DEFAULT ' 12 ';
ALTER TABLE t ADD COLUMN j NUMERIC DEFAULT '2.0';
ALTER TABLE t ADD COLUMN k NUMERIC DEFAULT '2.5e1x';
ALTER TABLE t ADD COLUMN l BLOB DEFAULT x'00FF';
ALTER TABLE t ADD COLUMN m DEFAULT TRUE;
ALTER TABLE t ADD COLUMN n INTEGER DEFAULT 0x10;
ALTER TABLE t ADD COLUMN o DEFAULT +7.25;
ALTER TABLE t ADD COLUMN p VARCHAR DEFAULT NULL;
ALTER TABLE t ADD COLUMN q DEFAULT bareword;
ALTER TABLE t ADD COLUMN r DEFAULT 2.0;
ALTER TABLE t ADD COLUMN s TEXT DEFAULT -1.50;
ALTER TABLE t ADD COLUMN u INTEGER DEFAULT 1e20;
ALTER TABLE t ADD COLUMN v TEXT DEFAULT 99999999999999999999;
INSERT INTO t(a, b, c, e) VALUES (3, 'new', 'c', 5);`)
	f := openFiles(t, path)
	if _, minFields := fieldStats(t, f, rootOf(t, f, "t")); minFields != 2 {
		t.Fatalf("shortest record has %d fields, want 2: the test needs short records", minFields)
	}
	compareDumps(t, readerDump(t, f, "t"), cliDump(t, cliRun(t, path), "t", false))
}

// Generated columns: STORED ones are in the record, VIRTUAL ones are not
// (and read as NULL), and the columns after them must still line up.
func TestGeneratedColumns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	sqlitecli.Exec(t, path, `CREATE TABLE t(a INTEGER, v INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL,
  s TEXT AS ('s' || a) STORED, b TEXT, w AS (a + 1), c REAL);
INSERT INTO t(a, b, c) VALUES (1, 'one', 1.5), (2, 'two', 2.5);`)
	f := openFiles(t, path)
	got := readerDump(t, f, "t")
	want := cliDump(t, cliRun(t, path), "t", true)
	for _, r := range got.Rows {
		if r.Cells[1].Type != "null" || r.Cells[4].Type != "null" {
			t.Errorf("rowid %d: virtual columns read %v %v, want NULL", r.Rowid, r.Cells[1], r.Cells[4])
		}
	}
	// Compare everything but the virtual columns, which the reader cannot compute.
	for _, d := range []*dump{&got, &want} {
		d.Columns = []string{d.Columns[0], d.Columns[2], d.Columns[3], d.Columns[5]}
		for i, r := range d.Rows {
			d.Rows[i].Cells = []cell{r.Cells[0], r.Cells[2], r.Cells[3], r.Cells[5]}
		}
	}
	compareDumps(t, got, want)
}

func TestReservedBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rb.db")
	out := sqlitecli.Exec(t, path, `.filectrl reserve_bytes 32
PRAGMA page_size=512;
CREATE TABLE t(a, b);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<500)
INSERT INTO t SELECT i, `+repeatSQL("r", 1)+` || i FROM n;
INSERT INTO t VALUES ('big', `+repeatSQL("0123456789", 2000)+`);`)
	f := openFiles(t, path)
	if f.usable != 512-32 {
		t.Skipf("this sqlite3 shell did not reserve bytes (.filectrl said %q; usable size %d)", out, f.usable)
	}
	compareDumps(t, readerDump(t, f, "t"), cliDump(t, cliRun(t, path), "t", false))
}

func TestUnsupportedAndMissingTables(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.db")
	sqlitecli.Exec(t, path, `CREATE TABLE wr(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE st(a INTEGER, b ANY) STRICT;
CREATE VIRTUAL TABLE vt USING fts5(body);
CREATE VIEW vw AS SELECT 1;
CREATE INDEX ix ON st(b);
INSERT INTO wr VALUES ('k', 1);
INSERT INTO st VALUES (1, 2.0), (2, 'x');`)
	f := openFiles(t, path)
	ctx := context.Background()
	for name, want := range map[string]error{"wr": ErrUnsupported, "vt": ErrUnsupported, "vw": ErrNoTable, "ix": ErrNoTable, "nope": ErrNoTable} {
		if _, err := f.Table(ctx, name); !errors.Is(err, want) {
			t.Errorf("Table(%s) = %v, want %v", name, err, want)
		}
	}
	compareDumps(t, readerDump(t, f, "st"), cliDump(t, cliRun(t, path), "st", false))
	compareDumps(t, readerDump(t, f, "sqlite_master"), cliDump(t, cliRun(t, path), "sqlite_schema", false))
}

// walScript makes a table in WAL mode with checkpoints off, so that every
// later commit stays in the -wal file while the shell keeps running.
const walScript = `PRAGMA page_size=1024;
PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n INTEGER, big TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<400)
INSERT INTO t(name, n) SELECT 'row ' || i, i FROM n;`

func readBoth(t testing.TB, path string) (db, wal []byte) {
	t.Helper()
	db, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err = os.ReadFile(path + "-wal"); err != nil {
		t.Fatal(err)
	}
	return db, wal
}

// A shell keeps the database open with uncheckpointed commits in the WAL,
// as WPS does: the reader must see exactly the committed rows, never the
// frames of a transaction still open, and the files must stay as they were.
func TestWALHeldByShell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	sh := sqlitecli.Start(t, path)
	sh.Run(walScript)
	sh.Run(`UPDATE t SET name = 'updated ' || id WHERE id % 7 = 0;
DELETE FROM t WHERE id % 11 = 0;
INSERT INTO t(name, big) VALUES ('big', ` + repeatSQL("wal ", 5000) + `);`)
	sh.Run(`UPDATE t SET n = -n WHERE id > 300; DELETE FROM t WHERE id BETWEEN 100 AND 150;`)
	want := cliDump(t, shellRun(sh), "t", false)

	db, wal := readBoth(t, path)
	if len(wal) == 0 {
		t.Fatal("no WAL content: the test needs uncheckpointed commits")
	}
	f, err := Open(db, wal)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.walPages) == 0 {
		t.Fatal("no page came from the WAL")
	}
	compareDumps(t, readerDump(t, f, "t"), want)
	if f0, err := Open(db, nil); err == nil {
		if _, err := f0.Table(context.Background(), "t"); err == nil {
			t.Error("the main file alone already has table t: the WAL was not needed")
		}
	}

	// An open transaction larger than the page cache spills its frames
	// into the WAL without a commit mark: rewritten copies of committed
	// pages, valid checksums and all.
	sh.Run(`PRAGMA cache_size=1;
BEGIN;
UPDATE t SET name = 'dirty' WHERE id < 300;
INSERT INTO t(name, big) VALUES ('uncommitted', randomblob(1000000));`)
	db2, wal2 := readBoth(t, path)
	frames, last := scanWAL(wal2, f.pageSize)
	rewritten := 0
	for _, fr := range frames[last+1:] {
		if fr.pgno <= frames[last].commit {
			rewritten++
		}
	}
	if rewritten == 0 {
		t.Fatalf("no valid uncommitted frame rewrites a committed page (%d frames, last commit %d): nothing to ignore", len(frames), last)
	}
	f2, err := Open(db2, wal2)
	if err != nil {
		t.Fatal(err)
	}
	compareDumps(t, readerDump(t, f2, "t"), want)
	db3, wal3 := readBoth(t, path)
	if !bytes.Equal(db2, db3) || !bytes.Equal(wal2, wal3) {
		t.Error("database or WAL changed while only the reader ran")
	}
	sh.Run("COMMIT;")
	db4, wal4 := readBoth(t, path)
	f4, err := Open(db4, wal4)
	if err != nil {
		t.Fatal(err)
	}
	compareDumps(t, readerDump(t, f4, "t"), cliDump(t, shellRun(sh), "t", false))
}

// After a RESTART checkpoint the next writer rewrites the WAL from the
// start with new salts; the older frames behind the new ones must not count.
func TestWALRestartLeavesStaleFrames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	sh := sqlitecli.Start(t, path)
	sh.Run(walScript)
	for i := 0; i < 5; i++ {
		sh.Run(fmt.Sprintf("UPDATE t SET name = 'generation one %d' || id;", i))
	}
	sh.Run("PRAGMA wal_checkpoint(RESTART);")
	sh.Run("UPDATE t SET name = 'generation two' WHERE id % 2 = 0;")
	sh.Run("PRAGMA wal_checkpoint(PASSIVE);")
	sh.Run("UPDATE t SET n = 0 WHERE id % 3 = 0;")
	db, wal := readBoth(t, path)
	f, err := Open(db, wal)
	if err != nil {
		t.Fatal(err)
	}
	frames, _ := scanWAL(wal, f.pageSize)
	if len(wal) < walHeaderSize+(len(frames)+2)*(walFrameHeaderSize+f.pageSize) {
		t.Fatalf("%d valid frames fill the %d-byte WAL: no stale frames behind them", len(frames), len(wal))
	}
	compareDumps(t, readerDump(t, f, "t"), cliDump(t, shellRun(sh), "t", false))
}
