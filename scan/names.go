package scan

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// invalidName returns why name cannot exist on Windows or macOS, or "".
// Windows forbids <>:"/\|?* and control characters, trailing dots and
// spaces, and the DOS device names (also with an extension); macOS Finder
// forbids ':' and the sync service needs valid UTF-8 to send the name.
func invalidName(name string) string {
	if !utf8.ValidString(name) {
		return "not valid UTF-8"
	}
	for i := 0; i < len(name); i++ { // all forbidden characters are ASCII
		if c := name[i]; badASCII[c] {
			if c < 0x20 {
				return fmt.Sprintf("control character U+%04X", c)
			}
			return fmt.Sprintf("character %q", rune(c))
		}
	}
	switch name[len(name)-1] {
	case '.':
		return "trailing dot"
	case ' ':
		return "trailing space"
	}
	if dev := reservedName(name); dev != "" {
		return "reserved name " + dev
	}
	return ""
}

// badASCII marks the bytes no name may contain on Windows.
var badASCII = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for _, c := range []byte(`<>:"/\|?*`) {
		t[c] = true
	}
	return t
}()

// reservedName returns the DOS device name that name stands for on Windows
// ("con.txt" and "NUL .doc" both open the device), or "".
func reservedName(name string) string {
	base := name
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	base = strings.TrimRight(base, " ")
	switch len(base) {
	case 3:
		up := strings.ToUpper(base)
		switch up {
		case "CON", "PRN", "AUX", "NUL":
			return up
		}
	case 4, 5: // COM1..COM9, LPT1..LPT9 and the superscript digits ¹²³ (2 bytes)
		up := strings.ToUpper(base[:3])
		if up != "COM" && up != "LPT" {
			return ""
		}
		switch d := base[3:]; d {
		case "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return up + d
		}
	}
	return ""
}

// escape makes a name or path printable and valid UTF-8: valid text is
// unchanged, each invalid byte becomes \xNN as strconv.Quote writes it.
func escape(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Kinds of name issue (NameIssue), for a message that tells a person what
// to change.
const (
	IssueChar          = "char"           // value: the character, e.g. ":"
	IssueControl       = "control"        // value: "U+0009"
	IssueTrailingDot   = "trailing_dot"   // value: ""
	IssueTrailingSpace = "trailing_space" // value: ""
	IssueReserved      = "reserved"       // value: the device name, e.g. "CON"
	IssueEncoding      = "encoding"       // value: "": not valid UTF-8
)

// NameIssue splits an InvalidName detail (as invalidName writes it) into
// the kind of issue and the offending value; kind is "" for a detail it
// does not know.
func NameIssue(detail string) (kind, value string) {
	switch {
	case detail == "not valid UTF-8":
		return IssueEncoding, ""
	case detail == "trailing dot":
		return IssueTrailingDot, ""
	case detail == "trailing space":
		return IssueTrailingSpace, ""
	case strings.HasPrefix(detail, "control character "):
		return IssueControl, strings.TrimPrefix(detail, "control character ")
	case strings.HasPrefix(detail, "reserved name "):
		return IssueReserved, strings.TrimPrefix(detail, "reserved name ")
	case strings.HasPrefix(detail, "character "):
		if r, _, tail, err := strconv.UnquoteChar(strings.TrimSuffix(strings.TrimPrefix(detail, "character '"), "'"), '\''); err == nil && tail == "" {
			return IssueChar, string(r)
		}
	}
	return "", ""
}
