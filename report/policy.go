package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
)

// MaxPolicyBytes caps the organisation's policy file: it holds a few lines.
const MaxPolicyBytes = 16 << 10

// maxPolicyText caps one value of the policy file.
const maxPolicyText = 200

// Policy is the organisation's policy file, which IT deploys in the
// system configuration directory (PolicyPath):
//
//	[support]
//	name = "IT Service Desk"
//	contact = "+86 10 5555 0100, servicedesk@example.com"
//	url = "https://help.example.com/wps"
//
//	[agent]
//	allow = ["dns.flush", "clock.sync", "dns.set"]
//	auto_fix = false
//
// (assets/policy.example.toml is the commented example.)
type Policy struct {
	Support Contact `toml:"support"`
	Agent   Agent   `toml:"agent"`
}

// Agent is what the background agent service may do for users who are not
// administrators.
type Agent struct {
	// Allow lists the fixes the agent runs for any local user without an
	// administrator; nil (the key absent) means DefaultAgentAllow. A list
	// replaces the default: name dns.flush and clock.sync to keep them.
	Allow []string `toml:"allow"`
	// AutoFix lets the agent's watching apply the allowed fixes by itself.
	AutoFix bool `toml:"auto_fix"`
	// DeniedUsers are user names (or numeric IDs) the agent serves nothing.
	DeniedUsers []string `toml:"denied_users"`
	// AllowedGroups, when set, limits the agent to members of these groups
	// (Unix group names; administrators are always served).
	AllowedGroups []string `toml:"allowed_groups"`
}

// DefaultAgentAllow are the fixes the agent runs for users when the policy
// says nothing: the DNS cache flush, the clock sync and the user's own
// cache and configuration fixes. dns.set and firewall.allow need the
// policy to name them.
var DefaultAgentAllow = []string{health.FixDNSFlush, health.FixClockSync, health.FixCacheClear, health.FixConfigReset, health.FixCloudRestart}

// Allowed reports whether the policy lets the agent run fix for a user who
// is not an administrator.
func (a Agent) Allowed(fix string) bool {
	if a.Allow == nil {
		return slices.Contains(DefaultAgentAllow, fix)
	}
	return slices.Contains(a.Allow, fix)
}

// Contact is who helps the user: the organisation's support from the
// policy file, or WPS's official customer service.
type Contact struct {
	Name    string `toml:"name" json:"name,omitempty"`
	Contact string `toml:"contact" json:"contact,omitempty"`
	URL     string `toml:"url" json:"url,omitempty"`
	// Source is the policy file's path, or "catalogue:<family>" for WPS's
	// own customer-service page.
	Source string `toml:"-" json:"source"`
}

// Empty reports whether c names no way to reach anyone.
func (c Contact) Empty() bool { return c.Name == "" && c.Contact == "" && c.URL == "" }

// EnvPolicyFile overrides PolicyPath.
const EnvPolicyFile = "WSD_POLICY_FILE"

// PolicyPath is the organisation's policy file on goos:
//
//	Windows: %ProgramData%\wpsdoctor\policy.toml
//	macOS:   /Library/Application Support/wpsdoctor/policy.toml
//	others:  /etc/wpsdoctor/policy.toml
//
// or the absolute path in $WSD_POLICY_FILE (tests, portable installs).
func PolicyPath(goos string, getenv func(string) string) string {
	if getenv != nil {
		if v := getenv(EnvPolicyFile); v != "" && (strings.HasPrefix(v, "/") || len(v) > 2 && v[1] == ':') {
			return v
		}
	}
	switch goos {
	case "windows":
		pd := ""
		if getenv != nil {
			pd = getenv("ProgramData")
		}
		if len(pd) < 3 || pd[1] != ':' {
			pd = `C:\ProgramData`
		}
		return strings.TrimRight(pd, `\/`) + `\wpsdoctor\policy.toml`
	case "darwin":
		return "/Library/Application Support/wpsdoctor/policy.toml"
	}
	return "/etc/wpsdoctor/policy.toml"
}

// LoadPolicy reads the policy file at path. A missing file is no policy
// (found false, no error); anything else wrong with it is an error naming
// the file, and no policy.
func LoadPolicy(path string) (p Policy, found bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Policy{}, false, nil
	}
	if err != nil {
		return Policy{}, false, fmt.Errorf("policy %s: %w", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return Policy{}, false, fmt.Errorf("policy %s: not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxPolicyBytes+1))
	if err != nil {
		return Policy{}, false, fmt.Errorf("policy %s: %w", path, err)
	}
	p, err = ParsePolicy(data, path)
	if err != nil {
		return Policy{}, false, err
	}
	return p, true, nil
}

// ParsePolicy parses a policy file strictly: size limit, known keys only,
// right types, one short line per value, http(s) URLs.
func ParsePolicy(data []byte, name string) (Policy, error) {
	var p Policy
	if len(data) > MaxPolicyBytes {
		return p, fmt.Errorf("policy %s: over the %d-byte limit", name, MaxPolicyBytes)
	}
	if !utf8.Valid(data) {
		return p, fmt.Errorf("policy %s: not UTF-8 text", name)
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&p)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Policy{}, fmt.Errorf("policy %s:%d:%d: %s", name, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return Policy{}, fmt.Errorf("policy %s: %v", name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		sort.Strings(keys)
		return Policy{}, fmt.Errorf("policy %s: unknown keys %s", name, strings.Join(keys, ", "))
	}
	if err := checkAgent(p.Agent, name); err != nil {
		return Policy{}, err
	}
	s := &p.Support
	for _, v := range []struct{ key, val string }{{"name", s.Name}, {"contact", s.Contact}, {"url", s.URL}} {
		if utf8.RuneCountInString(v.val) > maxPolicyText {
			return Policy{}, fmt.Errorf("policy %s: support.%s is longer than %d characters", name, v.key, maxPolicyText)
		}
		if strings.IndexFunc(v.val, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) }) >= 0 {
			return Policy{}, fmt.Errorf("policy %s: support.%s holds control characters", name, v.key)
		}
	}
	if s.URL != "" {
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			return Policy{}, fmt.Errorf("policy %s: support.url %q must be an http(s) URL", name, s.URL)
		}
	}
	s.Source = name
	return p, nil
}

// SupportContacts says whom the bundle names: the policy's support contact
// when it has one, else WPS's official customer-service page of the
// user's family (family ""—not known—names every family's).
func SupportContacts(p Policy, found bool, cat *catalog.Catalog, family string) []Contact {
	if found && !p.Support.Empty() {
		return []Contact{p.Support}
	}
	if cat == nil {
		return nil
	}
	var out []Contact
	for _, name := range cat.FamilyNames() {
		f := cat.Family(name)
		if f == nil || f.SupportURL == "" || (family != "" && name != family) {
			continue
		}
		out = append(out, Contact{Name: f.Name, URL: f.SupportURL, Source: "catalogue:" + name})
	}
	return out
}

// ContactName is whom c names, in lang: the organisation's name, or "WPS
// customer service (family)" for a catalogue contact; the window's footer
// shows it beside the contact and the URL.
func ContactName(c Contact, lang string) string {
	return contactLine(Contact{Name: c.Name, Source: c.Source}, lang)
}

// checkAgent refuses fix IDs the product does not have and names that
// cannot be user or group names, so a typing error is said, not ignored.
func checkAgent(a Agent, name string) error {
	for _, id := range a.Allow {
		if !slices.Contains(health.FixIDs, id) {
			return fmt.Errorf("policy %s: agent.allow names %q, which is not a fix (see `wpsdoctor fixes`)", name, id)
		}
	}
	for _, list := range []struct {
		key  string
		vals []string
	}{{"denied_users", a.DeniedUsers}, {"allowed_groups", a.AllowedGroups}} {
		for _, v := range list.vals {
			if v == "" || utf8.RuneCountInString(v) > 256 || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				return fmt.Errorf("policy %s: agent.%s holds %q, which is not a name", name, list.key, v)
			}
		}
	}
	return nil
}
