package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"wpsdoctor/catalog"
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
type Policy struct {
	Support Contact `toml:"support"`
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

// PolicyPath is the organisation's policy file on goos:
//
//	Windows: %ProgramData%\wpsdoctor\policy.toml
//	macOS:   /Library/Application Support/wpsdoctor/policy.toml
//	others:  /etc/wpsdoctor/policy.toml
func PolicyPath(goos string, getenv func(string) string) string {
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
