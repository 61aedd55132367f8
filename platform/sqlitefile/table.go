package sqlitefile

import (
	"context"
	"errors"
	"fmt"
)

// Table is a rowid table of the database.
type Table struct {
	f     *File
	name  string
	root  uint32
	names []string
	cols  []tableColumn
	// fields is how many record fields hold columns (all but VIRTUAL
	// generated ones).
	fields int
	// alias is the INTEGER PRIMARY KEY column, whose value is the rowid
	// (the record stores NULL there), or -1.
	alias int
}

type tableColumn struct {
	field int // record field, -1 for a VIRTUAL generated column
	aff   affinity
	def   Value // for records written before the column was added
}

// schemaSQL describes sqlite_schema, the table rooted at page 1 that
// lists every other one.
const schemaSQL = "CREATE TABLE sqlite_schema(type text, name text, tbl_name text, rootpage integer, sql text)"

type schemaRow struct {
	typ, name, sql string
	root           int64
}

// schemaRows calls fn with the rows of sqlite_schema.
func (f *File) schemaRows(ctx context.Context, fn func(schemaRow) bool) error {
	vals := make([]Value, 5)
	return f.scanDesc(ctx, 1, func(_ int64, payload []byte) (bool, error) {
		n, err := decodeRecord(payload, f.enc, vals)
		if err != nil {
			return false, err
		}
		if n < 5 || vals[0].Kind != Text || vals[1].Kind != Text {
			return false, corrupt("sqlite_schema row with %d fields", n)
		}
		r := schemaRow{typ: string(vals[0].Bytes), name: string(vals[1].Bytes), root: vals[3].Int}
		if vals[4].Kind == Text {
			r.sql = string(vals[4].Bytes)
		}
		if vals[3].Kind != Integer {
			r.root = -1
		}
		return fn(r), nil
	})
}

// Tables lists the names of the tables in sqlite_schema.
func (f *File) Tables(ctx context.Context) ([]string, error) {
	var names []string
	err := f.schemaRows(ctx, func(r schemaRow) bool {
		if r.typ == "table" {
			names = append(names, r.name)
		}
		return true
	})
	return names, err
}

// Table finds a table by name, ignoring ASCII case as SQLite does, and
// parses its CREATE TABLE statement. "sqlite_schema" (or "sqlite_master")
// is the schema table itself.
func (f *File) Table(ctx context.Context, name string) (*Table, error) {
	if equalFoldASCII(name, "sqlite_schema") || equalFoldASCII(name, "sqlite_master") {
		return f.newTable(name, 1, schemaSQL)
	}
	var found *schemaRow
	err := f.schemaRows(ctx, func(r schemaRow) bool {
		if r.typ == "table" && equalFoldASCII(r.name, name) {
			found = &r
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoTable, name)
	}
	if found.root == 0 {
		return nil, fmt.Errorf("%w: %s is a virtual table", ErrUnsupported, found.name)
	}
	if found.root < 0 || found.root > int64(f.nPage) {
		return nil, corrupt("table %s: root page %d", found.name, found.root)
	}
	return f.newTable(found.name, uint32(found.root), found.sql)
}

func (f *File) newTable(name string, root uint32, sql string) (*Table, error) {
	def, err := parseCreateTable(sql)
	if err != nil {
		if errors.Is(err, ErrUnsupported) {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		return nil, fmt.Errorf("%w: table %s: cannot read its CREATE TABLE statement: %v", ErrUnsupported, name, err)
	}
	if def.withoutRowid {
		return nil, fmt.Errorf("%w: %s is a WITHOUT ROWID table", ErrUnsupported, name)
	}
	t := &Table{f: f, name: name, root: root, alias: def.rowidAlias()}
	for _, c := range def.cols {
		tc := tableColumn{field: -1, aff: affinityOf(c.declType, def.strict)}
		if !c.generated || c.stored {
			tc.field = t.fields
			t.fields++
		}
		tc.def = withAffinity(c.def, c.defNum, tc.aff)
		t.names = append(t.names, c.name)
		t.cols = append(t.cols, tc)
	}
	return t, nil
}

// Name is the table's name as created.
func (t *Table) Name() string { return t.name }

// Columns are the column names in declaration order.
func (t *Table) Columns() []string { return append([]string(nil), t.names...) }

// Reverse calls fn for each row, highest rowid first, with one value per
// column, until fn returns false. Rows stored before ALTER TABLE ADD COLUMN
// get the added columns' DEFAULT (or NULL); VIRTUAL generated columns,
// which are computed and never stored, read as NULL. The vals slice is
// reused between calls; the values themselves stay valid.
func (t *Table) Reverse(ctx context.Context, fn func(rowid int64, vals []Value) bool) error {
	fields := make([]Value, t.fields)
	vals := make([]Value, len(t.cols))
	return t.f.scanDesc(ctx, t.root, func(rowid int64, payload []byte) (bool, error) {
		n, err := decodeRecord(payload, t.f.enc, fields)
		if err != nil {
			return false, fmt.Errorf("table %s rowid %d: %w", t.name, rowid, err)
		}
		for i, c := range t.cols {
			switch {
			case i == t.alias:
				vals[i] = Value{Kind: Integer, Int: rowid}
			case c.field < 0:
				vals[i] = Value{}
			case c.field < n:
				v := fields[c.field]
				if c.aff == affReal && v.Kind == Integer {
					// SQLite stores integral REAL values as integers.
					v = Value{Kind: Float, Float: float64(v.Int)}
				}
				vals[i] = v
			default:
				vals[i] = c.def
			}
		}
		return fn(rowid, vals), nil
	})
}

// equalFoldASCII compares identifiers the way SQLite does: only ASCII
// letters fold.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
