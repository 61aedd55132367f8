// Package catalog loads the endpoint catalogue and thresholds: which hosts
// and ports each WPS service family uses, which resolvers and NTP servers
// serve its region, and the limits the source documents set. The built-in
// catalogue is embedded; an override file serves enterprise deployments and
// tests.
package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"wpsdoctor/assets"
)

// Catalog is the parsed catalogue.
type Catalog struct {
	Schema     int                `toml:"schema" json:"schema"`
	Families   map[string]*Family `toml:"families" json:"families"`
	Thresholds Thresholds         `toml:"thresholds" json:"thresholds"`
	OSMinimum  map[string]string  `toml:"os_minimum" json:"os_minimum"`
	// Account is the account and cloud side's data (account.go).
	Account Account `toml:"account" json:"account"`
	// Servers marks maintenance pages of WPS's own servers (servers.go).
	Servers Servers `toml:"servers" json:"servers"`
	// Source says where the catalogue came from: "built-in" or the
	// override file's path.
	Source string `toml:"-" json:"source"`

	conflict []*regexp.Regexp
}

// Family is one WPS service family (account system).
type Family struct {
	Name       string   `toml:"name" json:"name"`
	Domains    []string `toml:"domains" json:"domains"`
	Resolvers  []string `toml:"resolvers" json:"resolvers"`
	Resolvers6 []string `toml:"resolvers6" json:"resolvers6,omitempty"`
	NTP        []string `toml:"ntp" json:"ntp"`
	// DownloadURL is the official download page (https, in Domains).
	DownloadURL string `toml:"download_url" json:"download_url,omitempty"`
	// SupportURL is the official customer-service page (https, in
	// Domains): the support bundle names it when no organisation policy
	// gives a support contact.
	SupportURL string     `toml:"support_url" json:"support_url,omitempty"`
	Endpoints  []Endpoint `toml:"endpoints" json:"endpoints"`
	// SigninProviders are the family's third-party sign-in hosts
	// (servers.go).
	SigninProviders []SigninProvider `toml:"signin_providers" json:"signin_providers,omitempty"`
}

// Endpoint is one host of a family.
type Endpoint struct {
	Host  string `toml:"host" json:"host"`
	Role  string `toml:"role" json:"role"` // login, drive, cdn, push
	Ports []int  `toml:"ports" json:"ports"`
	// StatusPath is the path net.servers asks the host for ("/" when
	// empty; servers.go).
	StatusPath string `toml:"status_path" json:"status_path,omitempty"`
}

// Thresholds are the numeric limits, all from the source documents.
type Thresholds struct {
	LatencyMS             int      `toml:"latency_ms" json:"latency_ms"`
	JitterMS              int      `toml:"jitter_ms" json:"jitter_ms"`
	LossPercent           float64  `toml:"loss_percent" json:"loss_percent"`
	UplinkMbps            float64  `toml:"uplink_mbps" json:"uplink_mbps"`
	UplinkLargeMbps       float64  `toml:"uplink_large_mbps" json:"uplink_large_mbps"`
	UplinkTarget          string   `toml:"uplink_target" json:"uplink_target,omitempty"`
	DNSSlowMS             int      `toml:"dns_slow_ms" json:"dns_slow_ms"`
	ProbeTimeoutMS        int      `toml:"probe_timeout_ms" json:"probe_timeout_ms"`
	NetworkDeadlineMS     int      `toml:"network_deadline_ms" json:"network_deadline_ms"`
	ClockWarnSeconds      int      `toml:"clock_warn_seconds" json:"clock_warn_seconds"`
	ClockFailSeconds      int      `toml:"clock_fail_seconds" json:"clock_fail_seconds"`
	DiskMinFreeBytes      int64    `toml:"disk_min_free_bytes" json:"disk_min_free_bytes"`
	DiskMaxUsedPercent    float64  `toml:"disk_max_used_percent" json:"disk_max_used_percent"`
	CacheWarnBytes        int64    `toml:"cache_warn_bytes" json:"cache_warn_bytes"`
	FileMaxBytes          int64    `toml:"file_max_bytes" json:"file_max_bytes"`
	FileMaxBytesMember    int64    `toml:"file_max_bytes_member" json:"file_max_bytes_member"`
	PathMaxChars          int      `toml:"path_max_chars" json:"path_max_chars"`
	UnsupportedExtensions []string `toml:"unsupported_extensions" json:"unsupported_extensions"`
	ArchiveExtensions     []string `toml:"archive_extensions" json:"archive_extensions"`
	ConflictPatterns      []string `toml:"conflict_patterns" json:"conflict_patterns"`
	MinMajorVersion       int      `toml:"min_major_version" json:"min_major_version"`
	OldestWorkingMajor    int      `toml:"oldest_working_major" json:"oldest_working_major"`
}

// Family names used by the code; the catalogue may add more.
const (
	Mainland      = "mainland"
	International = "international"
)

// Default returns the built-in catalogue. It cannot fail at run time: a test
// proves the embedded file parses and validates.
func Default() *Catalog {
	c, err := parse(nil, "built-in")
	if err != nil {
		panic("built-in endpoint catalogue is invalid: " + err.Error())
	}
	return c
}

// Load returns the built-in catalogue with the override file at path laid
// over it. An empty path means no override. On error it still returns the
// built-in catalogue, so a caller may choose to carry on with defaults; the
// error is an *Error: one line, naming the file, under MaxMessageBytes.
// A file over MaxFileBytes is refused without being read whole.
func Load(path string) (*Catalog, error) {
	if path == "" {
		return Default(), nil
	}
	data, err := readLimited(path)
	if err != nil {
		return Default(), err
	}
	return LoadBytes(data, path)
}

// readLimited reads at most MaxFileBytes+1 bytes of path: enough to know a
// file is too big (a regular file's size says so before any read; a device
// or pipe is cut off).
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Reason: "cannot read: " + errText(err), Err: err}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil {
		if fi.IsDir() {
			return nil, &Error{File: path, Reason: "is a directory, not a file"}
		}
		if fi.Mode().IsRegular() && fi.Size() > MaxFileBytes {
			return nil, &Error{File: path, Reason: fmt.Sprintf("file is %s, over the %s limit", sizeText(fi.Size()), sizeText(MaxFileBytes))}
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, &Error{File: path, Reason: "cannot read: " + errText(err), Err: err}
	}
	if len(data) > MaxFileBytes {
		return nil, &Error{File: path, Reason: fmt.Sprintf("file is over the %s limit", sizeText(MaxFileBytes))}
	}
	return data, nil
}

// errText is an OS error without the path it repeats.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// LoadBytes is Load for an override held in memory (tests, the agent's IPC);
// name stands for the file in messages.
func LoadBytes(override []byte, name string) (*Catalog, error) {
	if override == nil {
		override = []byte{}
	}
	c, err := parse(override, name)
	if err != nil {
		return Default(), err
	}
	return c, nil
}

// Open opens the catalogue by the product's rule, the same for the console
// tool and the tray:
//   - override given (--config): that file over the built-in catalogue; any
//     problem with it is fatal (err, exit 3 in the console tool);
//   - else the per-user file (userFile, from platform/locations) if it exists: a broken one is
//     ignored, the built-in catalogue is used and warning says why;
//   - else the built-in catalogue.
//
// cat is never nil. warning and err are *Error values (one line, naming
// the file).
func Open(override, userFile string) (cat *Catalog, warning error, err error) {
	if override != "" {
		c, err := Load(override)
		if err != nil {
			return Default(), nil, err
		}
		return c, nil, nil
	}
	p := userFile
	if p == "" {
		return Default(), nil, nil
	}
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return Default(), nil, nil
	}
	c, err := Load(p)
	if err != nil {
		return Default(), err, nil
	}
	return c, nil, nil
}

// parse lays override (nil: none) over the built-in catalogue. The
// override is checked against the limits before the TOML decoder sees it,
// so every input is refused or accepted in time and memory linear in its
// size.
func parse(override []byte, source string) (c *Catalog, err error) {
	defer func() {
		// The limits keep the decoder's recursion shallow; this is the
		// last line of defence, so bad input never ends the program.
		if r := recover(); r != nil {
			c, err = nil, &Error{File: source, Reason: fmt.Sprintf("cannot decode: %v", r)}
		}
	}()
	base, err := builtinTables()
	if err != nil {
		return nil, err
	}
	c = &Catalog{}
	if err := apply(c, base, "built-in"); err != nil {
		return nil, err
	}
	if override != nil {
		if len(override) > MaxFileBytes {
			return nil, &Error{File: source, Reason: fmt.Sprintf("file is over the %s limit", sizeText(MaxFileBytes))}
		}
		if _, se := prescan(override); se != nil {
			return nil, &Error{File: source, Line: se.line, Col: se.col, Reason: "refused: " + se.reason}
		}
		raw, err := decodeTOML(override, source)
		if err != nil {
			return nil, err
		}
		if err := apply(c, raw, source); err != nil {
			return nil, err
		}
	}
	c.Source = source
	if err := c.validate(); err != nil {
		return nil, &Error{File: source, Reason: err.Error()}
	}
	return c, nil
}

// builtin holds the embedded catalogue decoded once. apply copies out of
// it (fresh maps and slices; strings are immutable), so it is never
// changed after the first call.
var builtin struct {
	once sync.Once
	raw  map[string]any
	err  error
}

func builtinTables() (map[string]any, error) {
	builtin.once.Do(func() { builtin.raw, builtin.err = decodeTOML(assets.Endpoints, "built-in") })
	return builtin.raw, builtin.err
}

func decodeTOML(data []byte, source string) (map[string]any, error) {
	var raw map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		return nil, describe(source, err)
	}
	return raw, nil
}

// apply lays the decoded tables raw over c, refusing wrong types anywhere
// and unknown keys.
func apply(c *Catalog, raw map[string]any, source string) error {
	var unknown unknownKeys
	if err := assign("", raw, reflect.ValueOf(c).Elem(), &unknown); err != nil {
		return &Error{File: source, Reason: err.Error()}
	}
	if err := unknown.err(); err != nil {
		return &Error{File: source, Reason: err.Error()}
	}
	return nil
}

// describe turns a TOML error into one line that names file, line and column.
func describe(source string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &Error{File: source, Line: pe.Position.Line, Col: pe.Position.Col, Reason: pe.Message}
	}
	return &Error{File: source, Reason: err.Error()}
}

func (c *Catalog) validate() error {
	if len(c.Families) == 0 {
		return errors.New("no service families")
	}
	for _, name := range c.FamilyNames() {
		f := c.Families[name]
		if f == nil || len(f.Endpoints) == 0 {
			return fmt.Errorf("family %q has no endpoints", name)
		}
		for i, e := range f.Endpoints {
			if !validHost(e.Host) {
				return fmt.Errorf("family %q endpoint %d: invalid host %q", name, i+1, e.Host)
			}
			if len(e.Ports) == 0 {
				return fmt.Errorf("family %q endpoint %q: no ports", name, e.Host)
			}
			for _, p := range e.Ports {
				if p < 1 || p > 65535 {
					return fmt.Errorf("family %q endpoint %q: port %d out of range", name, e.Host, p)
				}
			}
		}
		for _, r := range append(slices.Clone(f.Resolvers), f.Resolvers6...) {
			if _, err := ParseHostPort(r, 53); err != nil {
				return fmt.Errorf("family %q resolver %q: %v", name, r, err)
			}
			host, _, _ := net.SplitHostPort(mustHostPort(r, 53))
			if net.ParseIP(host) == nil {
				return fmt.Errorf("family %q resolver %q: not an IP address", name, r)
			}
		}
		for _, link := range []struct{ key, val string }{{"download_url", f.DownloadURL}, {"support_url", f.SupportURL}} {
			if link.val == "" {
				continue
			}
			u, err := url.Parse(link.val)
			if err != nil || u.Scheme != "https" || !f.InFamily(u.Hostname()) {
				return fmt.Errorf("family %q %s %q: must be an https URL on one of %v", name, link.key, link.val, f.Domains)
			}
		}
		for _, s := range f.NTP {
			if _, err := ParseHostPort(s, 123); err != nil {
				return fmt.Errorf("family %q NTP server %q: %v", name, s, err)
			}
		}
	}
	t := c.Thresholds
	if t.ClockWarnSeconds <= 0 || t.ClockFailSeconds < t.ClockWarnSeconds {
		return fmt.Errorf("thresholds: need 0 < clock_warn_seconds <= clock_fail_seconds (got %d, %d)",
			t.ClockWarnSeconds, t.ClockFailSeconds)
	}
	if t.ProbeTimeoutMS <= 0 || t.NetworkDeadlineMS < t.ProbeTimeoutMS {
		return fmt.Errorf("thresholds: need 0 < probe_timeout_ms <= network_deadline_ms (got %d, %d)",
			t.ProbeTimeoutMS, t.NetworkDeadlineMS)
	}
	if t.LatencyMS <= 0 || t.DNSSlowMS <= 0 || t.PathMaxChars <= 0 || t.FileMaxBytes <= 0 {
		return errors.New("thresholds: latency_ms, dns_slow_ms, path_max_chars and file_max_bytes must be positive")
	}
	if t.DiskMaxUsedPercent <= 0 || t.DiskMaxUsedPercent > 100 {
		return fmt.Errorf("thresholds: disk_max_used_percent %.1f not in (0, 100]", t.DiskMaxUsedPercent)
	}
	if err := c.validateAccountParts(); err != nil {
		return err
	}
	c.conflict = nil
	if len(t.ConflictPatterns) > MaxPatterns {
		return fmt.Errorf("thresholds: %d conflict patterns, more than %d", len(t.ConflictPatterns), MaxPatterns)
	}
	for _, p := range t.ConflictPatterns {
		if len(p) > MaxPatternBytes {
			return fmt.Errorf("thresholds: a conflict pattern of %d bytes, longer than %d", len(p), MaxPatternBytes)
		}
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("thresholds: conflict pattern %q: %v", p, err)
		}
		c.conflict = append(c.conflict, re)
	}
	return nil
}

// ConflictPatterns returns the compiled conflict-copy patterns.
func (c *Catalog) ConflictPatterns() []*regexp.Regexp { return c.conflict }

// FamilyNames returns the family names, mainland and international first.
func (c *Catalog) FamilyNames() []string {
	names := make([]string, 0, len(c.Families))
	for n := range c.Families {
		names = append(names, n)
	}
	rank := func(n string) int {
		switch n {
		case Mainland:
			return 0
		case International:
			return 1
		}
		return 2
	}
	sort.Slice(names, func(i, j int) bool {
		if rank(names[i]) != rank(names[j]) {
			return rank(names[i]) < rank(names[j])
		}
		return names[i] < names[j]
	})
	return names
}

// Family returns the named family or nil.
func (c *Catalog) Family(name string) *Family { return c.Families[name] }

// ParseHostPort splits "host", "host:port", "[v6]:port" or a bare IPv6
// address and fills in the default port.
func ParseHostPort(s string, defPort int) (string, error) {
	if s == "" {
		return "", errors.New("empty address")
	}
	hp := mustHostPort(s, defPort)
	host, port, err := net.SplitHostPort(hp)
	if err != nil {
		return "", err
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return "", fmt.Errorf("bad port %q", port)
	}
	if net.ParseIP(host) == nil && !validHost(host) {
		return "", fmt.Errorf("bad host %q", host)
	}
	return hp, nil
}

func mustHostPort(s string, defPort int) string {
	if ip := net.ParseIP(s); ip != nil {
		return net.JoinHostPort(s, strconv.Itoa(defPort))
	}
	if _, _, err := net.SplitHostPort(s); err == nil {
		return s
	}
	return net.JoinHostPort(s, strconv.Itoa(defPort))
}

// validHost accepts DNS names and IP literals (tests use 127.0.0.1).
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// InFamily reports whether host belongs to one of the family's domains.
func (f *Family) InFamily(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, d := range f.Domains {
		d = strings.ToLower(d)
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}
