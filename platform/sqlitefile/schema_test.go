package sqlitefile

import (
	"strings"
	"testing"
)

// Statements the shell tests cannot produce (SQLite stores what it
// accepted), parsed without it.
func TestParseCreateTable(t *testing.T) {
	for _, c := range []struct {
		sql     string
		names   string // "|"-joined
		alias   string
		affs    string // one letter per column: B(lob) T(ext) N(umeric) I(nteger) R(eal)
		noRowid bool
	}{
		{"CREATE TABLE t(a INTEGER PRIMARY KEY, b)", "a|b", "a", "IB", false},
		{"create temp table if not exists s.t (a integer, b text, primary key (a))", "a|b", "a", "IT", false},
		{"CREATE TABLE t(a INTEGER(5) PRIMARY KEY, b INT PRIMARY KEY)", "a|b", "", "II", false},
		{"CREATE TABLE t(a INTEGER PRIMARY KEY DESC)", "a", "", "I", false},
		{"CREATE TABLE t(a INTEGER, PRIMARY KEY(a DESC))", "a", "a", "I", false},
		{"CREATE TABLE t(a INTEGER, b, PRIMARY KEY(a, b))", "a|b", "", "IB", false},
		{`CREATE TABLE t("a""b" REAL, [c d] FLOAT, ` + "`e``f`" + ` DOUBLE PRECISION, 'g' CLOB, h CHARACTER(20), i BLOB, j DATE, k)`,
			"a\"b|c d|e`f|g|h|i|j|k", "", "RRRTTBNB", false},
		{"CREATE TABLE t(a -- one, two (\n, b /* ) , */ NUMERIC DEFAULT (1, 2))", "a|b", "", "BN", false},
		{"CREATE TABLE t(a, CONSTRAINT c CHECK (a > (1)), UNIQUE (a), FOREIGN KEY (a) REFERENCES x(y))", "a", "", "B", false},
		{"CREATE TABLE t(k, v, PRIMARY KEY(k)) WITHOUT ROWID", "k|v", "", "BB", true},
		{"CREATE TABLE t(a INT, b ANY) STRICT, WITHOUT ROWID", "a|b", "", "IB", true},
		{"CREATE TABLE t(a INT, b ANY)", "a|b", "", "IN", false},
		{"CREATE TABLE t(a) /* an unterminated comment at the end is allowed", "a", "", "B", false},
	} {
		def, err := parseCreateTable(c.sql)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		var names, affs []string
		for _, col := range def.cols {
			names = append(names, col.name)
			affs = append(affs, string("BTNIR"[affinityOf(col.declType, def.strict)]))
		}
		alias := ""
		if i := def.rowidAlias(); i >= 0 {
			alias = def.cols[i].name
		}
		if got := strings.Join(names, "|"); got != c.names || alias != c.alias || strings.Join(affs, "") != c.affs || def.withoutRowid != c.noRowid {
			t.Errorf("%s:\n got  %q alias %q affinities %s without rowid %v\n want %q alias %q affinities %s without rowid %v",
				c.sql, got, alias, strings.Join(affs, ""), def.withoutRowid, c.names, c.alias, c.affs, c.noRowid)
		}
	}
}
