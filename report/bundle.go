package report

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/wps"
	"wpsdoctor/report/redact"
)

// Mode is how much a support bundle hides.
type Mode string

const (
	// ModeDefault hides the user's names and folders, document names,
	// account IDs, e-mail addresses and phone numbers.
	ModeDefault Mode = "default"
	// ModeStrict also hides host names and private IP addresses.
	ModeStrict Mode = "strict"
	// ModeOff keeps them (the user must confirm). Credentials and tokens
	// are removed in every mode.
	ModeOff Mode = "off"
)

// ParseMode reads --redact.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case ModeDefault, ModeStrict, ModeOff:
		return m, nil
	case "":
		return ModeDefault, nil
	}
	return "", fmt.Errorf("unknown redaction %q (use default, strict or off)", s)
}

// Limits of what a bundle copies from a file: the most recent part.
const (
	MaxJournalBytes = 1 << 20
	MaxLogBytes     = 1 << 20
	MaxHistory      = 50
)

// HistoryEntry is one applied fix of the journal, as the bundle lists it.
type HistoryEntry struct {
	ID      string
	Time    time.Time
	Fix     string
	State   string
	Outcome string
	Pending bool
	Error   string
}

// LogFile is one of the app's own log files.
type LogFile struct {
	Name string // base name, e.g. wpsdoctor.log
	Data []byte // the most recent part (Tail)
	Cut  bool   // older lines were left out
}

// BundleInput is everything a support bundle is made of, gathered by the
// program (see cmd/wpsdoctor/report.go); Build only formats and redacts.
type BundleInput struct {
	// Report is the diagnosis, rendered (Localize) but not redacted.
	Report health.Report
	// Lang is the user's language; the summary is also in English.
	Lang string
	Mode Mode
	// Roots are this computer's roots and names (product.Sharing without
	// reveal); Build adds what the mode asks.
	Roots redact.Config
	// KeepHosts stay readable under ModeStrict (CatalogHosts); HostNames
	// are this computer's names.
	KeepHosts, HostNames []string
	// Install is the WPS installation (nil: not looked for); InstallErr
	// why discovery failed.
	Install    *wps.Install
	InstallErr error
	// Catalogue names where the endpoint catalogue came from.
	Catalogue string
	// Journal is the most recent part of the fix journal (nil: none);
	// JournalCut says older lines were left out.
	Journal    []byte
	JournalCut bool
	History    []HistoryEntry
	// StateDir is where the journal and logs were looked for.
	StateDir string
	Logs     []LogFile
	// Support are the contacts the bundle names; PolicyPath is where the
	// organisation's policy is read, PolicyErr why it was not used.
	Support    []Contact
	PolicyPath string
	PolicyErr  error
	// Time is when the bundle is made.
	Time time.Time
}

// BundleFile is one file of the bundle.
type BundleFile struct {
	Name string
	Data []byte
	// About says what the file holds, in the user's language.
	About string
}

// Bundle is a support bundle ready to write: README.txt first.
type Bundle struct {
	Files []BundleFile
	// Code is the support code (SupportCode), also in README.txt.
	Code string
	// Stats counts what redaction replaced, per category (redact.Stat*).
	Stats map[string]int
}

// README returns README.txt.
func (b *Bundle) README() string {
	for _, f := range b.Files {
		if f.Name == ReadmeName {
			return string(f.Data)
		}
	}
	return ""
}

// Names of the files in the bundle.
const (
	ReadmeName  = "README.txt"
	SummaryName = "summary.md"
	ReportName  = "report.json"
	SystemName  = "system.json"
	HistoryName = "history.txt"
	JournalName = "journal.jsonl"
	LogDir      = "logs/"
)

// Build makes the bundle: every file redacted by one Redactor, so a value
// is replaced the same way in every file, then the README and the code.
func Build(in BundleInput) (*Bundle, error) {
	lang := i18n.Normalize(in.Lang)
	t := func(key string, kv ...any) string {
		m := health.Msg(key, kv...)
		return i18n.T(lang, m.Key, m.Args)
	}
	r, syncRoot := bundleRedactor(in)
	rep := RedactWith(r, in.Report)
	b := &Bundle{}
	add := func(name string, data []byte, about string) {
		b.Files = append(b.Files, BundleFile{Name: name, Data: data, About: about})
	}
	add(SummaryName, []byte(summaryText(in, rep, lang)), t("bundle.file.summary"))
	js, err := indentJSON(rep)
	if err != nil {
		return nil, err
	}
	add(ReportName, js, t("bundle.file.report"))
	sys, err := r.JSON(systemFacts(in, syncRoot), nil)
	if err != nil {
		return nil, err
	}
	if sys, err = reindent(sys); err != nil {
		return nil, err
	}
	add(SystemName, sys, t("bundle.file.system"))

	var notIncluded []string
	stateDir := r.Rewrite(redact.Path, in.StateDir)
	if stateDir == "" {
		stateDir = "?" // no home folder and no WSD_STATE_DIR
	}
	if len(in.History) > 0 {
		add(HistoryName, []byte(historyText(r, in.History)), t("bundle.file.history", "count", min(len(in.History), MaxHistory)))
	}
	if in.Journal != nil {
		about := t("bundle.file.journal")
		if in.JournalCut {
			about += " " + t("bundle.cut", "bytes", MaxJournalBytes)
		}
		add(JournalName, redactJournal(r, in.Journal), about)
	} else {
		notIncluded = append(notIncluded, t("bundle.no_journal", "dir", stateDir))
	}
	for _, l := range in.Logs {
		about := t("bundle.file.log")
		if l.Cut {
			about += " " + t("bundle.cut", "bytes", MaxLogBytes)
		}
		add(LogDir+safeName(l.Name), redactLines(r, l.Data), about)
	}
	if len(in.Logs) == 0 {
		notIncluded = append(notIncluded, t("bundle.no_log", "dir", stateDir))
	}

	b.Stats = r.Stats()
	b.Code = SupportCode(b.Files, in.Time)
	readme := readmeText(in, b, notIncluded, lang, r)
	b.Files = append([]BundleFile{{Name: ReadmeName, Data: []byte(readme), About: t("bundle.file.readme")}}, b.Files...)
	return b, nil
}

// bundleRedactor is one redactor for every file of the bundle, so the
// same value gets the same replacement everywhere: it learns from the
// report, the install, the journal and the logs before anything is
// written. It also returns the sync folder it found.
func bundleRedactor(in BundleInput) (*redact.Redactor, string) {
	cfg := in.Roots
	if cfg.SyncRoot == "" && in.Install != nil {
		cfg.SyncRoot = in.Install.SyncRoot
	}
	if cfg.SyncRoot == "" {
		cfg.SyncRoot = SyncRootOf(in.Report)
	}
	cfg.Reveal = in.Mode == ModeOff
	cfg.Strict = in.Mode == ModeStrict
	cfg.KeepHosts = append(cfg.KeepHosts, in.KeepHosts...)
	cfg.HostNames = append(cfg.HostNames, in.HostNames...)
	r := redact.New(cfg)
	LearnReport(r, in.Report)
	if in.Install != nil {
		for _, p := range append(append([]string{in.Install.Root}, in.Install.SyncDBs...), in.Install.ConfigDirs...) {
			r.Learn(redact.Path, p)
		}
	}
	for _, line := range lines(in.Journal) {
		_ = r.LearnJSON(line, nil)
	}
	for _, l := range in.Logs {
		for _, line := range lines(l.Data) {
			r.Learn(redact.Text, string(line))
		}
	}
	return r, cfg.SyncRoot
}

// summaryText is summary.md: the user's language, then English for the
// helpdesk.
func summaryText(in BundleInput, rep health.Report, lang string) string {
	var sum strings.Builder
	sum.WriteString(supportMarkdown(in.Support, lang))
	sum.WriteString(Markdown(rep, lang))
	if lang != i18n.English {
		sum.WriteString("\n---\n\n")
		sum.WriteString(supportMarkdown(in.Support, i18n.English))
		sum.WriteString(Markdown(rep, i18n.English))
	}
	return sum.String()
}

// redactJournal rewrites each JSON line of the journal (a line that is not
// JSON, such as a torn last one, as text).
func redactJournal(r *redact.Redactor, journal []byte) []byte {
	var j bytes.Buffer
	for _, line := range lines(journal) {
		out, err := r.JSON(line, nil)
		if err != nil {
			out = []byte(r.String(string(line)))
		}
		j.Write(out)
		j.WriteByte('\n')
	}
	return j.Bytes()
}

// redactLines rewrites a log line by line.
func redactLines(r *redact.Redactor, data []byte) []byte {
	var lb bytes.Buffer
	for _, line := range lines(data) {
		lb.WriteString(r.String(string(line)))
		lb.WriteByte('\n')
	}
	return lb.Bytes()
}

// readmeText is README.txt: the code, the contact, every file with what
// it holds, what is not included and why, and what was redacted.
func readmeText(in BundleInput, b *Bundle, notIncluded []string, lang string, r *redact.Redactor) string {
	t := func(key string, kv ...any) string {
		m := health.Msg(key, kv...)
		return i18n.T(lang, m.Key, m.Args)
	}
	var w strings.Builder
	fmt.Fprintf(&w, "%s\n\n", t("bundle.readme.title"))
	fmt.Fprintf(&w, "%s\n", t("bundle.readme.code", "code", b.Code))
	fmt.Fprintf(&w, "%s\n", t("bundle.readme.created", "time", in.Time.UTC().Format("2006-01-02 15:04:05 UTC"),
		"tool", strings.TrimSpace(in.Report.Tool.Name+" "+in.Report.Tool.Version)))
	fmt.Fprintf(&w, "\n%s\n", t("bundle.readme.support"))
	for _, c := range in.Support {
		fmt.Fprintf(&w, "  %s\n", contactLine(c, lang))
	}
	if len(in.Support) == 0 {
		fmt.Fprintf(&w, "  %s\n", t("bundle.readme.no_support"))
	}
	if in.PolicyErr != nil {
		fmt.Fprintf(&w, "  %s\n", t("bundle.readme.policy_error", "error", r.String(in.PolicyErr.Error())))
	}

	fmt.Fprintf(&w, "\n%s\n", t("bundle.readme.files"))
	fmt.Fprintf(&w, "  * %s — %s\n", ReadmeName, t("bundle.file.readme"))
	for _, f := range b.Files {
		fmt.Fprintf(&w, "  * %s — %s\n", f.Name, f.About)
	}
	if len(notIncluded) > 0 {
		fmt.Fprintf(&w, "\n%s\n", t("bundle.readme.not_included"))
		for _, s := range notIncluded {
			fmt.Fprintf(&w, "  - %s\n", s)
		}
	}

	fmt.Fprintf(&w, "\n%s\n", t("bundle.readme.redaction", "mode", string(in.Mode)))
	fmt.Fprintf(&w, "  %s\n", t(i18n.MemberKey("bundle.mode", string(in.Mode))))
	fmt.Fprintf(&w, "  %s\n", t("bundle.readme.secrets"))
	if names := redact.StatNames(b.Stats); len(names) > 0 {
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = fmt.Sprintf("%s %d", t(i18n.MemberKey("bundle.stat", n)), b.Stats[n])
		}
		fmt.Fprintf(&w, "  %s\n", t("bundle.readme.replaced", "counts", strings.Join(parts, ", ")))
	} else {
		fmt.Fprintf(&w, "  %s\n", t("bundle.readme.nothing_replaced"))
	}

	fmt.Fprintf(&w, "\n%s\n", t("bundle.readme.policy"))
	for _, goos := range []string{"windows", "darwin", "linux"} {
		fmt.Fprintf(&w, "  %-8s %s\n", goos, PolicyPath(goos, nil))
	}
	return w.String()
}

// contactLine is one contact on one line, in lang.
func contactLine(c Contact, lang string) string {
	var parts []string
	name := c.Name
	if fam, ok := strings.CutPrefix(c.Source, "catalogue:"); ok {
		family := fam
		if fam == catalog.Mainland || fam == catalog.International {
			family = i18n.KeyRef + i18n.MemberKey("bundle.family", fam)
		}
		name = i18n.T(lang, "bundle.wps_support", map[string]any{"family": family})
	}
	for _, s := range []string{name, c.Contact, c.URL} {
		if s != "" {
			parts = append(parts, redact.EscapeControls(s))
		}
	}
	return strings.Join(parts, " · ")
}

func supportMarkdown(cs []Contact, lang string) string {
	if len(cs) == 0 {
		return ""
	}
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "> %s %s\n", md(i18n.T(lang, "bundle.summary.support", nil)), md(contactLine(c, lang)))
	}
	b.WriteString("\n")
	return b.String()
}

// historyText lists the most recent fixes, newest last, redacted.
func historyText(r *redact.Redactor, h []HistoryEntry) string {
	if len(h) > MaxHistory {
		h = h[len(h)-MaxHistory:]
	}
	var b strings.Builder
	for _, e := range h {
		line := fmt.Sprintf("%s  %s  %-18s %s %s", e.ID, e.Time.UTC().Format("2006-01-02 15:04:05Z"), e.Fix, e.State, e.Outcome)
		if e.Pending {
			line += "  (pending)"
		}
		if e.Error != "" {
			line += "  " + e.Error
		}
		b.WriteString(r.String(line))
		b.WriteByte('\n')
	}
	return b.String()
}

// systemFacts are the system and WPS facts, as JSON to be redacted.
func systemFacts(in BundleInput, syncRoot string) []byte {
	type finding struct {
		Status   health.Status  `json:"status"`
		Code     string         `json:"code,omitempty"`
		Text     string         `json:"text,omitempty"`
		Evidence map[string]any `json:"evidence,omitempty"`
	}
	facts := map[string]any{
		"tool":         in.Report.Tool,
		"generated_at": in.Report.GeneratedAt,
		"os":           in.Report.Host,
		"catalogue":    in.Catalogue,
		"redaction":    in.Mode,
	}
	switch {
	case in.Install != nil:
		in2 := *in.Install
		w := map[string]any{"install": in2, "service_family": in2.ServiceFamily()}
		if syncRoot != "" && in2.SyncRoot == "" {
			w["sync_root_from_report"] = syncRoot
		}
		facts["wps"] = w
	case in.InstallErr != nil:
		facts["wps"] = map[string]any{"error": in.InstallErr.Error()}
	}
	// The findings that describe the system: processes, proxy, VPN,
	// firewall, OS and install.
	sections := map[string]string{
		"os.supported": "os_support", "wps.installed": "wps_installed", "wps.version": "wps_version",
		"wps.process": "processes", "net.proxy": "proxy", "net.vpn": "vpn", "firewall.rules": "firewall",
	}
	for _, f := range in.Report.Findings {
		if key, ok := sections[f.Check]; ok {
			facts[key] = finding{f.Status, f.Code, f.Text, f.Evidence}
		}
	}
	data, err := json.Marshal(facts)
	if err != nil {
		data, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return data
}

// CatalogHosts are the public names a strict bundle keeps: the service
// families' domains and NTP servers.
func CatalogHosts(c *catalog.Catalog) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, n := range c.FamilyNames() {
		f := c.Family(n)
		out = append(out, f.Domains...)
		for _, s := range f.NTP {
			if h, _, ok := strings.Cut(s, ":"); ok {
				s = h
			}
			out = append(out, s)
		}
		for _, e := range f.Endpoints {
			out = append(out, e.Host)
		}
	}
	return out
}

// SupportCode is a short code the user can read over the phone: the first
// 40 bits of SHA-256 over the files and the time, in Crockford base32
// (no I, L, O, U), as two groups of four: "7KQ2-M9XD".
func SupportCode(files []BundleFile, at time.Time) string {
	h := sha256.New()
	for _, f := range files {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f.Data)))
		h.Write([]byte(f.Name))
		h.Write([]byte{0})
		h.Write(n[:])
		h.Write(f.Data)
	}
	h.Write([]byte(at.UTC().Format(time.RFC3339Nano)))
	sum := h.Sum(nil)
	v := uint64(sum[0])<<32 | uint64(sum[1])<<24 | uint64(sum[2])<<16 | uint64(sum[3])<<8 | uint64(sum[4])
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var c [8]byte
	for i := 7; i >= 0; i-- {
		c[i] = alphabet[v&31]
		v >>= 5
	}
	return string(c[:4]) + "-" + string(c[4:])
}

// WriteZip writes the bundle as a zip archive, README.txt first, every
// entry dated at.
func (b *Bundle) WriteZip(w io.Writer, at time.Time) error {
	zw := zip.NewWriter(w)
	for _, f := range b.Files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: at.UTC()})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Tail returns at most max bytes from the end of data, starting at a
// line, and whether anything was left out.
func Tail(data []byte, max int) ([]byte, bool) {
	if len(data) <= max {
		return data, false
	}
	prev := data[len(data)-max-1]
	data = data[len(data)-max:]
	if prev != '\n' { // cut inside a line: drop its rest
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		} else {
			data = data[:0]
		}
	}
	return data, true
}

// lines splits data into its non-empty lines (without the newline).
func lines(data []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		l = bytes.TrimRight(l, "\r")
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// safeName keeps a log file's base name to letters, digits, '.', '-' and '_'.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (r == '.' || r == '-' || r == '_' || (r >= '0' && r <= '9') || (r|0x20 >= 'a' && r|0x20 <= 'z')) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 || strings.Trim(b.String(), ".") == "" {
		return "log.txt"
	}
	return b.String()
}

func indentJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func reindent(data []byte) ([]byte, error) {
	var b bytes.Buffer
	if err := json.Indent(&b, data, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
