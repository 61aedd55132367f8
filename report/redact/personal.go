package redact

import (
	"net/netip"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Labels written in place of contact details.
const (
	LabelEmail = "<email>"
	LabelPhone = "<phone>"
)

// Categories counted by Stats: what a Redactor replaced.
const (
	StatSecret  = "secret"  // credentials and tokens
	StatHome    = "home"    // home and profile folders
	StatSync    = "sync"    // the sync folder
	StatUser    = "user"    // the user's login or profile name
	StatName    = "name"    // names of the user's documents
	StatAccount = "account" // WPS account IDs
	StatEmail   = "email"   // e-mail addresses
	StatPhone   = "phone"   // telephone numbers
	StatHost    = "host"    // host names (strict)
	StatIP      = "ip"      // private IP addresses (strict)
)

var (
	// emailRe: an address with a dotted domain. Runs after Secrets, so the
	// user info of a URL is already gone.
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// mainlandPhoneRe: a mainland mobile number, 1[3-9]x xxxx xxxx, bare
	// or grouped 3-4-4 with '-' or ' ', optionally after +86 / 0086 / 86.
	mainlandPhoneRe = regexp.MustCompile(`(?:(?:\+|00)?86[ \-]?)?1[3-9][0-9](?:[0-9]{8}|[ \-][0-9]{4}[ \-][0-9]{4})`)
	// intlPhoneRe: "+CC" then groups of digits separated by spaces, dots,
	// dashes or a bracketed area code, 7 to 14 digits after the code.
	intlPhoneRe = regexp.MustCompile(`\+[1-9][0-9]{0,2}(?:[ .\-]?\(?[0-9]{1,4}\)?){2,6}`)
	// accountKeyRe: an account ID given as a key-value pair (userid=…,
	// "uid": …) in logs and configs.
	accountKeyRe = regexp.MustCompile(`(?i)\b(?:user_?id|uid|account_?id|wps_?uid|wpsid|userid)["']?\s*[=:]\s*["']?([0-9]{4,})`)
	// docNameRe: a file name with a document extension in free text (a
	// log line naming a file the sync folder scan never saw).
	// The extension is found by the expression, the name by walking back
	// to a separator (a leading negated class would make the search slow).
	docExtRe = regexp.MustCompile(`(?i)\.(?:docx?|docm|dotx?|xlsx?|xlsm|xltx?|pptx?|pptm|potx?|pdf|wps|wpt|et|ett|dps|dpt|ofd|odt|ods|odp|rtf|txt|csv|md|pages|numbers|key)\b`)
	// hostRe: a dotted host name ending in a common top-level domain (so
	// "Office.conf" and "main.go" are not taken for hosts).
	hostRe = regexp.MustCompile(`(?i)\b(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:com|cn|net|org|io|info|biz|edu|gov|mil|int|co|uk|de|fr|jp|kr|hk|tw|sg|us|ru|au|ca|in|top|xyz|cloud|dev|app|site|online|tech|me|cc|ai|local|lan|corp|internal|intranet|home|localdomain|arpa|test|example|invalid)\b`)
	// ipv4Re and ipv6Re find candidates; netip decides.
	ipv4Re = regexp.MustCompile(`\b[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b`)
	ipv6Re = regexp.MustCompile(`(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%[A-Za-z0-9]+)?`)
)

// contacts replaces e-mail addresses and telephone numbers in s.
func (r *Redactor) contacts(s string) string {
	// Cheap tests first: most strings hold neither.
	if strings.IndexByte(s, '@') >= 0 {
		s = r.replaceBounded(s, emailRe, StatEmail, func(string) string { return LabelEmail })
	}
	if digits(s) < 8 {
		return s
	}
	s = r.replaceBounded(s, intlPhoneRe, StatPhone, func(m string) string {
		if n := digits(m); n < 8 || n > 15 {
			return m
		}
		return LabelPhone
	})
	s = r.replaceBounded(s, mainlandPhoneRe, StatPhone, func(string) string { return LabelPhone })
	return s
}

// replaceBounded replaces matches of re that do not sit inside a longer
// run of letters or digits (an 11-digit byte count inside a larger number
// is not a phone number).
func (r *Redactor) replaceBounded(s string, re *regexp.Regexp, stat string, repl func(string) string) string {
	return r.splice(s, re.FindAllStringIndex(s, -1), stat, func(i, j, _ int) (int, int, string, bool) {
		if (i > 0 && isAlnumByte(s[i-1])) || (j < len(s) && isAlnumByte(s[j])) {
			return 0, 0, "", false
		}
		m := s[i:j]
		out := repl(m)
		return i, j, out, out != m
	})
}

// splice rebuilds s with spans replaced: for each match [i, j) (in order),
// pick returns the span to replace (it may reach back to last, the end of
// the previous replacement), its replacement and whether to replace; each
// replacement is counted under stat. s comes back unchanged when nothing
// is replaced.
func (r *Redactor) splice(s string, locs [][]int, stat string, pick func(i, j, last int) (start, end int, out string, ok bool)) string {
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		start, end, out, ok := pick(l[0], l[1], last)
		if !ok {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(out)
		last = end
		r.count(stat)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// docNames masks file names with a document extension.
// A match followed by ".x" is part of a longer name (account.wps.cn).
func (r *Redactor) docNames(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	return r.splice(s, docExtRe.FindAllStringIndex(s, -1), StatName, func(ext, j, last int) (int, int, string, bool) {
		i := ext
		for i > last && !nameStop(s[i-1]) {
			i--
		}
		if i == ext {
			return 0, 0, "", false // no name before the extension
		}
		if j+1 < len(s) && (s[j] == '.' || s[j] == '-' || s[j] == '_') && isAlnumByte(s[j+1]) {
			return 0, 0, "", false
		}
		return i, j, MaskName(s[i:j]), true
	})
}

// network replaces, under Strict, host names other than the kept ones and
// private, link-local and shared (CGNAT) addresses with numbered
// pseudonyms: the same host or address is the same pseudonym in every file
// this Redactor rewrites.
func (r *Redactor) network(s string) string {
	s = hostRe.ReplaceAllStringFunc(s, func(m string) string {
		h := strings.ToLower(m)
		if r.keepHost(h) {
			return m
		}
		return r.pseudonym("host", h)
	})
	for _, h := range r.hosts {
		s = replaceWord(s, h, func() string { return r.pseudonym("host", strings.ToLower(h)) })
	}
	s = ipv4Re.ReplaceAllStringFunc(s, func(m string) string { return r.ip(m) })
	s = ipv6Re.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Count(m, ":") < 2 {
			return m
		}
		return r.ip(m)
	})
	return s
}

func (r *Redactor) ip(m string) string {
	a, err := netip.ParseAddr(m)
	if err != nil {
		return m
	}
	a = a.Unmap()
	cgnat := netip.MustParsePrefix("100.64.0.0/10")
	if a.IsPrivate() || a.IsLinkLocalUnicast() || cgnat.Contains(a) {
		return r.pseudonym("ip", a.WithZone("").String())
	}
	return m
}

// keepHost: a kept domain or one below it, and localhost.
func (r *Redactor) keepHost(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if h == "localhost" {
		return true
	}
	for _, k := range r.cfg.KeepHosts {
		k = strings.ToLower(strings.Trim(k, ". "))
		if k != "" && (h == k || strings.HasSuffix(h, "."+k)) {
			return true
		}
	}
	return false
}

// pseudonym returns "<host-1>", "<ip-2>"…: one number per distinct value.
func (r *Redactor) pseudonym(kind, v string) string {
	key := kind + "\x00" + v
	if p, ok := r.pseudo[key]; ok {
		r.count(kind)
		return p
	}
	r.pseudoN[kind]++
	p := "<" + kind + "-" + strconv.Itoa(r.pseudoN[kind]) + ">"
	r.pseudo[key] = p
	r.count(kind)
	return p
}

// replaceWord replaces whole-word occurrences of w (ASCII case-insensitive).
func replaceWord(s, w string, repl func() string) string {
	if w == "" {
		return s
	}
	ls, lw := strings.ToLower(s), strings.ToLower(w)
	var b strings.Builder
	last, from := 0, 0
	for {
		k := strings.Index(ls[from:], lw)
		if k < 0 {
			break
		}
		i := from + k
		j := i + len(lw)
		from = j
		if (i > 0 && isHostByte(s[i-1])) || (j < len(s) && isHostByte(s[j])) {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl())
		last = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// nameStop: a byte that cannot be part of a document name in free text.
func nameStop(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', '/', '\\', ':', '"', '\'', '<', '>', '|', '*', '?', '(', ')', '[', ']', '{', '}', ',', ';', '=':
		return true
	}
	return false
}

func isHostByte(c byte) bool {
	return isAlnumByte(c) || c == '-' || c == '_' || c == '.'
}

func isAlnumByte(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

func (r *Redactor) count(stat string) {
	if r.stats == nil {
		r.stats = map[string]int{}
	}
	r.stats[stat]++
}

// Stats returns how many replacements of each category (Stat*) this
// Redactor made, for the support bundle's README.
func (r *Redactor) Stats() map[string]int {
	out := make(map[string]int, len(r.stats))
	for k, v := range r.stats {
		out[k] = v
	}
	return out
}

// StatNames lists the categories with a count in stats, sorted.
func StatNames(stats map[string]int) []string {
	var out []string
	for k, v := range stats {
		if v > 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
