package redact

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Labels written in place of the well-known roots and the user name.
const (
	LabelHome         = "~"
	LabelLocalAppData = "%LOCALAPPDATA%"
	LabelAppData      = "%APPDATA%"
	LabelSync         = "<sync>"
	LabelUser         = "<user>"
)

// Config is what a Redactor knows about this computer. Empty fields are
// simply not used.
type Config struct {
	Home         string   // the user's home folder, shown as "~"
	LocalAppData string   // %LOCALAPPDATA% (Windows)
	AppData      string   // %APPDATA% (Windows)
	SyncRoot     string   // WPS's local sync folder, shown as "<sync>"; names below it are masked
	UserNames    []string // the user's login and profile names, shown as "<user>"
	AccountIDs   []string // WPS account IDs (the filecache/.<id> folders), masked to the last 3 digits
	// Reveal keeps paths, names and IDs for the local user (--reveal).
	// Secrets are stripped all the same.
	Reveal bool
	// Strict also hides host names (except KeepHosts and the domains below
	// them) and private, link-local and shared IP addresses, as numbered
	// pseudonyms (<host-1>, <ip-1>).
	Strict bool
	// KeepHosts are public domains that stay readable under Strict (the
	// WPS service domains and NTP servers of the catalogue).
	KeepHosts []string
	// HostNames are this computer's own names (no dot), hidden as hosts
	// under Strict.
	HostNames []string
}

// Kind says what a string holds, so it is redacted the right way.
type Kind int

const (
	// Text is free text (messages, errors, evidence values): roots,
	// known document names, account IDs and the user name are replaced
	// wherever they occur. A text that is one absolute path is a Path.
	Text Kind = iota
	// Path is an absolute path on this computer.
	Path
	// SyncPath is a path relative to the sync folder.
	SyncPath
	// Name is the name of one of the user's documents.
	Name
	// DocPath is a path whose every component is the user's (a path in
	// the WPS cloud).
	DocPath
	// Keep is not private (codes, check IDs); secrets are still stripped.
	Keep
)

type root struct {
	path  string
	label string
	fold  bool // Windows path: case-insensitive, either separator
	sync  bool
}

// Redactor rewrites strings for sharing. It learns the names of the
// user's documents and account IDs from the structured values it is shown
// (Learn), so that the same names are also hidden inside free text
// (an error message naming the file). It is not safe for concurrent use.
type Redactor struct {
	cfg   Config
	roots []root
	ids   map[string]bool
	names map[string]bool
	// sorted caches, rebuilt after learning
	dirty    bool
	nameList []string
	idList   []string
	users    []string
	// hosts are Config.HostNames of 3 bytes or more; pseudo and pseudoN
	// number the hosts and addresses Strict hides; stats counts what was
	// replaced.
	hosts   []string
	pseudo  map[string]string
	pseudoN map[string]int
	stats   map[string]int
}

// New returns a Redactor for cfg.
func New(cfg Config) *Redactor {
	r := &Redactor{cfg: cfg, ids: map[string]bool{}, names: map[string]bool{}, dirty: true,
		pseudo: map[string]string{}, pseudoN: map[string]int{}}
	for _, h := range cfg.HostNames {
		if h = strings.TrimSpace(h); len(h) >= 3 && h != "localhost" {
			r.hosts = append(r.hosts, h)
		}
	}
	add := func(p, label string, sync bool) {
		p = trimSep(p)
		if len(p) < 2 || p == "~" {
			return // "/" or "C:" would match everything
		}
		r.roots = append(r.roots, root{path: p, label: label, fold: isWindowsPath(p), sync: sync})
	}
	add(cfg.SyncRoot, LabelSync, true)
	add(cfg.LocalAppData, LabelLocalAppData, false)
	add(cfg.AppData, LabelAppData, false)
	add(cfg.Home, LabelHome, false)
	sort.SliceStable(r.roots, func(i, j int) bool { return len(r.roots[i].path) > len(r.roots[j].path) })
	for _, id := range cfg.AccountIDs {
		r.AddAccountID(id)
	}
	for _, u := range cfg.UserNames {
		// Names shorter than three bytes would garble the text around
		// them; paths with them are covered by the roots.
		if u = strings.TrimSpace(u); len(u) >= 3 {
			r.users = append(r.users, u)
		}
	}
	sort.SliceStable(r.users, func(i, j int) bool { return len(r.users[i]) > len(r.users[j]) })
	return r
}

// Config returns the configuration the Redactor was built from.
func (r *Redactor) Config() Config { return r.cfg }

// AddAccountID adds an account ID to mask wherever it occurs.
func (r *Redactor) AddAccountID(id string) {
	id = strings.TrimPrefix(strings.TrimSpace(id), ".")
	if len(id) >= 4 && allDigits(id) && !r.ids[id] {
		r.ids[id] = true
		r.dirty = true
	}
}

// AddName adds the name of a user's document to hide wherever it occurs.
func (r *Redactor) AddName(name string) {
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || strings.HasPrefix(name, "<name:") || r.names[name] {
		return
	}
	r.names[name] = true
	r.dirty = true
}

// accountRe finds account-ID folders (wps-facts §4): filecache/.<uid>
// (sync state), filecache/<uid> (local copies), WPS Cloud Files/<uid>
// (Windows documents) and WPSDrive/<uid> (the sync folder's parent).
var accountRe = regexp.MustCompile(`(?i)(?:filecache[/\\]\.?|WPS Cloud Files[/\\]|WPSDrive[/\\])([0-9]{4,})\b`)

// Learn records the private names and account IDs in s (of kind k), so
// that Rewrite hides them in every other string too.
func (r *Redactor) Learn(k Kind, s string) {
	r.learnIDs(s)
	switch k {
	case Name:
		r.AddName(s)
	case SyncPath, DocPath:
		for _, c := range splitPath(s) {
			r.AddName(c)
		}
	case Path, Text:
		if k == Text && strings.Contains(s, ": ") {
			break
		}
		if rest, ok := r.underSync(s); ok {
			for _, c := range splitPath(rest) {
				r.AddName(c)
			}
		}
	}
}

// Rewrite returns s (of kind k) fit to share: secrets stripped always;
// roots, names, IDs and the user name replaced unless Reveal is set.
func (r *Redactor) Rewrite(k Kind, s string) string {
	if t := Secrets(s); t != s {
		r.count(StatSecret)
		s = t
	}
	if r.cfg.Reveal || s == "" {
		return s
	}
	switch k {
	case Keep:
		return s
	case Name:
		r.count(StatName)
		return MaskName(s)
	case SyncPath:
		r.count(StatName)
		return LabelSync + "/" + r.maskComponents(strings.TrimLeft(s, `/\`))
	case DocPath:
		r.count(StatName)
		lead := s[:len(s)-len(strings.TrimLeft(s, `/\`))]
		return lead + r.maskComponents(s[len(lead):])
	case Path, Text:
		if k == Text && strings.Contains(s, ": ") {
			break // a message that starts with a path
		}
		if rest, ok := r.underSync(s); ok {
			r.count(StatSync)
			if rest == "" {
				return LabelSync
			}
			return LabelSync + string(rest[0]) + r.maskComponents(rest[1:])
		}
	}
	s = r.text(r.contacts(s))
	s = r.docNames(s)
	if r.cfg.Strict {
		s = r.network(s)
	}
	return s
}

// learnIDs records the account IDs named in s: account folders and
// key-value pairs (userid=…).
func (r *Redactor) learnIDs(s string) {
	for _, m := range accountRe.FindAllStringSubmatch(s, -1) {
		r.AddAccountID(m[1])
	}
	for _, m := range accountKeyRe.FindAllStringSubmatch(s, -1) {
		r.AddAccountID(m[1])
	}
}

// String is Rewrite(Text, s).
func (r *Redactor) String(s string) string { return r.Rewrite(Text, s) }

// underSync reports whether s is one absolute path at or below the sync
// folder, and returns the rest after it ("" or starting with a separator).
func (r *Redactor) underSync(s string) (string, bool) {
	if strings.ContainsAny(s, "\n\r") {
		return "", false
	}
	for _, rt := range r.roots {
		if !rt.sync {
			continue
		}
		if n, ok := matchRoot(s, 0, rt); ok && (n == len(s) || isSep(s[n])) {
			return s[n:], true
		}
	}
	return "", false
}

// maskComponents masks every component of a relative path, keeping the
// separators.
func (r *Redactor) maskComponents(p string) string {
	var b strings.Builder
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || isSep(p[i]) {
			b.WriteString(maskComponent(p[start:i]))
			if i < len(p) {
				b.WriteByte(p[i])
			}
			start = i + 1
		}
	}
	return b.String()
}

func (r *Redactor) prepare() {
	if !r.dirty {
		return
	}
	r.nameList = r.nameList[:0]
	for n := range r.names {
		// Very short names (a, 1.x) would garble the text around them;
		// they are hidden where they appear as paths.
		if len(n) >= 4 {
			r.nameList = append(r.nameList, n)
		}
	}
	sort.Slice(r.nameList, func(i, j int) bool {
		if len(r.nameList[i]) != len(r.nameList[j]) {
			return len(r.nameList[i]) > len(r.nameList[j])
		}
		return r.nameList[i] < r.nameList[j]
	})
	r.idList = r.idList[:0]
	for id := range r.ids {
		r.idList = append(r.idList, id)
	}
	sort.Slice(r.idList, func(i, j int) bool { return len(r.idList[i]) > len(r.idList[j]) })
	r.dirty = false
}

// text replaces, in one left-to-right pass, the roots (with the names
// below the sync folder), known document names, account IDs and the user
// name. What it writes is never scanned again.
func (r *Redactor) text(s string) string {
	r.learnIDs(s)
	r.prepare()
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		if n, rt, ok := r.rootAt(s, i); ok {
			if rt.sync {
				r.count(StatSync)
			} else {
				r.count(StatHome)
			}
			b.WriteString(rt.label)
			i = n
			if rt.sync {
				i = r.syncTail(&b, s, i)
			}
			changed = true
			continue
		}
		if n, ok := r.nameAt(s, i); ok {
			b.WriteString(MaskName(s[i:n]))
			r.count(StatName)
			i, changed = n, true
			continue
		}
		if n, ok := r.idAt(s, i); ok {
			b.WriteString(MaskAccountID(s[i:n]))
			r.count(StatAccount)
			i, changed = n, true
			continue
		}
		if n, ok := r.userAt(s, i); ok {
			b.WriteString(LabelUser)
			r.count(StatUser)
			i, changed = n, true
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		i += size
	}
	if !changed {
		return s
	}
	return b.String()
}

// rootAt matches a root at s[i:], at a boundary on both sides.
func (r *Redactor) rootAt(s string, i int) (int, root, bool) {
	if i > 0 {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '_' || prev == '.' || prev == '-' {
			return 0, root{}, false
		}
	}
	for _, rt := range r.roots {
		if n, ok := matchRoot(s, i, rt); ok && (n == len(s) || !isNameByte(s[n])) {
			return n, rt, true
		}
	}
	return 0, root{}, false
}

// syncTail masks the path components that follow the sync folder in free
// text, up to the end of the path: a known name is taken whole (it may
// hold spaces); otherwise a component ends at a space, a quote, a
// bracket or ": ".
func (r *Redactor) syncTail(b *strings.Builder, s string, i int) int {
	for i < len(s) && isSep(s[i]) {
		j := i + 1
		if j >= len(s) {
			return i
		}
		end := -1
		for _, n := range r.nameList {
			if strings.HasPrefix(s[j:], n) {
				if k := j + len(n); k == len(s) || isSep(s[k]) || isTerminator(s, k) {
					end = k
					break
				}
			}
		}
		if end < 0 {
			end = j
			for end < len(s) && !isSep(s[end]) && !isTerminator(s, end) {
				end++
			}
		}
		if end == j {
			return i
		}
		b.WriteByte(s[i])
		b.WriteString(maskComponent(s[j:end]))
		i = end
	}
	return i
}

func (r *Redactor) nameAt(s string, i int) (int, bool) {
	for _, n := range r.nameList {
		if strings.HasPrefix(s[i:], n) && asciiBounded(s, i, i+len(n)) {
			return i + len(n), true
		}
	}
	return 0, false
}

// userAt matches a user name; an ASCII name only as a whole word.
func (r *Redactor) userAt(s string, i int) (int, bool) {
	for _, u := range r.users {
		if strings.HasPrefix(s[i:], u) && (!isASCII(u) || asciiBounded(s, i, i+len(u))) {
			return i + len(u), true
		}
	}
	return 0, false
}

func (r *Redactor) idAt(s string, i int) (int, bool) {
	if i > 0 && isDigit(s[i-1]) {
		return 0, false
	}
	for _, id := range r.idList {
		if strings.HasPrefix(s[i:], id) && (i+len(id) == len(s) || !isDigit(s[i+len(id)])) {
			return i + len(id), true
		}
	}
	return 0, false
}

// MaskAccountID keeps the last three digits of an account ID: "***789".
func MaskAccountID(id string) string {
	if len(id) <= 3 {
		return "***"
	}
	return "***" + id[len(id)-3:]
}

// MaskName reduces a document name to its length and extension:
// "年度报告.docx" -> "<name:4>.docx". The extension is kept only when it
// looks like one (1-8 ASCII letters or digits).
func MaskName(name string) string {
	if strings.HasPrefix(name, "<name:") {
		return name
	}
	stem, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 && i < len(name)-1 && len(name)-i-1 <= 8 && isAlnumASCII(name[i+1:]) {
		stem, ext = name[:i], name[i:]
	}
	return "<name:" + strconv.Itoa(utf8.RuneCountInString(stem)) + ">" + ext
}

// maskComponent masks one path component: account-ID folders keep their
// last digits, "." and ".." stay, anything else is a name.
func maskComponent(c string) string {
	switch {
	case c == "" || c == "." || c == "..":
		return c
	case len(c) > 4 && c[0] == '.' && allDigits(c[1:]):
		return "." + MaskAccountID(c[1:])
	case len(c) >= 5 && allDigits(c):
		return MaskAccountID(c)
	}
	return MaskName(c)
}

// matchRoot matches rt.path at s[i:], returning the end. Windows roots
// match case-insensitively (ASCII) and with either separator.
func matchRoot(s string, i int, rt root) (int, bool) {
	p := rt.path
	if len(s)-i < len(p) {
		return 0, false
	}
	if !rt.fold {
		if strings.HasPrefix(s[i:], p) {
			return i + len(p), true
		}
		return 0, false
	}
	for k := 0; k < len(p); k++ {
		a, c := s[i+k], p[k]
		if isSep(a) && isSep(c) {
			continue
		}
		if lowerASCII(a) != lowerASCII(c) {
			return 0, false
		}
	}
	return i + len(p), true
}

func splitPath(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' })
}

func trimSep(p string) string {
	p = strings.TrimSpace(p)
	for len(p) > 1 && isSep(p[len(p)-1]) {
		p = p[:len(p)-1]
	}
	return p
}

func isWindowsPath(p string) bool {
	return strings.Contains(p, `\`) || (len(p) >= 2 && p[1] == ':')
}

func isSep(c byte) bool { return c == '/' || c == '\\' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isAlnumASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			return false
		}
	}
	return s != ""
}

// isNameByte: a byte that continues a path component (so "/home/ann"
// does not match inside "/home/anna").
func isNameByte(c byte) bool {
	return c >= 0x80 || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.'
}

// isTerminator: where a path in free text ends.
func isTerminator(s string, i int) bool {
	switch s[i] {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', ')', ']', '}', '>', ',', ';':
		return true
	case ':':
		return i+1 == len(s) || s[i+1] == ' '
	}
	return false
}

func asciiBounded(s string, i, j int) bool {
	alnum := func(c byte) bool { return c < 0x80 && isNameByte(c) && c != '.' && c != '-' }
	return (i == 0 || !alnum(s[i-1])) && (j == len(s) || !alnum(s[j]))
}
