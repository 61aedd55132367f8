package sqlitefile

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

// The fixtures in testdata were written by the sqlite3 shell and golden.json
// holds what SQLite itself reported for them, so these tests (and the fuzz
// seeds) run without the shell. Regenerate both with
//
//	go test ./platform/sqlitefile/ -run TestFixtures -update
var update = flag.Bool("update", false, "rewrite testdata/*.db and golden.json with the sqlite3 shell")

type fixture struct {
	name   string
	script string   // run in one shell
	open   string   // WAL fixtures: run after script in the same shell, left uncommitted
	tables []string // compared with golden.json
	check  func(t *testing.T, f *File)
}

var fixtures = []fixture{
	{
		name: "basic512.db",
		// Rowids near ±2^62 take 9-byte varints, so few fit on an interior
		// page and 160 rows already make a three-level tree.
		script: `PRAGMA page_size=512;
CREATE TABLE t(id INTEGER PRIMARY KEY, v, r REAL, s TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<160)
INSERT INTO t(id, v, r, s) SELECT (i - 80) * 57646075230342348, CASE i % 7 WHEN 0 THEN i * 1000003 WHEN 1 THEN -i
  WHEN 2 THEN i * 0.5 WHEN 3 THEN randomblob(i % 9) WHEN 4 THEN NULL WHEN 5 THEN i % 2 ELSE i * 100000000007 END,
  i % 3, 'row ' || i || ' ' || hex(zeroblob(40)) FROM n;
INSERT INTO t(id, v, s) VALUES (-9223372036854775808, 9223372036854775807, ` + repeatSQL("overflow ", 300) + `);
DELETE FROM t WHERE id % 13 = 0;`,
		tables: []string{"t", "sqlite_schema"},
		check: func(t *testing.T, f *File) {
			if d := treeDepth(t, f, rootOf(t, f, "t")); d < 3 {
				t.Errorf("depth %d, want interior pages on 2+ levels", d)
			}
		},
	},
	{
		name: "utf16le.db",
		script: `PRAGMA encoding='UTF-16le'; PRAGMA page_size=512;
CREATE TABLE "ü" ("名前", v);
INSERT INTO "ü" VALUES ('ünïcödé 中文 😀', 1), ('', x'ff00'), (` + repeatSQL("長い😀", 200) + `, 2.5);`,
		tables: []string{"ü"},
		check:  func(t *testing.T, f *File) { checkEnc(t, f, encUTF16LE) },
	},
	{
		name: "utf16be.db",
		script: `PRAGMA encoding='UTF-16be'; PRAGMA page_size=512;
CREATE TABLE "ü" ("名前", v);
INSERT INTO "ü" VALUES ('ünïcödé 中文 😀', 1), ('', x'ff00'), (` + repeatSQL("長い😀", 200) + `, 2.5);`,
		tables: []string{"ü"},
		check:  func(t *testing.T, f *File) { checkEnc(t, f, encUTF16BE) },
	},
	{
		name: "schema.db",
		script: `PRAGMA page_size=512;
CREATE TABLE "odd ""t""" ("a b" TEXT NOT NULL DEFAULT 'x,y' CHECK ("a b" <> ')'), [c,d] VARCHAR(10, 2), ` + "`e``f`" + ` /* ) */ REAL,
  'g' INTEGER PRIMARY KEY, CONSTRAINT u UNIQUE ("a b"), FOREIGN KEY ([c,d]) REFERENCES x(y));
INSERT INTO "odd ""t""" VALUES ('one', 'C', 1, 10), ('two', NULL, 2.5, 20);
CREATE TABLE added(a, b TEXT);
INSERT INTO added VALUES (1, 'old');
ALTER TABLE added ADD COLUMN c INTEGER DEFAULT '12';
ALTER TABLE added ADD COLUMN d REAL DEFAULT 3;
INSERT INTO added VALUES (2, 'new', 7, 8);
CREATE TABLE gen(a INTEGER, v AS (a * 2), s AS (a || 's') STORED, b TEXT);
INSERT INTO gen(a, b) VALUES (1, 'x');
CREATE TABLE wr(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO wr VALUES (1, 2);
CREATE INDEX ix ON added(b);
CREATE VIEW vw AS SELECT * FROM added;`,
		tables: []string{"odd \"t\"", "added"},
		check: func(t *testing.T, f *File) {
			if _, err := f.Table(context.Background(), "wr"); !errors.Is(err, ErrUnsupported) {
				t.Errorf("WITHOUT ROWID table: %v", err)
			}
			if _, err := f.Table(context.Background(), "vw"); !errors.Is(err, ErrNoTable) {
				t.Errorf("view: %v", err)
			}
		},
	},
	{
		name: "reserved.db",
		script: `.filectrl reserve_bytes 32
PRAGMA page_size=512;
CREATE TABLE t(a, b);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<80) INSERT INTO t SELECT i, 'v' || i FROM n;
INSERT INTO t VALUES ('big', ` + repeatSQL("0123456789", 300) + `);`,
		tables: []string{"t"},
		check: func(t *testing.T, f *File) {
			if f.usable != 512-32 {
				t.Errorf("usable size %d, want 480", f.usable)
			}
		},
	},
	{
		name: "wal.db",
		script: `PRAGMA page_size=512;
PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<60) INSERT INTO t(name, n) SELECT 'row ' || i, i FROM n;
UPDATE t SET name = 'updated' WHERE id % 5 = 0;
DELETE FROM t WHERE id % 7 = 0;`,
		open: `PRAGMA cache_size=1;
BEGIN;
UPDATE t SET name = 'uncommitted' WHERE id < 40;
INSERT INTO t(name, n) VALUES ('uncommitted', randomblob(20000));`,
		tables: []string{"t"},
		check: func(t *testing.T, f *File) {
			frames, last := scanWAL(f.wal, f.pageSize)
			if len(f.walPages) == 0 || last < 0 || len(frames) == last+1 {
				t.Errorf("WAL: %d valid frames, last commit at %d: want committed and uncommitted frames", len(frames), last)
			}
		},
	},
}

func checkEnc(t *testing.T, f *File, want byte) {
	if f.enc != want {
		t.Errorf("encoding %d, want %d", f.enc, want)
	}
}

func TestFixtures(t *testing.T) {
	goldenPath := filepath.Join("testdata", "golden.json")
	if *update {
		regenerate(t, goldenPath)
	}
	data, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	var golden map[string]map[string]dump
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			f := openFiles(t, filepath.Join("testdata", fx.name))
			for _, table := range fx.tables {
				want, ok := golden[fx.name][table]
				if !ok {
					t.Fatalf("golden.json has no %s in %s", table, fx.name)
				}
				compareDumps(t, readerDump(t, f, table), want)
			}
			fx.check(t, f)
		})
	}
}

// regenerate rewrites the fixtures with the shell and records SQLite's view
// of them; WAL fixtures are copied while the shell still holds them open.
func regenerate(t *testing.T, goldenPath string) {
	golden := map[string]map[string]dump{}
	for _, fx := range fixtures {
		dst := filepath.Join("testdata", fx.name)
		os.Remove(dst)
		os.Remove(dst + "-wal")
		tmp := filepath.Join(t.TempDir(), fx.name)
		sh := sqlitecli.Start(t, tmp)
		sh.Run(fx.script)
		if fx.open != "" {
			sh.Run(fx.open)
		}
		for _, suffix := range []string{"", "-wal"} {
			if data, err := os.ReadFile(tmp + suffix); err == nil {
				if len(data) >= 64<<10 {
					t.Fatalf("%s%s is %d bytes: fixtures must stay under 64 KiB", fx.name, suffix, len(data))
				}
				if err := os.WriteFile(dst+suffix, data, 0o644); err != nil {
					t.Fatal(err)
				}
			} else if suffix == "" || fx.open != "" {
				t.Fatal(err)
			}
		}
		sh.Close()
		// Ask SQLite about a copy: opening one recovers its WAL and
		// removes it on close.
		view := filepath.Join(t.TempDir(), fx.name)
		for _, suffix := range []string{"", "-wal"} {
			if data, err := os.ReadFile(dst + suffix); err == nil {
				os.WriteFile(view+suffix, data, 0o600)
			}
		}
		golden[fx.name] = map[string]dump{}
		for _, table := range fx.tables {
			golden[fx.name][table] = cliDump(t, cliRun(t, view), table, false)
		}
	}
	// One line per fixture keeps the file small and its diffs readable.
	var b strings.Builder
	b.WriteString("{\n")
	for i, fx := range fixtures {
		line, err := json.Marshal(golden[fx.name])
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q: %s", fx.name, line)
		if i < len(fixtures)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	if err := os.WriteFile(goldenPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d fixtures and %s", len(fixtures), goldenPath)
}

// fixtureFiles returns the db and -wal bytes of every fixture, for seeds.
func fixtureFiles(t testing.TB) [][2][]byte {
	var out [][2][]byte
	for _, fx := range fixtures {
		path := filepath.Join("testdata", fx.name)
		db, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		wal, _ := os.ReadFile(path + "-wal")
		out = append(out, [2][]byte{db, wal})
	}
	return out
}
