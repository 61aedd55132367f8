package sqlitefile

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is a value's SQLite storage class.
type Kind uint8

// The storage classes; String gives SQLite's typeof() names.
const (
	Null Kind = iota
	Integer
	Float
	Text
	Blob
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Integer:
		return "integer"
	case Float:
		return "real"
	case Text:
		return "text"
	case Blob:
		return "blob"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one column of a row.
type Value struct {
	Kind  Kind
	Int   int64   // Integer
	Float float64 // Float
	// Bytes holds Text (always UTF-8, whatever the database encoding) and
	// Blob. It may alias the bytes given to Open: do not modify it.
	Bytes []byte
}

// String renders the value as text: integers in decimal, floats in the
// shortest form that round-trips, text and blobs as their bytes, NULL as "".
func (v Value) String() string {
	switch v.Kind {
	case Integer:
		return strconv.FormatInt(v.Int, 10)
	case Float:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	case Text, Blob:
		return string(v.Bytes)
	}
	return ""
}

// decodeRecord decodes up to len(out) leading fields of the record in
// payload into out and returns how many it found; a record written before
// ALTER TABLE ADD COLUMN has fewer fields than the table has columns.
func decodeRecord(payload []byte, enc byte, out []Value) (int, error) {
	hsize, n := uvarint(payload)
	if n == 0 || hsize < uint64(n) || hsize > uint64(len(payload)) {
		return 0, corrupt("record header size %d of %d bytes", hsize, len(payload))
	}
	hdr := payload[:hsize]
	body := int(hsize)
	k := 0
	for pos := n; pos < len(hdr) && k < len(out); k++ {
		st, m := uvarint(hdr[pos:])
		if m == 0 {
			return 0, corrupt("record header truncated")
		}
		pos += m
		var size uint64
		switch {
		case st <= 4:
			size = st
		case st == 5:
			size = 6
		case st == 6 || st == 7:
			size = 8
		case st == 8 || st == 9:
		case st >= 12:
			size = (st - 12) / 2
		default:
			return 0, corrupt("record serial type %d", st)
		}
		if size > uint64(len(payload)-body) {
			return 0, corrupt("record field %d overruns the record", k)
		}
		data := payload[body : body+int(size)]
		body += int(size)
		switch {
		case st == 0:
			out[k] = Value{}
		case st <= 6:
			// Big-endian two's complement of 1, 2, 3, 4, 6 or 8 bytes.
			v := int64(int8(data[0]))
			for _, b := range data[1:] {
				v = v<<8 | int64(b)
			}
			out[k] = Value{Kind: Integer, Int: v}
		case st == 7:
			out[k] = Value{Kind: Float, Float: math.Float64frombits(binary.BigEndian.Uint64(data))}
		case st == 8 || st == 9:
			out[k] = Value{Kind: Integer, Int: int64(st - 8)}
		case st%2 == 0:
			out[k] = Value{Kind: Blob, Bytes: data}
		default:
			out[k] = Value{Kind: Text, Bytes: decodeText(data, enc)}
		}
	}
	return k, nil
}

// decodeText returns stored text as UTF-8.
func decodeText(b []byte, enc byte) []byte {
	if enc != encUTF16LE && enc != encUTF16BE {
		return b
	}
	var order binary.ByteOrder = binary.LittleEndian
	if enc == encUTF16BE {
		order = binary.BigEndian
	}
	out := make([]byte, 0, len(b)*3/2)
	for i := 0; i+1 < len(b); i += 2 {
		r := rune(order.Uint16(b[i:]))
		if utf16.IsSurrogate(r) && i+3 < len(b) {
			if pair := utf16.DecodeRune(r, rune(order.Uint16(b[i+2:]))); pair != utf8.RuneError {
				r = pair
				i += 2
			}
		}
		out = utf8.AppendRune(out, r) // a lone surrogate becomes U+FFFD
	}
	return out
}

// affinity is a column's type affinity (https://www.sqlite.org/datatype3.html).
type affinity uint8

const (
	affBlob affinity = iota
	affText
	affNumeric
	affInteger
	affReal
)

// affinityOf applies SQLite's rules to a declared column type, in order.
func affinityOf(declType string, strict bool) affinity {
	t := strings.ToUpper(declType)
	switch {
	case strict && t == "ANY":
		return affBlob
	case strings.Contains(t, "INT"):
		return affInteger
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return affText
	case strings.Contains(t, "BLOB"), t == "":
		return affBlob
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return affReal
	}
	return affNumeric
}

// withAffinity converts a column's DEFAULT literal the way SQLite does when
// it substitutes it for a field a short record lacks; numText marks the
// source text of a numeric literal, which gets numeric affinity even in a
// column without one.
func withAffinity(v Value, numText bool, aff affinity) Value {
	switch {
	case aff == affBlob && !numText:
		return v
	case aff == affText:
		switch v.Kind {
		case Integer:
			return Value{Kind: Text, Bytes: strconv.AppendInt(nil, v.Int, 10)}
		case Float:
			return Value{Kind: Text, Bytes: []byte(realText(v.Float))}
		}
		return v
	}
	if v.Kind == Text {
		if n, ok := parseNumeric(string(v.Bytes)); ok {
			v = n
		}
	}
	if v.Kind == Float {
		// A float that is an exact integer is kept as one.
		if i := int64(v.Float); float64(i) == v.Float && i > math.MinInt64 && i < math.MaxInt64 {
			v = Value{Kind: Integer, Int: i}
		}
	}
	if aff == affReal && v.Kind == Integer {
		v = Value{Kind: Float, Float: float64(v.Int)}
	}
	return v
}

// realText renders a float as SQLite's CAST(x AS TEXT) does ("%!.15g").
func realText(f float64) string {
	s := strconv.FormatFloat(f, 'g', 15, 64)
	if math.IsInf(f, 0) || math.IsNaN(f) || strings.Contains(s, ".") {
		return s
	}
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		return s[:i] + ".0" + s[i:]
	}
	return s + ".0"
}

// parseNumeric reports whether s is a number to SQLite's numeric affinity:
// optional surrounding white space, an optional sign, digits with an
// optional point, an optional exponent; no hex, no "inf".
func parseNumeric(s string) (Value, bool) {
	s = strings.Trim(s, " \t\n\v\f\r")
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, isInt := 0, true
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		isInt = false
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return Value{}, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		isInt = false
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return Value{}, false
		}
	}
	if i != len(s) {
		return Value{}, false
	}
	if isInt {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return Value{Kind: Integer, Int: n}, true
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return Value{}, false
	}
	return Value{Kind: Float, Float: f}, true
}
