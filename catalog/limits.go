package catalog

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits of an override file, checked before the TOML decoder sees it. The
// decoder recurses once per level of nesting and copies the key path at
// every level, so deep or wide input costs it stack and memory quadratic in
// the depth; the catalogue itself needs a few levels, a few hundred keys
// and a few kilobytes. Every limit is far above what a real catalogue
// uses and far below what hurts.
const (
	// MaxFileBytes is the largest override file read at all.
	MaxFileBytes = 1 << 20
	// MaxDepth is the deepest nesting of arrays and inline tables in a
	// value (`ports = [443]` is depth 1).
	MaxDepth = 8
	// MaxKeyParts is the most dotted parts of one key or table header
	// (`[families.mainland.endpoints]` has 3).
	MaxKeyParts = 8
	// MaxKeyBytes is the longest single key part, quotes included.
	MaxKeyBytes = 128
	// MaxEntries is the most key/value pairs and table headers in a file.
	MaxEntries = 10000
	// MaxArrayItems is the most array items in a file, all arrays together.
	MaxArrayItems = 10000
	// MaxPatterns and MaxPatternBytes bound the conflict-copy regular
	// expressions, which are compiled at every load.
	MaxPatterns     = 64
	MaxPatternBytes = 256
	// MaxMessageBytes caps the text of an Error: one line, short enough to
	// read in a terminal with a program-name prefix (under 300 in all).
	MaxMessageBytes = 256
	// maxFileNameBytes caps the file name inside an Error; a longer path
	// keeps its end (the file name) behind an ellipsis.
	maxFileNameBytes = 96
	// maxUnknownShown is how many unknown keys an error names.
	maxUnknownShown = 5
)

// Error is a refused or unreadable catalogue file: one line naming the file
// and the reason, never longer than MaxMessageBytes.
type Error struct {
	File      string // the file's path or name ("built-in" for the embedded one)
	Line, Col int    // 1-based position of the problem; 0 if none
	Reason    string
	Err       error // the underlying error (an OS error), if any
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(shorten(oneLine(e.File), maxFileNameBytes, true))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	room := MaxMessageBytes - b.Len()
	b.WriteString(shorten(oneLine(e.Reason), room, false))
	return b.String()
}

// oneLine replaces control characters (newlines included) so a message
// stays on one line and cannot move a terminal's cursor.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == utf8.RuneError }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// shorten cuts s to at most max bytes on a rune boundary, marking the cut
// with "…"; keepEnd keeps the end of s (a path's file name) instead of its
// start.
func shorten(s string, max int, keepEnd bool) string {
	const ell = "…"
	if len(s) <= max {
		return s
	}
	if max <= len(ell) {
		return ell[:0]
	}
	n := max - len(ell)
	if keepEnd {
		i := len(s) - n
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		return ell + s[i:]
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + ell
}

// scanError is a limit broken at a position of the file.
type scanError struct {
	line, col int
	reason    string
}

// prescan checks data against the limits without parsing it: one pass that
// knows TOML's strings, comments and table headers well enough that a
// bracket inside a string or comment is not counted, and that counts every
// other bracket (over-counting can only refuse a file, never let a deep
// one through). Anything the scan does not understand is left to the
// decoder, which stops at the first syntax error.
func prescan(data []byte) (scanStats, *scanError) {
	s := scanner{data: data, keyMode: true, lineStart: true}
	// The decoder skips a byte-order mark; so must the scan, or a header
	// on the first line would look like an array to it.
	for _, bom := range []string{"\xef\xbb\xbf", "\xff\xfe", "\xfe\xff"} {
		if bytes.HasPrefix(data, []byte(bom)) {
			s.i = len(bom)
			break
		}
	}
	err := s.run()
	return scanStats{entries: s.entries, maxPath: s.maxPath}, err
}

// scanStats is what the scan counted; for a file the decoder accepts they
// equal the decoder's own counts (len(MetaData.Keys()) and its longest
// key), which the fuzz test checks.
type scanStats struct {
	entries int // table headers and key/value pairs, inline tables' included
	maxPath int // parts of the longest full key path
}

type scanner struct {
	data      []byte
	i         int
	stack     [MaxDepth]byte
	depth     int
	keyMode   bool // a key is expected (line start at depth 0, after '{' or ',' in an inline table)
	lineStart bool // only blanks so far on this line
	parts     int  // dotted parts of the key being read
	partLen   int  // bytes of the part being read
	entries   int
	items     int
	// base[d] is the key path length (parts) that keys at depth d extend:
	// the table header's at depth 0, the enclosing key's inside a value.
	base    [MaxDepth + 1]int
	cur     int // full path length of the last key read
	maxPath int
}

func (s *scanner) fail(at int, format string, args ...any) *scanError {
	// Positions are only needed on failure: count lines then.
	line, lineAt := 1, 0
	for j := 0; j < at && j < len(s.data); j++ {
		if s.data[j] == '\n' {
			line, lineAt = line+1, j+1
		}
	}
	return &scanError{line: line, col: at - lineAt + 1, reason: fmt.Sprintf(format, args...)}
}

func (s *scanner) newline() {
	if s.depth == 0 {
		s.keyMode, s.lineStart = true, true
		s.parts, s.partLen = 0, 0
	}
}

func (s *scanner) run() *scanError {
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '\n':
			s.newline()
			s.i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
			continue
		case c == '#':
			for s.i < len(s.data) && s.data[s.i] != '\n' {
				s.i++
			}
			continue
		}
		if s.lineStart && s.depth == 0 && c == '[' {
			if err := s.header(); err != nil {
				return err
			}
			continue
		}
		s.lineStart = false
		switch c {
		case '"', '\'':
			start := s.i
			if err := s.str(); err != nil {
				return err
			}
			if s.keyMode {
				if err := s.keyBytes(start, s.i-start); err != nil {
					return err
				}
			}
			continue
		}
		if err := s.punct(c); err != nil {
			return err
		}
		s.i++
	}
	return nil
}

// punct follows the structure of one character outside strings and
// comments: key assignments, dotted parts, nesting of arrays and inline
// tables, and items, counting each against its limit.
func (s *scanner) punct(c byte) *scanError {
	switch c {
	case '=':
		if s.keyMode {
			s.keyMode = false
			s.cur = s.base[s.depth] + s.parts
			s.maxPath = max(s.maxPath, s.cur)
			s.parts, s.partLen = 0, 0
			s.entries++
			if s.entries > MaxEntries {
				return s.fail(s.i, "more than %d keys", MaxEntries)
			}
		}
	case '.':
		if s.keyMode {
			s.partLen = 0
		}
	case '[', '{':
		if s.depth == MaxDepth {
			return s.fail(s.i, "arrays or inline tables nested deeper than %d levels", MaxDepth)
		}
		s.stack[s.depth] = c
		s.depth++
		s.base[s.depth] = s.cur
		s.keyMode = c == '{'
		s.parts, s.partLen = 0, 0
	case ']', '}':
		if s.depth > 0 {
			s.cur = s.base[s.depth]
			s.depth--
		}
		s.keyMode = false
	case ',':
		if s.depth > 0 && s.stack[s.depth-1] == '{' {
			s.keyMode = true
			s.parts, s.partLen = 0, 0
		} else if s.depth > 0 {
			s.items++
			if s.items > MaxArrayItems {
				return s.fail(s.i, "more than %d array items", MaxArrayItems)
			}
		}
	default:
		if s.keyMode {
			if err := s.keyBytes(s.i, 1); err != nil {
				return err
			}
		}
	}
	return nil
}

// keyBytes adds n bytes at offset at to the key being read; a part starts
// after a dot or at the key's start.
func (s *scanner) keyBytes(at, n int) *scanError {
	if s.partLen == 0 {
		s.parts++
		if s.parts > MaxKeyParts {
			return s.fail(at, "a key with more than %d dotted parts", MaxKeyParts)
		}
	}
	s.partLen += n
	if s.partLen > MaxKeyBytes {
		return s.fail(at, "a key longer than %d bytes", MaxKeyBytes)
	}
	return nil
}

// header reads a table header `[a.b]` or `[[a.b]]` starting at s.i,
// counting its parts. On anything that is not a header it stops; the
// decoder rejects that line.
func (s *scanner) header() *scanError {
	start := s.i
	s.i++
	if s.i < len(s.data) && s.data[s.i] == '[' {
		s.i++
	}
	s.entries++
	if s.entries > MaxEntries {
		return s.fail(start, "more than %d keys", MaxEntries)
	}
	s.lineStart, s.keyMode = false, false
	s.parts, s.partLen = 0, 0
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == ' ' || c == '\t':
			s.i++
		case c == '.':
			s.partLen = 0
			s.i++
		case c == '"' || c == '\'':
			at := s.i
			if err := s.str(); err != nil {
				return err
			}
			if err := s.keyBytes(at, s.i-at); err != nil {
				return err
			}
		case c == ']':
			s.i++
			if s.i < len(s.data) && s.data[s.i] == ']' {
				s.i++
			}
			s.base[0] = s.parts
			s.maxPath = max(s.maxPath, s.parts)
			s.parts, s.partLen = 0, 0
			return nil
		case c == '\n' || c == '#' || c == '=' || c == ',' || c == '[' || c == '{' || c == '}':
			// Not a valid header (the decoder says where); resume the
			// ordinary scan here without consuming c.
			s.parts, s.partLen = 0, 0
			return nil
		default:
			// A bare key's character, or one the decoder refuses: counted
			// either way, so a decoder that took more than ASCII in bare
			// keys could not slip a long path past the scan.
			if err := s.keyBytes(s.i, 1); err != nil {
				return err
			}
			s.i++
		}
	}
	return nil
}

// str skips the string starting at s.i (basic, literal, or their
// multi-line forms), leaving s.i after its closing quotes. A one-line
// string ends at the end of its line even if unterminated (the decoder
// rejects it there).
func (s *scanner) str() *scanError {
	q := s.data[s.i]
	if s.i+2 < len(s.data) && s.data[s.i+1] == q && s.data[s.i+2] == q {
		s.i += 3
		for s.i < len(s.data) {
			c := s.data[s.i]
			switch {
			case c == '\\' && q == '"':
				s.i += 2
			case c == q:
				// A run of 3 to 5 quotes closes the string; up to two of
				// them belong to its content.
				n := 0
				for s.i+n < len(s.data) && s.data[s.i+n] == q && n < 5 {
					n++
				}
				s.i += n
				if n >= 3 {
					return nil
				}
			default:
				s.i++
			}
		}
		return nil
	}
	s.i++
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '\n':
			return nil
		case c == '\\' && q == '"':
			if s.i+1 < len(s.data) && s.data[s.i+1] == '\n' {
				s.i++
				return nil
			}
			s.i += 2
		case c == q:
			s.i++
			return nil
		default:
			s.i++
		}
	}
	return nil
}
