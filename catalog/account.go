package catalog

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Account is the catalogue's data about the account and cloud side
// (issue 16): how the client's sync-error rows map to classes, the free
// plan's quota, and per family its official links and current releases.
// Everything here is uncertain to some degree (wps-account.md gives each
// fact a confidence letter), which is why it is data and not code.
type Account struct {
	// FreeQuotaBytes is the free plan's cloud space (1 GB per account,
	// official for the international family; the mainland figure was
	// not found and is assumed the same).
	FreeQuotaBytes int64 `toml:"free_quota_bytes" json:"free_quota_bytes"`
	// QuotaNoticePercent: a local sync folder holding at least this share
	// of the free quota is called "close to the free plan's limit".
	QuotaNoticePercent float64 `toml:"quota_notice_percent" json:"quota_notice_percent"`
	// SyncErrors classify failed rows of the client's sync databases; the
	// first rule that matches wins.
	SyncErrors []SyncErrorRule `toml:"sync_errors" json:"sync_errors"`
	// Families holds per service family (mainland, international) the
	// official links and current releases.
	Families map[string]*AccountFamily `toml:"families" json:"families"`
}

// SyncErrorRule maps failed rows to a class: a row matches when its
// errorCode equals one of Codes, or its errorMsg contains one of Match
// (case-insensitively).
type SyncErrorRule struct {
	// Class is one of SyncErrorClasses.
	Class string `toml:"class" json:"class"`
	// Reason refines a class ("type", "size", "virus", "name" for a
	// refused file); shown as evidence.
	Reason string   `toml:"reason" json:"reason,omitempty"`
	Codes  []string `toml:"codes" json:"codes,omitempty"`
	Match  []string `toml:"match" json:"match,omitempty"`
}

// Sync-error classes the checks know (each has its own finding code).
const (
	SyncQuota   = "quota"   // the cloud space is full
	SyncAuth    = "auth"    // signed out, or the session expired
	SyncRefused = "refused" // the cloud refused the file (type, size, virus, name)
	SyncServer  = "server"  // WPS's servers answered with an error
	SyncNetwork = "network" // the network failed during the transfer
	SyncMissing = "missing" // the local file was gone before it uploaded
	SyncOther   = "other"   // none of the above
)

// SyncErrorClasses lists the classes a rule may name.
var SyncErrorClasses = []string{SyncQuota, SyncAuth, SyncRefused, SyncServer, SyncNetwork, SyncMissing}

// AccountFamily is one family's official links and releases.
type AccountFamily struct {
	// StorageURL is where the user sees and frees cloud space (the web
	// documents app, whose recycle bin and version history count too).
	StorageURL string `toml:"storage_url" json:"storage_url,omitempty"`
	// AccountURL is the account centre.
	AccountURL string `toml:"account_url" json:"account_url,omitempty"`
	// HelpURL is customer support.
	HelpURL string `toml:"help_url" json:"help_url,omitempty"`
	// PasswordResetURL is where a forgotten password is reset (the symptom
	// guide's "forgot password").
	PasswordResetURL string `toml:"password_reset_url" json:"password_reset_url,omitempty"`
	// WebURL is the web version of the cloud documents (download a file
	// again, its version history, sign in on the web).
	WebURL string `toml:"web_url" json:"web_url,omitempty"`
	// Downloads is the official download page per OS (windows, darwin,
	// linux).
	Downloads map[string]string `toml:"downloads" json:"downloads,omitempty"`
	// Releases is the newest release known per OS; a client below it is
	// behind. Only versions of the same edition code are compared.
	Releases map[string]string `toml:"releases" json:"releases,omitempty"`
	// ReleasesAsOf says when Releases were last checked (text, shown as
	// evidence).
	ReleasesAsOf string `toml:"releases_as_of" json:"releases_as_of,omitempty"`
}

// ClassifySyncError returns the class (and reason) of a failed row by the
// catalogue's rules; SyncOther when none matches.
func (a *Account) ClassifySyncError(code, msg string) (class, reason string) {
	code = strings.TrimSpace(code)
	lower := strings.ToLower(msg)
	for _, r := range a.SyncErrors {
		if code != "" && slices.Contains(r.Codes, code) {
			return r.Class, r.Reason
		}
		for _, m := range r.Match {
			if m != "" && strings.Contains(lower, strings.ToLower(m)) {
				return r.Class, r.Reason
			}
		}
	}
	return SyncOther, ""
}

// AccountFamily returns the named family's account data, or nil.
func (c *Catalog) AccountFamily(name string) *AccountFamily {
	if c == nil {
		return nil
	}
	return c.Account.Families[name]
}

// validateAccount checks the account table: known classes, https links
// only, and sensible quota figures.
func (c *Catalog) validateAccount() error {
	a := c.Account
	if a.FreeQuotaBytes < 0 || a.QuotaNoticePercent < 0 || a.QuotaNoticePercent > 100 {
		return fmt.Errorf("account: need free_quota_bytes >= 0 and quota_notice_percent in [0, 100] (got %d, %.1f)",
			a.FreeQuotaBytes, a.QuotaNoticePercent)
	}
	if len(a.SyncErrors) > MaxPatterns*4 {
		return fmt.Errorf("account: %d sync_errors rules, more than %d", len(a.SyncErrors), MaxPatterns*4)
	}
	for i, r := range a.SyncErrors {
		if !slices.Contains(SyncErrorClasses, r.Class) {
			return fmt.Errorf("account.sync_errors[%d]: class %q is not one of %v", i, r.Class, SyncErrorClasses)
		}
		if len(r.Codes)+len(r.Match) == 0 {
			return fmt.Errorf("account.sync_errors[%d]: no codes and no match", i)
		}
	}
	for _, name := range sortedNames(a.Families) {
		f := a.Families[name]
		if f == nil {
			continue
		}
		links := map[string]string{"storage_url": f.StorageURL, "account_url": f.AccountURL, "help_url": f.HelpURL}
		links["password_reset_url"], links["web_url"] = f.PasswordResetURL, f.WebURL
		for os, u := range f.Downloads {
			links["downloads."+os] = u
		}
		for _, k := range sortedNames(links) {
			if err := officialLink(links[k]); err != nil {
				return fmt.Errorf("account.families.%s.%s: %v", name, k, err)
			}
		}
	}
	return nil
}

// officialLink accepts "" or an https URL. The host is not held to the
// family's domains: an override may replace a family's hosts (a private
// deployment, tests) and keep the public links.
func officialLink(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q is not an https URL", s)
	}
	return nil
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
