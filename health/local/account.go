package local

import (
	"context"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/wps"
	"wpsdoctor/report/redact"
)

// Account checks (issue 16): what this computer's files tell about the
// WPS sign-in, the account family against the installed edition, the
// cloud space, and whether the client is behind the current release.
const (
	IDSignIn  = "account.signin"
	IDFamily  = "account.family"
	IDQuota   = "account.quota"
	IDCurrent = "wps.current"
)

// Account codes. WSD-ACC-001..005 belong to net.region.
const (
	CodeSignedIn        = "WSD-ACC-010" // the login store is present: probably signed in
	CodeSignedOut       = "WSD-ACC-011" // WPS ran for this user, the login store is empty or gone
	CodeSignInUnknown   = "WSD-ACC-012" // this computer's files cannot tell
	CodeFamilyMatch     = "WSD-ACC-020" // the account's family is the edition's
	CodeFamilyMismatch  = "WSD-ACC-021" // a mainland account on the international client, or the reverse
	CodeFamilyUnknown   = "WSD-ACC-022" // the account's or the edition's family cannot be told
	CodeQuotaFull       = "WSD-ACC-030" // the client recorded uploads refused for a full cloud space
	CodeQuotaLocal      = "WSD-ACC-031" // the local sync folder's total, well under the free plan
	CodeQuotaNear       = "WSD-ACC-032" // the local sync folder alone is near or over the free plan
	CodeQuotaNoRoot     = "WSD-ACC-033" // no local sync folder: only the web page can tell
	CodeUpdateCurrent   = "WSD-INS-040" // at or above the catalogue's current release
	CodeUpdateBehind    = "WSD-INS-041" // behind the current release of its line
	CodeUpdateUnknown   = "WSD-INS-042" // version unreadable, or no release of its line in the catalogue
	CodeAccountTimedOut = "WSD-ACC-039" // the sync folder's size was cut short by the deadline
)

// AccountChecks returns the account checks, registered by health/checks.
func AccountChecks() []health.Check {
	installed := []string{"wps.installed"}
	return []health.Check{
		{ID: IDCurrent, Area: health.AreaInstall, Light: true, DependsOn: installed, Run: checkCurrent},
		// The sign-in state is read from the user's folders, which exist
		// with or without a working program: no dependency.
		{ID: IDSignIn, Area: health.AreaAccount, Light: true, Run: checkSignIn},
		{ID: IDFamily, Area: health.AreaAccount, Light: true, DependsOn: installed, Run: checkFamily},
		{ID: IDQuota, Area: health.AreaAccount, DependsOn: installed, Run: checkQuota},
	}
}

// signIn is the sign-in state the composition root provides
// (wps.DiscoverSignIn); an Env that provides none reads as unknown.
func signIn(env *health.Env) (wps.SignIn, error) {
	s, err := health.Fact[wps.SignIn](env)
	if s.State == "" {
		s.State = wps.SignInUnknown
	}
	return s, err
}

func checkSignIn(_ context.Context, env *health.Env) health.Finding {
	s, err := signIn(env)
	if err != nil {
		return health.Info(CodeSignInUnknown, health.Msg("account.signin_error", "error", err.Error()))
	}
	n := len(s.Accounts)
	last, fam := "", familyRef(s.Family)
	if n > 0 {
		last = redact.MaskAccountID(s.Accounts[0].UID)
	}
	var f health.Finding
	switch {
	case s.State == wps.SignedIn && n > 0:
		f = health.OK(CodeSignedIn, health.Msg("account.signed_in", "count", n, "uid", last, "family", fam))
	case s.State == wps.SignedIn:
		f = health.OK(CodeSignedIn, health.Msg("account.signed_in_none"))
	case s.State == wps.SignedOut:
		f = health.Info(CodeSignedOut, health.Msg("account.signed_out", "count", n))
	case n > 0:
		f = health.Info(CodeSignInUnknown, health.Msg("account.signin_unknown", "count", n, "uid", last, "family", fam))
	default:
		f = health.Info(CodeSignInUnknown, health.Msg("account.signin_unknown_none"))
	}
	return signInEvidence(f, s, env.Clock())
}

// signInEvidence: account IDs masked to their last digits, the login
// store by name, emptiness and age only; nicknames only counted.
func signInEvidence(f health.Finding, s wps.SignIn, now time.Time) health.Finding {
	type account struct {
		UID        string `json:"uid"`
		Family     string `json:"family,omitempty"`
		LastActive string `json:"last_active,omitempty"`
	}
	type login struct {
		Name    string `json:"name"`
		Empty   bool   `json:"empty"`
		AgeDays int    `json:"age_days"`
	}
	accounts := []account{}
	for _, a := range s.Accounts {
		ac := account{UID: redact.MaskAccountID(a.UID), Family: string(a.Family)}
		if !a.LastActive.IsZero() {
			ac.LastActive = a.LastActive.UTC().Format(time.DateOnly)
		}
		accounts = append(accounts, ac)
	}
	logins := []login{}
	for _, it := range s.Login {
		logins = append(logins, login{Name: it.Name, Empty: it.Empty, AgeDays: int(now.Sub(it.ModTime).Hours() / 24)})
	}
	f = f.With("state", string(s.State)).With("accounts", accounts).With("login_store", logins).
		With("login_store_known", s.LoginKnown)
	if s.Family != wps.FamilyUnknown {
		f = f.With("family", string(s.Family))
	}
	if s.AutoLogin != "" {
		f = f.With("autologin", s.AutoLogin)
	}
	if s.NamedFolders > 0 {
		f = f.With("nickname_folders", s.NamedFolders)
	}
	return f
}

func checkFamily(_ context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	s, _ := signIn(env)
	client, account := in.ServiceFamily(), s.Family
	ev := func(f health.Finding) health.Finding {
		return f.With("client_family", string(client)).With("account_family", string(account)).
			With("edition", editionRef(in.Edition))
	}
	switch {
	case account == wps.FamilyUnknown:
		return ev(health.Info(CodeFamilyUnknown, health.Msg("account.family_unknown_account")))
	case client == wps.FamilyUnknown:
		return ev(health.Info(CodeFamilyUnknown, health.Msg("account.family_unknown_client", "account", familyRef(account))))
	case client == account:
		return ev(health.OK(CodeFamilyMatch, health.Msg("account.family_match", "family", familyRef(account))))
	}
	url := downloadURL(env.Catalog, account, in.OS)
	return ev(health.Warn(CodeFamilyMismatch, health.Msg("account.family_mismatch", "edition", editionRef(in.Edition),
		"client", familyRef(client), "account", familyRef(account), "url", url))).With("download_url", url)
}

// familyRef lets a message name a family in the reader's language.
func familyRef(f wps.Family) string {
	if f == wps.FamilyUnknown {
		return i18n.KeyRef + "account.family.unknown"
	}
	return i18n.KeyRef + i18n.MemberKey("account.family", string(f))
}

// downloadURL is the family's download page for goos: the account
// table's per-OS page, else the family's download_url.
func downloadURL(cat *catalog.Catalog, fam wps.Family, goos string) string {
	if af := cat.AccountFamily(string(fam)); af != nil && af.Downloads[goos] != "" {
		return af.Downloads[goos]
	}
	if f := cat.Family(string(fam)); f != nil {
		return f.DownloadURL
	}
	return ""
}

// familyLink is one of a family's account links (pick chooses it); for
// an unknown family both families' links, mainland first.
func familyLink(cat *catalog.Catalog, fam wps.Family, pick func(*catalog.AccountFamily) string) string {
	names := []string{string(fam)}
	if fam == wps.FamilyUnknown {
		names = []string{catalog.Mainland, catalog.International}
	}
	out := ""
	for _, n := range names {
		if af := cat.AccountFamily(n); af != nil && pick(af) != "" {
			if out != "" {
				out += " | "
			}
			out += pick(af)
		}
	}
	return out
}

// accountFamily is the family whose links a finding gives: the signed-in
// account's when known, else the installed edition's.
func accountFamily(env *health.Env, in wps.Install) wps.Family {
	if s, _ := signIn(env); s.Family != wps.FamilyUnknown {
		return s.Family
	}
	return in.ServiceFamily()
}

func storageURL(af *catalog.AccountFamily) string { return af.StorageURL }
func helpURL(af *catalog.AccountFamily) string    { return af.HelpURL }
