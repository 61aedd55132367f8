package sqlitefile

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

// builder writes small databases byte by byte, for the damaged and
// hostile layouts SQLite itself never produces.
type builder struct {
	ps     int
	pages  [][]byte // pages[0] is page 1
	schema [][]byte // sqlite_schema cells
}

func newBuilder(ps int) *builder {
	b := &builder{ps: ps}
	b.newPage()
	return b
}

// newPage appends a zeroed page and returns its number.
func (b *builder) newPage() uint32 {
	b.pages = append(b.pages, make([]byte, b.ps))
	return uint32(len(b.pages))
}

func (b *builder) page(pgno uint32) []byte { return b.pages[pgno-1] }

// table adds a sqlite_schema row.
func (b *builder) table(name, sql string, root int64) {
	b.schema = append(b.schema, leafCellBytes(int64(len(b.schema)+1), record("table", name, name, root, sql), 0))
}

// leaf lays out a table leaf page with the given cells.
func (b *builder) leaf(pgno uint32, cells ...[]byte) {
	writeBtreePage(b.page(pgno), pgno, pageLeafTable, 0, cells)
}

// interior lays out an interior page: children[i] left of keys[i].
func (b *builder) interior(pgno uint32, right uint32, children ...uint32) {
	var cells [][]byte
	for i, c := range children {
		cell := binary.BigEndian.AppendUint32(nil, c)
		cells = append(cells, appendVarint(cell, uint64(i*10)))
	}
	writeBtreePage(b.page(pgno), pgno, pageInteriorTable, right, cells)
}

func writeBtreePage(p []byte, pgno uint32, typ byte, right uint32, cells [][]byte) {
	hdr := 0
	if pgno == 1 {
		hdr = 100
	}
	ptrs := hdr + 8
	if typ == pageInteriorTable {
		ptrs = hdr + 12
		binary.BigEndian.PutUint32(p[hdr+8:], right)
	}
	p[hdr] = typ
	binary.BigEndian.PutUint16(p[hdr+3:], uint16(len(cells)))
	end := len(p)
	for i, c := range cells {
		end -= len(c)
		copy(p[end:], c)
		binary.BigEndian.PutUint16(p[ptrs+2*i:], uint16(end))
	}
	binary.BigEndian.PutUint16(p[hdr+5:], uint16(end))
}

// bytes returns the file: header on page 1, schema on its b-tree.
func (b *builder) bytes() []byte {
	p1 := b.pages[0]
	copy(p1, "SQLite format 3\x00")
	binary.BigEndian.PutUint16(p1[16:], uint16(b.ps&0xffff|b.ps>>16)) // 65536 is written as 1
	p1[18], p1[19], p1[20], p1[21], p1[22], p1[23] = 1, 1, 0, 64, 32, 32
	binary.BigEndian.PutUint32(p1[24:], 7) // change counter
	binary.BigEndian.PutUint32(p1[28:], uint32(len(b.pages)))
	binary.BigEndian.PutUint32(p1[44:], 4) // schema format
	binary.BigEndian.PutUint32(p1[56:], encUTF8)
	binary.BigEndian.PutUint32(p1[92:], 7) // version-valid-for
	writeBtreePage(p1, 1, pageLeafTable, 0, b.schema)
	var out []byte
	for _, p := range b.pages {
		out = append(out, p...)
	}
	return out
}

func appendVarint(b []byte, v uint64) []byte {
	if v > 0x00ffffffffffffff {
		var tmp [9]byte
		tmp[8] = byte(v)
		v >>= 8
		for i := 7; i >= 0; i-- {
			tmp[i] = byte(v&0x7f) | 0x80
			v >>= 7
		}
		return append(b, tmp[:]...)
	}
	var tmp [8]byte
	n := 0
	for {
		tmp[n] = byte(v & 0x7f)
		n++
		v >>= 7
		if v == 0 {
			break
		}
	}
	for i := n - 1; i >= 0; i-- {
		c := tmp[i]
		if i > 0 {
			c |= 0x80
		}
		b = append(b, c)
	}
	return b
}

// record encodes values (nil, int64, float64, string, []byte) in the
// simplest serial types.
func record(vals ...any) []byte {
	var hdr, body []byte
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			hdr = append(hdr, 0)
		case int64:
			hdr = append(hdr, 6)
			body = binary.BigEndian.AppendUint64(body, uint64(x))
		case float64:
			hdr = append(hdr, 7)
			body = binary.BigEndian.AppendUint64(body, math.Float64bits(x))
		case string:
			hdr = appendVarint(hdr, uint64(13+2*len(x)))
			body = append(body, x...)
		case []byte:
			hdr = appendVarint(hdr, uint64(12+2*len(x)))
			body = append(body, x...)
		}
	}
	return append(append(appendVarint(nil, uint64(len(hdr)+1)), hdr...), body...)
}

// leafCellBytes is a table leaf cell holding payload entirely, or, with an
// overflow page, only the part the page keeps (for usable size 512).
func leafCellBytes(rowid int64, payload []byte, overflow uint32) []byte {
	c := appendVarint(nil, uint64(len(payload)))
	c = appendVarint(c, uint64(rowid))
	if overflow == 0 {
		return append(c, payload...)
	}
	c = append(c, payload[:localPayload(len(payload), 512)]...)
	return binary.BigEndian.AppendUint32(c, overflow)
}

// readAll reads every row of a table; the error is what went wrong.
func readAll(f *File, table string) ([][]Value, error) {
	tb, err := f.Table(context.Background(), table)
	if err != nil {
		return nil, err
	}
	var rows [][]Value
	err = tb.Reverse(context.Background(), func(_ int64, vals []Value) bool {
		rows = append(rows, append([]Value(nil), vals...))
		return true
	})
	return rows, err
}

func openBuilt(t *testing.T, db, wal []byte) *File {
	t.Helper()
	f, err := Open(db, wal)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBuilderBaseline(t *testing.T) {
	b := newBuilder(512)
	root := b.newPage()
	b.table("t", "CREATE TABLE t(a, b)", int64(root))
	b.leaf(root, leafCellBytes(1, record(int64(5), "x"), 0), leafCellBytes(2, record(1.5, []byte{1}), 0))
	rows, err := readAll(openBuilt(t, b.bytes(), nil), "t")
	if err != nil || len(rows) != 2 || rows[0][0].Float != 1.5 || rows[1][1].String() != "x" {
		t.Fatalf("%v %v", rows, err)
	}
}

func TestHostilePages(t *testing.T) {
	big := record(strings.Repeat("o", 2000))
	cases := map[string]func(b *builder, root uint32){
		"child is its own parent": func(b *builder, root uint32) { b.interior(root, root) },
		"child reached twice": func(b *builder, root uint32) {
			leaf := b.newPage()
			b.leaf(leaf)
			b.interior(root, leaf, leaf)
		},
		"deeper than 20 levels": func(b *builder, root uint32) {
			pg := root
			for i := 0; i < 20; i++ {
				next := b.newPage()
				b.interior(pg, next)
				pg = next
			}
			b.leaf(pg)
		},
		"child out of range": func(b *builder, root uint32) { b.interior(root, 999) },
		"child page zero":    func(b *builder, root uint32) { b.interior(root, 0) },
		"index page in a table tree": func(b *builder, root uint32) {
			b.leaf(root)
			b.page(root)[0] = 0x0a
		},
		"too many cells": func(b *builder, root uint32) {
			b.leaf(root)
			binary.BigEndian.PutUint16(b.page(root)[3:], 0xffff)
		},
		"cell offset inside the header": func(b *builder, root uint32) {
			b.leaf(root, leafCellBytes(1, record(int64(1)), 0))
			binary.BigEndian.PutUint16(b.page(root)[8:], 3)
		},
		"cell offset past the page": func(b *builder, root uint32) {
			b.leaf(root, leafCellBytes(1, record(int64(1)), 0))
			binary.BigEndian.PutUint16(b.page(root)[8:], 600)
		},
		"payload size of a terabyte": func(b *builder, root uint32) {
			c := appendVarint(appendVarint(nil, 1<<40), 1)
			b.leaf(root, append(c, make([]byte, 20)...))
		},
		"overflow chain loops": func(b *builder, root uint32) {
			ov := b.newPage()
			binary.BigEndian.PutUint32(b.page(ov), ov)
			b.leaf(root, leafCellBytes(1, big, ov))
		},
		"overflow chain ends early": func(b *builder, root uint32) {
			ov := b.newPage()
			b.leaf(root, leafCellBytes(1, big, ov))
		},
		"overflow page is the leaf itself": func(b *builder, root uint32) { b.leaf(root, leafCellBytes(1, big, root)) },
		"record header longer than the record": func(b *builder, root uint32) {
			b.leaf(root, leafCellBytes(1, []byte{50, 1, 1}, 0))
		},
		"record field overruns": func(b *builder, root uint32) {
			b.leaf(root, leafCellBytes(1, []byte{2, 6, 1, 2}, 0))
		},
		"reserved serial type": func(b *builder, root uint32) {
			b.leaf(root, leafCellBytes(1, []byte{2, 10}, 0))
		},
		"truncated varint": func(b *builder, root uint32) {
			b.leaf(root, leafCellBytes(1, []byte{2, 0xff}, 0))
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			b := newBuilder(512)
			root := b.newPage()
			b.table("t", "CREATE TABLE t(a)", int64(root))
			build(b, root)
			if _, err := readAll(openBuilt(t, b.bytes(), nil), "t"); !errors.Is(err, ErrCorrupt) {
				t.Errorf("err = %v, want ErrCorrupt", err)
			}
		})
	}
}

// Exactly 20 levels is the most SQLite accepts, and so does the reader.
func TestDepthLimit(t *testing.T) {
	b := newBuilder(512)
	root := b.newPage()
	b.table("t", "CREATE TABLE t(a)", int64(root))
	pg := root
	for i := 0; i < maxDepth-1; i++ {
		next := b.newPage()
		b.interior(pg, next)
		pg = next
	}
	b.leaf(pg, leafCellBytes(1, record("deep"), 0))
	rows, err := readAll(openBuilt(t, b.bytes(), nil), "t")
	if err != nil || len(rows) != 1 || rows[0][0].String() != "deep" {
		t.Fatalf("%v %v", rows, err)
	}
}

func TestHostileSchema(t *testing.T) {
	for name, c := range map[string]struct {
		sql  string
		root int64
		want error
	}{
		"root page beyond the file": {"CREATE TABLE t(a)", 99, ErrCorrupt},
		"negative root page":        {"CREATE TABLE t(a)", -1, ErrCorrupt},
		"virtual table":             {"CREATE VIRTUAL TABLE t USING fts5(a)", 0, ErrUnsupported},
		"unparseable statement":     {"CREATE TABLE t(", 2, ErrUnsupported},
		"not a CREATE statement":    {"DROP TABLE t", 2, ErrUnsupported},
		"no columns":                {"CREATE TABLE t()", 2, ErrUnsupported},
		"unterminated quote":        {`CREATE TABLE t("a)`, 2, ErrUnsupported},
		"without rowid":             {"CREATE TABLE t(a PRIMARY KEY) WITHOUT ROWID", 2, ErrUnsupported},
	} {
		t.Run(name, func(t *testing.T) {
			b := newBuilder(512)
			b.leaf(b.newPage())
			b.table("t", c.sql, c.root)
			if _, err := openBuilt(t, b.bytes(), nil).Table(context.Background(), "t"); !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
	b := newBuilder(512)
	b.schema = append(b.schema, leafCellBytes(1, record(int64(1), "t"), 0))
	if _, err := openBuilt(t, b.bytes(), nil).Tables(context.Background()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("schema row of the wrong shape: %v", err)
	}
}

func TestHeaderChecks(t *testing.T) {
	good := func() []byte {
		b := newBuilder(512)
		b.leaf(b.newPage())
		b.table("t", "CREATE TABLE t(a)", 2)
		return b.bytes()
	}
	if _, err := Open(good(), nil); err != nil {
		t.Fatalf("baseline: %v", err)
	}
	for name, mutate := range map[string]func(p []byte) []byte{
		"empty":            func(p []byte) []byte { return nil },
		"short":            func(p []byte) []byte { return p[:99] },
		"magic":            func(p []byte) []byte { p[0] = 's'; return p },
		"page size 1000":   func(p []byte) []byte { binary.BigEndian.PutUint16(p[16:], 1000); return p },
		"page size 256":    func(p []byte) []byte { binary.BigEndian.PutUint16(p[16:], 256); return p },
		"usable below 480": func(p []byte) []byte { p[20] = 33; return p },
		"read version 3":   func(p []byte) []byte { p[19] = 3; return p },
		"payload fraction": func(p []byte) []byte { p[21] = 63; return p },
		"encoding 4":       func(p []byte) []byte { p[59] = 4; return p },
		"text file":        func(p []byte) []byte { return []byte(strings.Repeat("not sqlite ", 100)) },
	} {
		if _, err := Open(mutate(good()), nil); !errors.Is(err, ErrNotSQLite) {
			t.Errorf("%s: err = %v, want ErrNotSQLite", name, err)
		}
	}
	// The in-header size counts only while version-valid-for matches.
	p := good()
	p = append(p, make([]byte, 512)...)
	if f, err := Open(p, nil); err != nil || f.nPage != 2 {
		t.Errorf("valid in-header size: nPage %d, %v", f.nPage, err)
	}
	p[95]++
	if f, err := Open(p, nil); err != nil || f.nPage != 3 {
		t.Errorf("stale in-header size: nPage %d, %v", f.nPage, err)
	}
	// A partial last page reads as zero-padded, like SQLite's short reads.
	if _, err := readAll(openBuilt(t, good()[:600], nil), "t"); err != nil {
		t.Errorf("partial last page: %v", err)
	}
}

func TestPageSize65536Header(t *testing.T) {
	b := newBuilder(65536)
	root := b.newPage()
	b.table("t", "CREATE TABLE t(a)", int64(root))
	b.leaf(root, leafCellBytes(1, record("big pages"), 0))
	db := b.bytes()
	if binary.BigEndian.Uint16(db[16:]) != 1 {
		t.Fatal("65536 not written as 1")
	}
	f := openBuilt(t, db, nil)
	rows, err := readAll(f, "t")
	if f.PageSize() != 65536 || err != nil || len(rows) != 1 {
		t.Fatalf("page size %d, %v %v", f.PageSize(), rows, err)
	}
}

func TestContextCancelled(t *testing.T) {
	f := openFiles(t, "testdata/basic512.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Table(ctx, "t"); !errors.Is(err, context.Canceled) {
		t.Errorf("Table: %v", err)
	}
	tb, err := f.Table(context.Background(), "t")
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.Reverse(ctx, func(int64, []Value) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Errorf("Reverse: %v", err)
	}
}

// Every prefix of a real file is either read or refused, never a panic.
func TestTruncatedFiles(t *testing.T) {
	for _, fx := range fixtureFiles(t) {
		db, wal := fx[0], fx[1]
		for n := 0; n < len(db); n += 97 {
			readEverything(t, db[:n], wal)
		}
		for n := 0; n < len(wal); n += 61 {
			readEverything(t, db, wal[:n])
		}
	}
}

// readEverything reads every table and fails t on anything but the
// package's own errors or on inconsistent rows.
func readEverything(t *testing.T, db, wal []byte) {
	t.Helper()
	f, err := Open(db, wal)
	if err != nil {
		knownError(t, err)
		return
	}
	ctx := context.Background()
	names, err := f.Tables(ctx)
	if err != nil {
		knownError(t, err)
	}
	for _, name := range append(names, "sqlite_schema") {
		tb, err := f.Table(ctx, name)
		if err != nil {
			knownError(t, err)
			continue
		}
		cols := len(tb.Columns())
		err = tb.Reverse(ctx, func(_ int64, vals []Value) bool {
			if len(vals) != cols {
				t.Fatalf("%d values for %d columns", len(vals), cols)
			}
			for _, v := range vals {
				if v.Kind > Blob {
					t.Fatalf("kind %d", v.Kind)
				}
			}
			return true
		})
		if err != nil {
			knownError(t, err)
		}
	}
}

func knownError(t *testing.T, err error) {
	t.Helper()
	for _, known := range []error{ErrNotSQLite, ErrCorrupt, ErrNoTable, ErrUnsupported} {
		if errors.Is(err, known) {
			return
		}
	}
	t.Fatalf("unexpected error: %v", err)
}
