package sqlitefile

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

// TestRandomAgainstSQLite fills tables with seeded random rows of every
// type and size, deletes and updates some, and compares every value the
// reader returns with what SQLite reports for the same file.
func TestRandomAgainstSQLite(t *testing.T) {
	sqlitecli.Require(t)
	cases := []struct {
		seed     uint64
		pageSize int
		enc      string
		wal      bool
	}{
		{1, 512, "UTF-8", false},
		{2, 1024, "UTF-16le", false},
		{3, 4096, "UTF-16be", false},
		{4, 65536, "UTF-8", false},
		{5, 512, "UTF-8", true},
		{6, 4096, "UTF-16le", true},
		{7, 2048, "UTF-16be", true},
		{8, 8192, "UTF-8", false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("seed%d_%d_%s_wal=%v", tc.seed, tc.pageSize, tc.enc, tc.wal), func(t *testing.T) {
			g := &randSQL{rng: rand.New(rand.NewPCG(tc.seed, 0x5eed))}
			alias := tc.seed%2 == 0
			schema := "CREATE TABLE t(a, b INTEGER, c REAL, d TEXT, e BLOB, f NUMERIC"
			if alias {
				schema += ", id INTEGER PRIMARY KEY"
			}
			schema += ");"
			batches := []string{fmt.Sprintf("PRAGMA page_size=%d;\nPRAGMA encoding=%s;\n", tc.pageSize, quoteString(tc.enc))}
			if tc.wal {
				batches[0] += "PRAGMA journal_mode=WAL;\nPRAGMA wal_autocheckpoint=0;\n"
			}
			batches[0] += schema
			for b := 0; b < 6; b++ {
				var sb strings.Builder
				sb.WriteString("BEGIN;\n")
				for i := 0; i < 50; i++ {
					sb.WriteString(g.insert(alias))
				}
				if b == 3 {
					fmt.Fprintf(&sb, "ALTER TABLE t ADD COLUMN h TEXT DEFAULT 'late';\nALTER TABLE t ADD COLUMN i DEFAULT %d;\n", g.rng.Int64N(1000)-500)
				}
				for i := 0; i < 10; i++ {
					fmt.Fprintf(&sb, "UPDATE t SET %c = %s WHERE rowid = (SELECT rowid FROM t ORDER BY rowid LIMIT 1 OFFSET %d);\n",
						"abcdef"[g.rng.IntN(6)], g.value(), g.rng.IntN(40*(b+1)))
				}
				fmt.Fprintf(&sb, "DELETE FROM t WHERE abs(rowid %% 9) = %d;\nCOMMIT;\n", g.rng.IntN(9))
				batches = append(batches, sb.String())
			}
			path := filepath.Join(t.TempDir(), "rand.db")
			var run func(string) string
			if tc.wal {
				sh := sqlitecli.Start(t, path)
				for _, b := range batches {
					sh.Run(b) // each batch a separate commit kept in the WAL
				}
				run = shellRun(sh)
			} else {
				sqlitecli.Exec(t, path, strings.Join(batches, "\n"))
				run = cliRun(t, path)
			}
			f := openFiles(t, path)
			if tc.wal && len(f.walPages) == 0 {
				t.Fatal("no page came from the WAL")
			}
			want := cliDump(t, run, "t", false)
			compareDumps(t, readerDump(t, f, "t"), want)
			kinds := map[string]int{}
			for _, r := range want.Rows {
				for _, c := range r.Cells {
					kinds[c.Type]++
				}
			}
			if len(kinds) != 5 || len(want.Rows) < 150 {
				t.Errorf("%d rows with types %v: the generator does not cover every type", len(want.Rows), kinds)
			}
			spilled := 0
			f.scanDesc(context.Background(), rootOf(t, f, "t"), func(_ int64, payload []byte) (bool, error) {
				if len(payload) > f.usable-35 {
					spilled++
				}
				return true, nil
			})
			if spilled == 0 {
				t.Error("no row spilled to overflow pages")
			}
		})
	}
}

// randSQL writes SQL literals of random type and size.
type randSQL struct{ rng *rand.Rand }

func (g *randSQL) insert(alias bool) string {
	cols, vals := []string{"a", "b", "c", "d", "e", "f"}, []string{}
	for range cols {
		vals = append(vals, g.value())
	}
	switch {
	case alias && g.rng.IntN(4) == 0:
		cols, vals = append(cols, "id"), append(vals, g.rowid())
	case !alias && g.rng.IntN(8) == 0:
		cols, vals = append(cols, "rowid"), append(vals, g.rowid())
	}
	return fmt.Sprintf("INSERT OR REPLACE INTO t(%s) VALUES (%s);\n", strings.Join(cols, ", "), strings.Join(vals, ", "))
}

func (g *randSQL) rowid() string {
	if g.rng.IntN(2) == 0 {
		return fmt.Sprint(g.rng.Int64N(1 << 20))
	}
	return g.integer()
}

func (g *randSQL) value() string {
	switch g.rng.IntN(6) {
	case 0:
		return "NULL"
	case 1:
		return g.integer()
	case 2:
		return g.float()
	case 3, 4:
		return g.text()
	}
	return g.blob()
}

func (g *randSQL) integer() string {
	switch g.rng.IntN(10) {
	case 0:
		return fmt.Sprint(g.rng.IntN(2)) // the 0 and 1 serial types
	case 1:
		return [...]string{"9223372036854775807", "-9223372036854775808", "-1", "127", "-128", "32768"}[g.rng.IntN(6)]
	}
	width := 8 * (1 + g.rng.IntN(8))
	return fmt.Sprint(int64(g.rng.Uint64()) >> (64 - width))
}

// float writes exact bits through the shell's ieee754 functions.
func (g *randSQL) float() string {
	var f float64
	switch g.rng.IntN(4) {
	case 0:
		f = float64(g.rng.IntN(2000)-1000) / 4 // often integral: REAL columns store those as integers
	case 1:
		f = g.rng.NormFloat64() * 1e6
	default:
		for f = math.NaN(); math.IsNaN(f); {
			f = math.Float64frombits(g.rng.Uint64())
		}
	}
	return fmt.Sprintf("ieee754_from_blob(x'%016x')", math.Float64bits(f))
}

var runePalette = []rune("abcdefghijklmnopqrstuvwxyz ABC0123456789'\"\n\t,;()-éßø中文字😀𝄞\u00a0\u2028")

func (g *randSQL) size() int {
	switch n := g.rng.IntN(100); {
	case n < 10:
		return 0
	case n < 70:
		return 1 + g.rng.IntN(20)
	case n < 99:
		return 20 + g.rng.IntN(2000)
	}
	return 5000 + g.rng.IntN(100000) // beyond even a 64 KiB page
}

// text is random runes; long ones repeat a random run of up to 1000, which
// keeps the generator cheap without making every overflow page alike.
func (g *randSQL) text() string {
	n := g.size()
	var sb strings.Builder
	for i := 0; i < min(n, 1000); i++ {
		sb.WriteRune(runePalette[g.rng.IntN(len(runePalette))])
	}
	s := sb.String()
	if n > 1000 {
		s = strings.Repeat(s, n/1000)
	}
	return quoteString(s)
}

func (g *randSQL) blob() string {
	n := g.size()
	b := make([]byte, min(n, 1000))
	for i := range b {
		b[i] = byte(g.rng.Uint32())
	}
	if n > 1000 {
		b = bytes.Repeat(b, n/1000)
	}
	return "x'" + hex.EncodeToString(b) + "'"
}
