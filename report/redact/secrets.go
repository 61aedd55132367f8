// Package redact makes reports safe to share. It is pure (standard library
// only) so the CLI, the tray's "Copy report" and the support bundle use the
// same functions:
//
//   - Secrets and ProxyURL strip credentials and token-like strings. They
//     run at the source (text copied from WPS's files, proxy settings) and
//     again on every shared report: nothing shows a credential, not even
//     with --reveal.
//   - A Redactor, built from the well-known roots of this computer (home,
//     %LOCALAPPDATA%, the sync folder), the user name and the WPS account
//     IDs, rewrites paths and text for sharing: paths relative to the roots,
//     account IDs masked to their last three digits, names of the user's
//     documents reduced to their length and extension.
//   - EscapeControls and EscapeText make any text safe to print on a
//     terminal or show in a window (no escape sequences, no bidi overrides).
package redact

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// Placeholders written in place of secrets.
const (
	Hidden = "<redacted>"
	JWT    = "<jwt>"
)

var (
	// scheme://user:password@host -> scheme://host. The authority ends
	// at the first '/', '?', '#' or space; the user info at its last '@'.
	userinfoRe = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s@]*@`)
	// key=value and key: value pairs whose key names a credential; the key
	// may be quoted (JSON) and carry a prefix (wps_sid, csrftoken, x-auth-token).
	credRe = regexp.MustCompile(`(?i)([A-Za-z0-9_.\-]*(?:sid|token|session|sessionid|ticket|secret|passwd|password|pwd|apikey|api_key|cookie|signature|credential|credentials)["']?\s*[=:]\s*["']?)([^\s&;,"'<>{}\[\]]+)`)
	// Authorization headers.
	bearerRe = regexp.MustCompile(`(?i)\b(bearer|basic|digest)\s+[A-Za-z0-9._~+/\-]{8,}=*`)
	// JSON Web Tokens: three base64url parts, the first a JSON object.
	jwtRe = regexp.MustCompile(`eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*`)
	// Long hexadecimal runs (session IDs, keys).
	hexRe = regexp.MustCompile(`\b[0-9A-Fa-f]{32,}\b`)
	// Long base64/base64url runs; checked for mixed character classes so
	// ordinary words and paths are left alone.
	b64Re = regexp.MustCompile(`[A-Za-z0-9+_\-]{24,}={0,2}`)
)

// Secrets removes credentials and token-like strings from s: user info in
// URLs, key=value pairs naming a session, token, password or cookie,
// Authorization values, JWTs, and long hexadecimal or base64 runs.
func Secrets(s string) string {
	if s == "" {
		return s
	}
	s = userinfoRe.ReplaceAllString(s, "$1")
	s = jwtRe.ReplaceAllString(s, JWT)
	s = bearerRe.ReplaceAllString(s, "$1 "+Hidden)
	s = credRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := credRe.FindStringSubmatch(m)
		if sub[2] == Hidden || sub[2] == JWT || strings.HasPrefix(sub[2], "<") {
			return m
		}
		return sub[1] + Hidden
	})
	s = hexRe.ReplaceAllString(s, Hidden)
	s = b64Re.ReplaceAllStringFunc(s, func(m string) string {
		if tokenLike(m) {
			return Hidden
		}
		return m
	})
	return s
}

// tokenLike: a run of letters and digits counts as a token when it mixes
// upper case, lower case and digits and switches between them often, as
// random strings do (V02SbGxQ3vRt…); words, CamelCase identifiers
// (TestReportsRedact601389964) and versions do not.
func tokenLike(s string) bool {
	var upper, lower, digit, switches int
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		class := byte(0)
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
			class = 'A'
		case c >= 'a' && c <= 'z':
			lower++
			class = 'a'
		case c >= '0' && c <= '9':
			digit++
			class = '0'
		}
		if class != 0 && prev != 0 && class != prev {
			switches++
		}
		if class != 0 {
			prev = class
		}
	}
	return upper > 0 && lower > 0 && digit > 0 && switches*10 >= len(s)*4
}

// ProxyURL returns a proxy setting without its user info: for
// "socks5://alice:pw@127.0.0.1:1080" it returns "socks5://127.0.0.1:1080",
// for "alice:pw@proxy:3128" "proxy:3128". The query of a PAC URL loses
// its token-like parameters.
func ProxyURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if !strings.Contains(s, "://") {
		if i := strings.LastIndex(s, "@"); i >= 0 && !strings.ContainsAny(s[:i], "/?#") {
			s = s[i+1:]
		}
		return Secrets(s)
	}
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		if u.User != nil {
			u.User = nil
			s = u.String()
		}
	}
	return Secrets(s)
}

// HasUserinfo reports whether a proxy setting carries user info.
func HasUserinfo(s string) bool {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		return err == nil && u.User != nil
	}
	return strings.Contains(s, "@")
}

// bidi are the Unicode formatting characters that reorder text on screen
// (embeddings, overrides and isolates) plus the marks that hide in names.
func isBidi(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// isControl: C0, DEL, C1, bidi formatting characters, and the line and
// paragraph separators.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F) || isBidi(r) || r == 0x2028 || r == 0x2029
}

// EscapeControls makes s safe to print on one line of a terminal or a
// label: every control character (C0 including tab and newline, DEL, C1,
// bidi overrides and isolates) is written as a visible escape (\x1b,
// \u202e), so a file name cannot move the cursor, set the window title,
// clear the screen or reorder what the reader sees. Invalid UTF-8 bytes
// become \xNN. Printable text, CJK included, is unchanged.
func EscapeControls(s string) string { return escape(s, false) }

// EscapeText is EscapeControls for multi-line text: newlines and tabs are
// kept, everything else is escaped.
func EscapeText(s string) string { return escape(s, true) }

func escape(s string, keepLines bool) string {
	clean := true
	for i, r := range s {
		if isControl(r) || r == unicode.ReplacementChar && invalidAt(s, i) {
			if keepLines && (r == '\n' || r == '\t') {
				continue
			}
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	const hex = "0123456789abcdef"
	for i, r := range s {
		switch {
		case r == unicode.ReplacementChar && invalidAt(s, i):
			c := s[i]
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x80 && isControl(r):
			b.WriteString(`\x`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&15])
		case isControl(r):
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hex[(r>>shift)&15])
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// invalidAt reports whether the rune decoded at s[i] is an invalid byte
// (rather than a real U+FFFD in the text).
func invalidAt(s string, i int) bool {
	return !strings.HasPrefix(s[i:], "\uFFFD")
}
