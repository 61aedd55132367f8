package sqlitefile

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// SQL tokens, just enough to take a CREATE TABLE statement apart.
type tokKind uint8

const (
	tkWord   tokKind = iota + 1 // bare identifier or keyword
	tkQuoted                    // "x", `x` or [x]: always an identifier
	tkString                    // 'x'
	tkNumber
	tkBlob  // x'0a1b'; text holds the hex digits
	tkPunct // any other single byte
)

type token struct {
	kind tokKind
	text string // dequoted for tkQuoted and tkString
	raw  string // as written
}

func (t token) is(kw string) bool { return t.kind == tkWord && strings.EqualFold(t.text, kw) }

func (t token) isPunct(c byte) bool { return t.kind == tkPunct && t.text[0] == c }

// tokenize splits SQL into tokens, dropping white space and comments.
func tokenize(sql string) ([]token, error) {
	var toks []token
	for i := 0; i < len(sql); {
		c := sql[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r':
			i++
			continue
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				i = len(sql)
			} else {
				i += end + 4
			}
			continue
		case c == '"' || c == '`' || c == '\'':
			var b strings.Builder
			for i++; ; i++ {
				if i >= len(sql) {
					return nil, fmt.Errorf("unterminated %c quote", c)
				}
				if sql[i] == c {
					if i+1 < len(sql) && sql[i+1] == c { // doubled: a literal quote
						b.WriteByte(c)
						i++
						continue
					}
					i++
					break
				}
				b.WriteByte(sql[i])
			}
			kind := tkQuoted
			if c == '\'' {
				kind = tkString
			}
			toks = append(toks, token{kind, b.String(), sql[start:i]})
			continue
		case c == '[':
			end := strings.IndexByte(sql[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("unterminated [ quote")
			}
			i += end + 1
			toks = append(toks, token{tkQuoted, sql[start+1 : i-1], sql[start:i]})
			continue
		case (c == 'x' || c == 'X') && i+1 < len(sql) && sql[i+1] == '\'':
			end := strings.IndexByte(sql[i+2:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated blob literal")
			}
			i += end + 3
			toks = append(toks, token{tkBlob, sql[start+2 : i-1], sql[start:i]})
			continue
		case isDigit(c) || c == '.' && i+1 < len(sql) && isDigit(sql[i+1]):
			i = scanNumber(sql, i)
			toks = append(toks, token{tkNumber, sql[start:i], sql[start:i]})
			continue
		case isIdentByte(c) && !isDigit(c) && c != '$':
			for i < len(sql) && isIdentByte(sql[i]) {
				i++
			}
			toks = append(toks, token{tkWord, sql[start:i], sql[start:i]})
			continue
		}
		i++
		toks = append(toks, token{tkPunct, sql[start:i], sql[start:i]})
	}
	return toks, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '$' || c >= 0x80
}

// scanNumber returns the end of the numeric literal at sql[i:].
func scanNumber(sql string, i int) int {
	if sql[i] == '0' && i+2 < len(sql) && (sql[i+1] == 'x' || sql[i+1] == 'X') && isHex(sql[i+2]) {
		for i += 2; i < len(sql) && isHex(sql[i]); i++ {
		}
		return i
	}
	for i < len(sql) && (isDigit(sql[i]) || sql[i] == '.') {
		i++
	}
	if i < len(sql) && (sql[i] == 'e' || sql[i] == 'E') {
		j := i + 1
		if j < len(sql) && (sql[j] == '+' || sql[j] == '-') {
			j++
		}
		if j < len(sql) && isDigit(sql[j]) {
			for i = j; i < len(sql) && isDigit(sql[i]); i++ {
			}
		}
	}
	return i
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// columnDef is what the reader needs to know about one declared column.
type columnDef struct {
	name      string
	declType  string
	pk        bool // PRIMARY KEY column constraint
	pkDesc    bool // ... declared DESC, which keeps it from aliasing the rowid
	generated bool
	stored    bool  // a STORED generated column; VIRTUAL ones are not in records
	def       Value // DEFAULT literal, NULL when absent or not a literal
	defNum    bool  // def is the text of a numeric literal
}

type tableDef struct {
	cols         []columnDef
	pkColumn     string // the one column of a PRIMARY KEY(...) table constraint
	withoutRowid bool
	strict       bool
}

// constraintStart reports whether a column definition's type ends at t;
// type names are words and quoted names ("ids" in SQLite's grammar).
func constraintStart(t token) bool {
	switch t.kind {
	case tkQuoted, tkString:
		return false
	case tkWord:
	default:
		return true
	}
	switch strings.ToUpper(t.text) {
	case "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS":
		return true
	}
	return false
}

// parseCreateTable extracts the columns of a CREATE TABLE statement as
// stored in sqlite_schema.
func parseCreateTable(sql string) (*tableDef, error) {
	toks, err := tokenize(sql)
	if err != nil {
		return nil, err
	}
	i := 0
	if i >= len(toks) || !toks[i].is("CREATE") {
		return nil, fmt.Errorf("not a CREATE statement")
	}
	for i++; i < len(toks) && (toks[i].is("TEMP") || toks[i].is("TEMPORARY")); i++ {
	}
	if i < len(toks) && toks[i].is("VIRTUAL") {
		return nil, fmt.Errorf("%w: virtual table", ErrUnsupported)
	}
	if i >= len(toks) || !toks[i].is("TABLE") {
		return nil, fmt.Errorf("not a CREATE TABLE statement")
	}
	for i < len(toks) && !toks[i].isPunct('(') {
		if toks[i].is("AS") {
			return nil, fmt.Errorf("CREATE TABLE ... AS has no column list")
		}
		i++
	}
	if i >= len(toks) {
		return nil, fmt.Errorf("unbalanced parentheses")
	}
	items, end := splitList(toks[i+1:])
	if end < 0 {
		return nil, fmt.Errorf("unbalanced parentheses")
	}
	i += 1 + end // the closing parenthesis
	td := &tableDef{}
	for _, opt := range toks[i+1:] {
		switch {
		case opt.is("ROWID"): // WITHOUT ROWID
			td.withoutRowid = true
		case opt.is("STRICT"):
			td.strict = true
		}
	}
	for _, item := range items {
		if len(item) == 0 {
			return nil, fmt.Errorf("empty column definition")
		}
		first := item[0]
		if first.is("CONSTRAINT") || first.is("PRIMARY") || first.is("UNIQUE") || first.is("CHECK") || first.is("FOREIGN") {
			if pk := tablePrimaryKey(item); pk != "" {
				td.pkColumn = pk
			}
			continue
		}
		if first.kind != tkWord && first.kind != tkQuoted && first.kind != tkString {
			return nil, fmt.Errorf("column name %q", first.raw)
		}
		td.cols = append(td.cols, parseColumn(item))
	}
	if len(td.cols) == 0 {
		return nil, fmt.Errorf("no columns")
	}
	return td, nil
}

// rowidAlias returns the INTEGER PRIMARY KEY column, which holds the rowid
// rather than a stored value, or -1. "INT PRIMARY KEY" and "INTEGER PRIMARY
// KEY DESC" are not aliases; PRIMARY KEY(x DESC) as a table constraint is
// (https://www.sqlite.org/lang_createtable.html#rowid).
func (td *tableDef) rowidAlias() int {
	for i, c := range td.cols {
		if strings.EqualFold(c.declType, "INTEGER") && (c.pk && !c.pkDesc || td.pkColumn != "" && equalFoldASCII(td.pkColumn, c.name)) {
			return i
		}
	}
	return -1
}

// parseColumn reads "name [type] [constraints]".
func parseColumn(item []token) columnDef {
	c := columnDef{name: item[0].text}
	i := 1
	typeStart := i
	for i < len(item) && !constraintStart(item[i]) {
		i++
	}
	if i < len(item) && item[i].isPunct('(') { // VARCHAR(10), DECIMAL(10, 2)
		for depth := 0; i < len(item); i++ {
			if item[i].isPunct('(') {
				depth++
			} else if item[i].isPunct(')') {
				if depth--; depth == 0 {
					i++
					break
				}
			}
		}
	}
	switch typ := item[typeStart:i]; {
	case len(typ) == 1:
		c.declType = typ[0].text // SQLite dequotes a quoted type name
	case len(typ) > 1:
		var parts []string
		for _, t := range typ {
			parts = append(parts, t.raw)
		}
		c.declType = strings.Join(parts, " ")
	}
	depth := 0
	for ; i < len(item); i++ {
		t := item[i]
		switch {
		case t.isPunct('('):
			depth++
		case t.isPunct(')'):
			depth--
		case depth != 0:
		case t.is("CONSTRAINT"):
			i++ // the constraint's name
		case t.is("PRIMARY") && i+1 < len(item) && item[i+1].is("KEY"):
			c.pk = true
			c.pkDesc = i+2 < len(item) && item[i+2].is("DESC")
		case t.is("DEFAULT") && !(i > 0 && item[i-1].is("SET")): // not ON DELETE SET DEFAULT
			var n int
			c.def, c.defNum, n = parseDefault(item[i+1:])
			i += n
		case t.is("AS"):
			c.generated = true
		case t.is("STORED"):
			c.stored = c.generated
		}
	}
	return c
}

// splitList splits the tokens that follow an opening parenthesis at its
// top-level commas, up to the matching ')'. end is that parenthesis's
// index in toks, -1 when it is missing (then items run to the end).
func splitList(toks []token) (items [][]token, end int) {
	var cur []token
	depth := 0
	for i, t := range toks {
		switch {
		case t.isPunct('('):
			depth++
		case t.isPunct(')'):
			if depth == 0 {
				return append(items, cur), i
			}
			depth--
		case t.isPunct(',') && depth == 0:
			items = append(items, cur)
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	return append(items, cur), -1
}

// tablePrimaryKey returns the column of a single-column PRIMARY KEY table
// constraint, "" for anything else.
func tablePrimaryKey(item []token) string {
	i := 0
	if item[i].is("CONSTRAINT") {
		i += 2
	}
	if i+2 >= len(item) || !item[i].is("PRIMARY") || !item[i+1].is("KEY") || !item[i+2].isPunct('(') {
		return ""
	}
	cols, _ := splitList(item[i+3:])
	if len(cols) != 1 || len(cols[0]) == 0 || cols[0][0].kind == tkPunct {
		return ""
	}
	return cols[0][0].text
}

// parseDefault reads the literal after DEFAULT: its value, whether it is
// a numeric literal SQLite keeps as source text until the column affinity
// converts it, and how many tokens it took (none for a parenthesised
// expression, which the caller skips). Expressions and CURRENT_TIME and the
// like come back as NULL: SQLite forbids them for columns added by ALTER
// TABLE, the only columns whose default a reader ever needs.
func parseDefault(toks []token) (v Value, numText bool, n int) {
	if len(toks) == 0 {
		return Value{}, false, 0
	}
	t := toks[0]
	switch t.kind {
	case tkString, tkQuoted:
		return Value{Kind: Text, Bytes: []byte(t.text)}, false, 1
	case tkBlob:
		b, err := hex.DecodeString(t.text)
		if err != nil {
			return Value{}, false, 1
		}
		return Value{Kind: Blob, Bytes: b}, false, 1
	case tkNumber:
		v, numText = numberLiteral("", t.text)
		return v, numText, 1
	case tkPunct:
		if (t.text == "-" || t.text == "+") && len(toks) > 1 && toks[1].kind == tkNumber {
			v, numText = numberLiteral(strings.Trim(t.text, "+"), toks[1].text)
			return v, numText, 2
		}
		return Value{}, false, 0
	case tkWord:
		switch strings.ToUpper(t.text) {
		case "NULL", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP":
			return Value{}, false, 1
		case "TRUE":
			return Value{Kind: Integer, Int: 1}, false, 1
		case "FALSE":
			return Value{Kind: Integer, Int: 0}, false, 1
		}
		return Value{Kind: Text, Bytes: []byte(t.text)}, false, 1 // SQLite reads a bare word as a string
	}
	return Value{}, false, 0
}

// numberLiteral converts a numeric literal with an optional "-": integers
// that fit become integers; anything else stays text, as SQLite keeps it.
func numberLiteral(sign, lit string) (Value, bool) {
	if len(lit) > 2 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X') {
		u, err := strconv.ParseUint(lit[2:], 16, 64)
		if err != nil {
			return Value{}, false
		}
		v := int64(u) // hex literals are 64-bit two's complement
		if sign == "-" {
			v = -v
		}
		return Value{Kind: Integer, Int: v}, false
	}
	if n, err := strconv.ParseInt(sign+lit, 10, 64); err == nil {
		return Value{Kind: Integer, Int: n}, false
	}
	return Value{Kind: Text, Bytes: []byte(sign + lit)}, true
}
