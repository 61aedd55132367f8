package local

import (
	"context"
	"slices"
	"strings"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/wps"
	"wpsdoctor/report/redact"
)

// Sync-error class codes of wps.syncdb: each class of failed rows has its
// own code, message and next step. Rows of no known class keep
// CodeSyncDBErrors ("other").
const (
	CodeSyncQuota   = "WSD-CLI-021" // uploads refused: the cloud space is full
	CodeSyncAuth    = "WSD-CLI-022" // signed out, or the session expired
	CodeSyncRefused = "WSD-CLI-023" // the cloud refused files (type, size, virus, name)
	CodeSyncServer  = "WSD-CLI-024" // WPS's servers answered with an error
	CodeSyncNetwork = "WSD-CLI-025" // the network dropped during transfers
	CodeSyncMissing = "WSD-CLI-026" // local files gone before they uploaded
)

// syncClasses are the classes in the order a finding names them: the one
// that stops all sync first, a single file's trouble last.
var syncClasses = []struct {
	class, code, key string
	fixes            []string
}{
	// Signed out or expired: sign in again (wps.resignin); resetting the
	// sync configuration is the documents' next remedy.
	{catalog.SyncAuth, CodeSyncAuth, "account.syncdb_auth", []string{health.FixResignin, health.FixConfigReset}},
	{catalog.SyncQuota, CodeSyncQuota, "account.syncdb_quota", nil},
	{catalog.SyncServer, CodeSyncServer, "account.syncdb_server", nil},
	{catalog.SyncNetwork, CodeSyncNetwork, "account.syncdb_network", nil},
	{catalog.SyncRefused, CodeSyncRefused, "account.syncdb_refused", nil},
	{catalog.SyncMissing, CodeSyncMissing, "account.syncdb_missing", nil},
	{catalog.SyncOther, CodeSyncDBErrors, "account.syncdb_other", nil},
}

// syncClass is what one class of failed rows amounts to.
type syncClass struct {
	Class   string   `json:"class"`
	Count   int      `json:"count"`
	Reasons []string `json:"reasons,omitempty"`
	// Codes are the distinct error codes seen (secrets stripped, at most
	// maxShownCodes, each cut to maxCodeLen).
	Codes []string `json:"codes,omitempty"`
	first string
}

const (
	maxShownCodes = 5
	maxCodeLen    = 24
)

// classifyRows groups failed rows by the catalogue's rules.
func classifyRows(a *catalog.Account, rows []wps.SyncError) map[string]*syncClass {
	out := map[string]*syncClass{}
	for _, r := range rows {
		class, reason := a.ClassifySyncError(r.ErrorCode, r.ErrorMsg)
		c := out[class]
		if c == nil {
			c = &syncClass{Class: class, first: r.FileName}
			out[class] = c
		}
		c.Count++
		if reason != "" && !slices.Contains(c.Reasons, reason) {
			c.Reasons = append(c.Reasons, reason)
		}
		if code := shownCode(r.ErrorCode); code != "" && !slices.Contains(c.Codes, code) && len(c.Codes) < maxShownCodes {
			c.Codes = append(c.Codes, code)
		}
	}
	return out
}

// shownCode is an error code fit for a message: secrets stripped, cut
// short, "" for none.
func shownCode(code string) string {
	code = strings.TrimSpace(redact.Secrets(code))
	if code == "0" {
		return ""
	}
	if r := []rune(code); len(r) > maxCodeLen {
		code = string(r[:maxCodeLen]) + "…"
	}
	return code
}

// syncErrorsFinding is wps.syncdb's finding for failed rows: the code and
// message of the most blocking class present, the others counted in the
// evidence.
func syncErrorsFinding(env *health.Env, in wps.Install, rows []wps.SyncError) health.Finding {
	classes := classifyRows(&env.Catalog.Account, rows)
	fam := accountFamily(env, in)
	counts := map[string]int{}
	for k, c := range classes {
		counts[k] = c.Count
	}
	for _, sc := range syncClasses {
		c := classes[sc.class]
		if c == nil {
			continue
		}
		code := strings.Join(c.Codes, ", ")
		if code == "" {
			code = i18n.KeyRef + "account.code_none"
		}
		args := []any{"count", c.Count, "first", c.first, "code", code, "total", len(rows)}
		switch sc.class {
		case catalog.SyncQuota:
			args = append(args, "url", familyLink(env.Catalog, fam, storageURL))
		case catalog.SyncServer, catalog.SyncOther:
			args = append(args, "url", familyLink(env.Catalog, fam, helpURL))
		case catalog.SyncRefused:
			args = append(args, "reasons", reasonRefs(c.Reasons))
		}
		f := health.Warn(sc.code, health.Msg(sc.key, args...)).Suggest(sc.fixes...)
		detail := make([]syncClass, 0, len(classes))
		for _, o := range syncClasses {
			if d := classes[o.class]; d != nil {
				detail = append(detail, *d)
			}
		}
		return f.With("errors", rows).With("classes", detail).With("class_counts", counts)
	}
	return health.Warn(CodeSyncDBErrors, health.Msg("local.syncdb_errors", "count", len(rows))).With("errors", rows)
}

// reasonRefs names the refusal reason in the reader's language: the one
// reason, or "several" (the evidence lists them).
func reasonRefs(reasons []string) string {
	switch len(reasons) {
	case 0:
		return i18n.KeyRef + "account.refused.unknown"
	case 1:
		return i18n.KeyRef + i18n.MemberKey("account.refused", reasons[0])
	}
	return i18n.KeyRef + "account.refused.several"
}

// readSyncRows reads the failed rows of every readable sync database of
// the install (a locked or unknown one is wps.syncdb's to report).
func readSyncRows(ctx context.Context, in wps.Install) []wps.SyncError {
	var rows []wps.SyncError
	for _, db := range in.SyncDBs {
		errs, err := wps.ReadSyncErrors(ctx, db, 100)
		if err != nil {
			continue
		}
		for _, e := range errs {
			rows = append(rows, sanitizeSyncError(e))
		}
	}
	return rows
}
