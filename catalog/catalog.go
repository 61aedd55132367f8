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
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"wpsdoctor/assets"
)

// Catalog is the parsed catalogue.
type Catalog struct {
	Schema     int                `toml:"schema" json:"schema"`
	Families   map[string]*Family `toml:"families" json:"families"`
	Thresholds Thresholds         `toml:"thresholds" json:"thresholds"`
	OSMinimum  map[string]string  `toml:"os_minimum" json:"os_minimum"`
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
	DownloadURL string     `toml:"download_url" json:"download_url,omitempty"`
	Endpoints   []Endpoint `toml:"endpoints" json:"endpoints"`
}

// Endpoint is one host of a family.
type Endpoint struct {
	Host  string `toml:"host" json:"host"`
	Role  string `toml:"role" json:"role"` // login, drive, cdn, push
	Ports []int  `toml:"ports" json:"ports"`
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
	c, err := parse(assets.Endpoints, nil, "built-in")
	if err != nil {
		panic("built-in endpoint catalogue is invalid: " + err.Error())
	}
	return c
}

// UserFile is the override path in the user's config dir ("" if unknown).
func UserFile() string {
	dir, err := os.UserConfigDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "wpsdoctor", "endpoints.toml")
}

// Load returns the built-in catalogue with the override file at path laid
// over it. An empty path means no override. On error it still returns the
// built-in catalogue, so a caller may choose to carry on with defaults.
func Load(path string) (*Catalog, error) {
	def := Default()
	if path == "" {
		return def, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return def, fmt.Errorf("endpoint catalogue %s: %w", path, err)
	}
	c, err := parse(assets.Endpoints, data, path)
	if err != nil {
		return def, err
	}
	return c, nil
}

// LoadBytes is Load for an override held in memory (tests, the agent's IPC).
func LoadBytes(override []byte, name string) (*Catalog, error) {
	c, err := parse(assets.Endpoints, override, name)
	if err != nil {
		return Default(), err
	}
	return c, nil
}

func parse(base, override []byte, source string) (*Catalog, error) {
	var c Catalog
	if _, err := toml.NewDecoder(bytes.NewReader(base)).Decode(&c); err != nil {
		return nil, describe("built-in", err)
	}
	if override != nil {
		var o Catalog
		md, err := toml.NewDecoder(bytes.NewReader(override)).Decode(&o)
		if err != nil {
			return nil, describe(source, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			keys := make([]string, len(und))
			for i, k := range und {
				keys[i] = k.String()
			}
			return nil, fmt.Errorf("%s: unknown key(s) %s", source, strings.Join(keys, ", "))
		}
		// Overlay: decoding the override again onto the defaults replaces
		// exactly the values it sets; families are replaced whole.
		for name, f := range o.Families {
			if c.Families == nil {
				c.Families = map[string]*Family{}
			}
			c.Families[name] = f
		}
		saved := c.Families
		c.Families = nil
		if _, err := toml.NewDecoder(bytes.NewReader(override)).Decode(&c); err != nil {
			return nil, describe(source, err)
		}
		c.Families = saved
	}
	c.Source = source
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return &c, nil
}

// describe turns a TOML error into one line that names file, line and column.
func describe(source string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %s", source, pe.Position.Line, pe.Position.Col, pe.Message)
	}
	return fmt.Errorf("%s: %v", source, err)
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
		if f.DownloadURL != "" {
			u, err := url.Parse(f.DownloadURL)
			if err != nil || u.Scheme != "https" || !f.InFamily(u.Hostname()) {
				return fmt.Errorf("family %q download_url %q: must be an https URL on one of %v", name, f.DownloadURL, f.Domains)
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
	c.conflict = nil
	for _, p := range t.ConflictPatterns {
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
