package sqlitefile

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

// cell is one value in a form both SQLite and the reader can produce
// exactly: the storage class and, for reals, the IEEE bits in hex.
type cell struct {
	Type string `json:"t"`
	Val  string `json:"v,omitempty"`
}

type row struct {
	Rowid int64  `json:"rowid"`
	Cells []cell `json:"cells"`
}

// dump is a table as both sides see it.
type dump struct {
	Columns []string `json:"columns"`
	Rows    []row    `json:"rows"`
}

func cellOf(v Value) cell {
	c := cell{Type: v.Kind.String()}
	switch v.Kind {
	case Integer:
		c.Val = strconv.FormatInt(v.Int, 10)
	case Float:
		c.Val = fmt.Sprintf("%016X", math.Float64bits(v.Float))
	case Text:
		c.Val = string(v.Bytes)
	case Blob:
		c.Val = strings.ToUpper(hex.EncodeToString(v.Bytes))
	}
	return c
}

// readerDump reads a whole table with the reader.
func readerDump(t testing.TB, f *File, table string) dump {
	t.Helper()
	tb, err := f.Table(context.Background(), table)
	if err != nil {
		t.Fatalf("Table(%s): %v", table, err)
	}
	d := dump{Columns: tb.Columns()}
	err = tb.Reverse(context.Background(), func(rowid int64, vals []Value) bool {
		if len(vals) != len(d.Columns) {
			t.Fatalf("rowid %d: %d values for %d columns", rowid, len(vals), len(d.Columns))
		}
		r := row{Rowid: rowid}
		for _, v := range vals {
			r.Cells = append(r.Cells, cellOf(v))
		}
		d.Rows = append(d.Rows, r)
		return true
	})
	if err != nil {
		t.Fatalf("Reverse(%s): %v", table, err)
	}
	return d
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// cliDump asks SQLite itself for a table, through run (which executes a
// script in the sqlite3 shell and returns its output): the columns from
// pragma table_xinfo, minus the generated ones unless withGenerated, and
// every row by rowid descending.
func cliDump(t testing.TB, run func(script string) string, table string, withGenerated bool) dump {
	t.Helper()
	var info []struct {
		Name   string `json:"name"`
		Hidden int    `json:"hidden"`
	}
	decodeJSON(t, run(".mode json\nSELECT name, hidden FROM pragma_table_xinfo("+quoteString(table)+");"), &info)
	var d dump
	sel := []string{"rowid AS r"}
	for i, c := range info {
		if c.Hidden != 0 && !withGenerated {
			continue
		}
		d.Columns = append(d.Columns, c.Name)
		q := quoteIdent(c.Name)
		sel = append(sel, fmt.Sprintf(`typeof(%s) AS t%d, CASE typeof(%s) WHEN 'real' THEN hex(ieee754_to_blob(%s)) WHEN 'blob' THEN hex(%s) WHEN 'integer' THEN CAST(%s AS TEXT) ELSE %s END AS v%d`,
			q, i, q, q, q, q, q, i))
	}
	var out []map[string]any
	decodeJSON(t, run(".mode json\nSELECT "+strings.Join(sel, ", ")+" FROM "+quoteIdent(table)+" ORDER BY rowid DESC;"), &out)
	for _, m := range out {
		rowid, err := m["r"].(json.Number).Int64()
		if err != nil {
			t.Fatalf("rowid %v: %v", m["r"], err)
		}
		r := row{Rowid: rowid}
		for i, c := range info {
			if c.Hidden != 0 && !withGenerated {
				continue
			}
			typ, _ := m[fmt.Sprintf("t%d", i)].(string)
			val, _ := m[fmt.Sprintf("v%d", i)].(string)
			r.Cells = append(r.Cells, cell{Type: typ, Val: val})
		}
		d.Rows = append(d.Rows, r)
	}
	return d
}

func decodeJSON(t testing.TB, s string, v any) {
	t.Helper()
	if strings.TrimSpace(s) == "" { // the shell prints nothing for no rows
		s = "[]"
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("sqlite3 JSON: %v\n%.2000s", err, s)
	}
}

// cliRun runs scripts against a database file with a fresh shell each time.
func cliRun(t testing.TB, db string) func(string) string {
	return func(script string) string { return sqlitecli.Exec(t, db, script) }
}

// shellRun runs scripts in a long-running shell.
func shellRun(sh *sqlitecli.Shell) func(string) string { return sh.Run }

// compareDumps fails t with the first difference.
func compareDumps(t testing.TB, got, want dump) {
	t.Helper()
	if strings.Join(got.Columns, "\x00") != strings.Join(want.Columns, "\x00") {
		t.Fatalf("columns:\n got  %q\n want %q", got.Columns, want.Columns)
	}
	if len(want.Rows) == 0 {
		t.Fatalf("the expected table is empty: nothing is compared")
	}
	for i := 0; i < len(got.Rows) || i < len(want.Rows); i++ {
		if i >= len(got.Rows) {
			t.Fatalf("reader stopped after %d rows; next expected rowid %d", i, want.Rows[i].Rowid)
		}
		if i >= len(want.Rows) {
			t.Fatalf("reader has %d extra rows, first rowid %d", len(got.Rows)-i, got.Rows[i].Rowid)
		}
		g, w := got.Rows[i], want.Rows[i]
		if g.Rowid != w.Rowid {
			t.Fatalf("row %d: rowid %d, want %d", i, g.Rowid, w.Rowid)
		}
		for j := range w.Cells {
			if g.Cells[j] != w.Cells[j] {
				t.Fatalf("rowid %d column %q:\n got  %s %.200q (%d bytes)\n want %s %.200q (%d bytes)",
					w.Rowid, want.Columns[j], g.Cells[j].Type, g.Cells[j].Val, len(g.Cells[j].Val),
					w.Cells[j].Type, w.Cells[j].Val, len(w.Cells[j].Val))
			}
		}
	}
}

// openFiles opens path and its -wal, if any.
func openFiles(t testing.TB, path string) *File {
	t.Helper()
	db, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wal, err := os.ReadFile(path + "-wal")
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	f, err := Open(db, wal)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return f
}

// treeDepth follows the left-most path of a table b-tree.
func treeDepth(t testing.TB, f *File, root uint32) int {
	t.Helper()
	depth := 1
	for pgno := root; ; depth++ {
		p, err := f.page(pgno)
		if err != nil {
			t.Fatal(err)
		}
		hdr := 0
		if pgno == 1 {
			hdr = 100
		}
		if p[hdr] == pageLeafTable {
			return depth
		}
		if p[hdr+3] == 0 && p[hdr+4] == 0 {
			pgno = uint32(p[hdr+8])<<24 | uint32(p[hdr+9])<<16 | uint32(p[hdr+10])<<8 | uint32(p[hdr+11])
			continue
		}
		off := int(p[hdr+12])<<8 | int(p[hdr+13])
		pgno = uint32(p[off])<<24 | uint32(p[off+1])<<16 | uint32(p[off+2])<<8 | uint32(p[off+3])
	}
}

// rootOf returns a table's root page.
func rootOf(t testing.TB, f *File, table string) uint32 {
	t.Helper()
	tb, err := f.Table(context.Background(), table)
	if err != nil {
		t.Fatal(err)
	}
	return tb.root
}

// fieldStats scans a table's records and reports the serial types seen and
// the smallest field count.
func fieldStats(t testing.TB, f *File, root uint32) (serialTypes map[uint64]bool, minFields int) {
	t.Helper()
	serialTypes, minFields = map[uint64]bool{}, math.MaxInt
	err := f.scanDesc(context.Background(), root, func(_ int64, payload []byte) (bool, error) {
		hsize, n := uvarint(payload)
		fields := 0
		for pos := n; pos < int(hsize); fields++ {
			st, m := uvarint(payload[pos:hsize])
			if m == 0 {
				t.Fatal("bad record header")
			}
			serialTypes[st] = true
			pos += m
		}
		minFields = min(minFields, fields)
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return serialTypes, minFields
}

// repeatSQL is an SQL expression for n copies of s.
func repeatSQL(s string, n int) string {
	return fmt.Sprintf("replace(hex(zeroblob(%d)), '00', %s)", n, quoteString(s))
}
