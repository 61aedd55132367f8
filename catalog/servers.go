package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Servers is the data of the checks that ask WPS's own servers how they
// are (issue 16 item 5): the words and answers that mark a maintenance
// page. No official maintenance or status page was found (wps-account.md
// §6), so the markers are guesses kept as data.
type Servers struct {
	// MaintenanceMarkers are words that, in a page's title or headings
	// (or anywhere in a short non-HTML answer), mark a maintenance page.
	// Matched case-insensitively.
	MaintenanceMarkers []string `toml:"maintenance_markers" json:"maintenance_markers,omitempty"`
	// RetryAfterStatuses are HTTP statuses that, sent with a Retry-After
	// header, mean planned maintenance (503 by RFC 9110).
	RetryAfterStatuses []int `toml:"retry_after_statuses" json:"retry_after_statuses,omitempty"`
}

// SigninProvider is one third-party sign-in method of a family and the
// host the sign-in needs (issue 16 item 6).
type SigninProvider struct {
	// ID is one of SigninProviderIDs: the program names it in the
	// reader's language.
	ID string `toml:"id" json:"id"`
	// Host is the provider's sign-in host.
	Host string `toml:"host" json:"host"`
	// Port is the TCP port (443 when 0).
	Port int `toml:"port" json:"port,omitempty"`
}

// SigninProviderIDs are the providers whose names have translations. A
// new provider needs its name in assets/i18n/servers.*.json.
var SigninProviderIDs = []string{"wechat", "qq", "google", "apple", "facebook"}

// ServicePort is the port a status request goes to, and a provider's
// default.
const ServicePort = 443

// ProviderPort is p's port (ServicePort when not given).
func (p SigninProvider) ProviderPort() int {
	if p.Port == 0 {
		return ServicePort
	}
	return p.Port
}

// StatusPathOf is the path a status request asks an endpoint for: its
// status_path, or "/".
func (e Endpoint) StatusPathOf() string {
	if e.StatusPath == "" {
		return "/"
	}
	return e.StatusPath
}

// validateAccountParts checks the account table, then the servers data.
func (c *Catalog) validateAccountParts() error {
	if err := c.validateAccount(); err != nil {
		return err
	}
	return c.validateServers()
}

// validateServers checks the servers table, every endpoint's status_path
// and every family's sign-in providers.
func (c *Catalog) validateServers() error {
	s := c.Servers
	if len(s.MaintenanceMarkers) > MaxPatterns {
		return fmt.Errorf("servers: %d maintenance markers, more than %d", len(s.MaintenanceMarkers), MaxPatterns)
	}
	for _, m := range s.MaintenanceMarkers {
		if strings.TrimSpace(m) == "" || len(m) > MaxPatternBytes {
			return fmt.Errorf("servers: maintenance marker %q must be a non-empty word under %d bytes", m, MaxPatternBytes)
		}
	}
	for _, st := range s.RetryAfterStatuses {
		if st < 100 || st > 599 {
			return fmt.Errorf("servers: retry_after_statuses: %d is not an HTTP status", st)
		}
	}
	for _, name := range c.FamilyNames() {
		f := c.Families[name]
		for _, e := range f.Endpoints {
			if p := e.StatusPath; p != "" && (!strings.HasPrefix(p, "/") || len(p) > 256 || strings.ContainsFunc(p, badPathRune)) {
				return fmt.Errorf("family %q endpoint %q: status_path %q must start with / and hold no spaces or control characters", name, e.Host, p)
			}
		}
		if len(f.SigninProviders) > MaxPatterns {
			return fmt.Errorf("family %q: %d sign-in providers, more than %d", name, len(f.SigninProviders), MaxPatterns)
		}
		for i, p := range f.SigninProviders {
			if !slices.Contains(SigninProviderIDs, p.ID) {
				return fmt.Errorf("family %q signin_providers[%d]: id %q is not one of %v", name, i, p.ID, SigninProviderIDs)
			}
			if !validHost(p.Host) {
				return fmt.Errorf("family %q signin_providers[%d]: invalid host %q", name, i, p.Host)
			}
			if p.Port < 0 || p.Port > 65535 {
				return fmt.Errorf("family %q signin_providers[%d]: port %d out of range", name, i, p.Port)
			}
		}
	}
	return nil
}

func badPathRune(r rune) bool { return r <= ' ' || r == 0x7f || r == '#' }
