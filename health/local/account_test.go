package local

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
	"wpsdoctor/platform/wps"
)

// accountEnv provides an install and a sign-in state, as the composition
// root does.
func accountEnv(t *testing.T, in wps.Install, s wps.SignIn) *health.Env {
	t.Helper()
	env := envWith(t, in, nil)
	health.Provide(env, func() (wps.SignIn, error) { return s, nil })
	return env
}

// syncFixture builds a syncassistant.db from testdata/syncerrors/NAME.sql.
func syncFixture(t *testing.T, name string) string {
	t.Helper()
	sql, err := os.ReadFile(filepath.Join("testdata", "syncerrors", name+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "syncassistant.db")
	sqlitecli.Exec(t, db, string(sql))
	return db
}

func render(f health.Finding, lang string) string { return i18n.T(lang, f.Message.Key, f.Message.Args) }

// Each class of failed rows has its own code and next step; a database
// with several classes is named by the most blocking one, the others
// counted in the evidence.
func TestSyncDBClasses(t *testing.T) {
	cases := []struct {
		fixture, code string
		// want appear in the English text: the count, a link, a reason.
		want []string
		// fixes are suggested (the sign-in class: sign in again, then
		// reset the sync configuration).
		fixes []string
	}{
		{"quota", CodeSyncQuota, []string{"2 upload(s)", "https://www.kdocs.cn/latest"}, nil},
		{"auth", CodeSyncAuth, []string{"1 transfer(s)", "sign in again"}, []string{health.FixResignin, health.FixConfigReset}},
		{"refused", CodeSyncRefused, []string{"4 file(s)", "several reasons"}, nil},
		{"server", CodeSyncServer, []string{"2 transfer(s)", "503", "https://helpdesk.wps.cn/"}, nil},
		{"network", CodeSyncNetwork, []string{"2 transfer(s)", "-1003"}, nil},
		{"missing", CodeSyncMissing, []string{"旧稿.docx"}, nil},
		{"other", CodeSyncDBErrors, []string{"41007", "https://helpdesk.wps.cn/"}, nil},
		{"mixed", CodeSyncAuth, []string{"4 failed in all"}, []string{health.FixResignin}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			in := wps.Install{Found: true, Edition: wps.EditionMainland, Family: wps.FamilyMainland, SyncDBs: []string{syncFixture(t, c.fixture)}}
			f := run(t, checkSyncDB, accountEnv(t, in, wps.SignIn{}))
			expect(t, f, health.StatusWarn, c.code, c.fixes...)
			en, zh := render(f, i18n.English), render(f, i18n.Chinese)
			for _, w := range c.want {
				if !strings.Contains(en, w) {
					t.Errorf("got %q, want it to contain %q", en, w)
				}
			}
			if strings.Contains(zh, "{") || strings.Contains(en, "{") || strings.Contains(en, "i18n:") {
				t.Errorf("unrendered placeholder: %q / %q", en, zh)
			}
		})
	}
}

// The mixed database's evidence counts every class.
func TestSyncDBClassCounts(t *testing.T) {
	in := wps.Install{Found: true, Family: wps.FamilyMainland, SyncDBs: []string{syncFixture(t, "mixed")}}
	f := run(t, checkSyncDB, accountEnv(t, in, wps.SignIn{}))
	got, _ := json.Marshal(f.Evidence["class_counts"])
	if want := `{"auth":1,"missing":1,"other":1,"quota":1}`; string(got) != want {
		t.Errorf("class counts: got %s, want %s", got, want)
	}
}

// The rules are the catalogue's: an override moves a row to another
// class without a new program.
func TestSyncDBClassesFromCatalogue(t *testing.T) {
	cat, err := catalog.LoadBytes([]byte("[[account.sync_errors]]\nclass = \"server\"\ncodes = [\"41007\"]\n"), "override")
	if err != nil {
		t.Fatal(err)
	}
	in := wps.Install{Found: true, SyncDBs: []string{syncFixture(t, "other")}}
	env := accountEnv(t, in, wps.SignIn{})
	env.Catalog = cat
	expect(t, run(t, checkSyncDB, env), health.StatusWarn, CodeSyncServer)
}

func TestSignInCheck(t *testing.T) {
	two := []wps.AccountData{
		{UID: "212320004", Family: wps.FamilyMainland, LastActive: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)},
		{UID: "3172735", Family: wps.FamilyMainland},
	}
	cases := []struct {
		name   string
		s      wps.SignIn
		status health.Status
		code   string
		want   string
	}{
		{"signed in, two accounts", wps.SignIn{State: wps.SignedIn, Accounts: two, Family: wps.FamilyMainland,
			Login: []wps.LoginItem{{Name: "kaccountsdk"}}, LoginKnown: true}, health.StatusOK, CodeSignedIn, "2 account(s)"},
		{"signed in, none synced", wps.SignIn{State: wps.SignedIn, LoginKnown: true}, health.StatusOK, CodeSignedIn, "no account has synced"},
		{"signed out", wps.SignIn{State: wps.SignedOut, Accounts: two[1:], LoginKnown: true}, health.StatusInfo, CodeSignedOut, "sign in to WPS"},
		{"unknown with data", wps.SignIn{State: wps.SignInUnknown, Accounts: two}, health.StatusInfo, CodeSignInUnknown, "cannot be told"},
		{"nothing provided", wps.SignIn{}, health.StatusInfo, CodeSignInUnknown, "cannot be told"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := run(t, checkSignIn, accountEnv(t, wps.Install{Found: true}, c.s))
			expect(t, f, c.status, c.code)
			if en := render(f, i18n.English); !strings.Contains(en, c.want) {
				t.Errorf("got %q, want it to contain %q", en, c.want)
			}
			js, _ := json.Marshal(f)
			for _, a := range c.s.Accounts {
				if strings.Contains(string(js), a.UID) {
					t.Errorf("account ID %s unmasked in %s", a.UID, js)
				}
			}
			if len(c.s.Accounts) > 0 && !strings.Contains(string(js), "***004") && !strings.Contains(string(js), "***735") {
				t.Errorf("no masked account ID in %s", js)
			}
		})
	}
}

func TestFamilyCheck(t *testing.T) {
	intlWin := wps.Install{Found: true, OS: "windows", Version: "12.2.0.23196", Edition: wps.EditionInternational, Family: wps.FamilyInternational}
	cnMac := wps.Install{Found: true, OS: "darwin", Version: "12.1.29166", Edition: wps.EditionMainland, Family: wps.FamilyMainland}
	cases := []struct {
		name    string
		in      wps.Install
		account wps.Family
		status  health.Status
		code    string
		url     string
	}{
		{"mainland account on the international client", intlWin, wps.FamilyMainland, health.StatusWarn, CodeFamilyMismatch, "https://platform.wps.cn/"},
		{"international account on the mainland client", cnMac, wps.FamilyInternational, health.StatusWarn, CodeFamilyMismatch, "https://www.wps.com/mac/"},
		{"same family", cnMac, wps.FamilyMainland, health.StatusOK, CodeFamilyMatch, ""},
		{"account family unknown", intlWin, wps.FamilyUnknown, health.StatusInfo, CodeFamilyUnknown, ""},
		{"edition unknown", wps.Install{Found: true, OS: "linux", Edition: wps.EditionUnknown}, wps.FamilyMainland, health.StatusInfo, CodeFamilyUnknown, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := run(t, checkFamily, accountEnv(t, c.in, wps.SignIn{Family: c.account}))
			expect(t, f, c.status, c.code)
			if c.url != "" && !strings.Contains(render(f, i18n.English), c.url) {
				t.Errorf("got %q, want the download page %s", render(f, i18n.English), c.url)
			}
		})
	}
}

func TestQuotaCheck(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "项目"), 0o755))
	must(os.WriteFile(filepath.Join(root, "项目", "big.bin"), make([]byte, 6000), 0o644))
	must(os.WriteFile(filepath.Join(root, "small.docx"), make([]byte, 1000), 0o644))
	intl := wps.Install{Found: true, Family: wps.FamilyInternational, SyncRoot: root}

	f := run(t, checkQuota, accountEnv(t, intl, wps.SignIn{}))
	expect(t, f, health.StatusInfo, CodeQuotaLocal)
	if f.Evidence["bytes"] != int64(7000) {
		t.Errorf("bytes: got %v, want 7000", f.Evidence["bytes"])
	}
	if l := f.Evidence["largest"].([]usage); len(l) != 2 || l[0].Path != filepath.Join(root, "项目") {
		t.Errorf("largest: got %+v, want 项目 first", l)
	}
	if en := render(f, i18n.English); !strings.Contains(en, "https://docs.wps.com/latest") {
		t.Errorf("got %q, want the international storage page", en)
	}

	env := accountEnv(t, intl, wps.SignIn{})
	env.Catalog.Account.FreeQuotaBytes = 8000
	expect(t, run(t, checkQuota, env), health.StatusInfo, CodeQuotaNear)

	full := wps.Install{Found: true, Family: wps.FamilyInternational, SyncRoot: root, SyncDBs: []string{syncFixture(t, "quota")}}
	// The signed-in account's family decides the link: a mainland account.
	f = run(t, checkQuota, accountEnv(t, full, wps.SignIn{Family: wps.FamilyMainland}))
	expect(t, f, health.StatusWarn, CodeQuotaFull)
	if en := render(f, i18n.English); !strings.Contains(en, "https://www.kdocs.cn/latest") || !strings.Contains(en, "2 upload(s)") {
		t.Errorf("got %q, want 2 uploads and the mainland storage page", en)
	}
	expect(t, run(t, checkQuota, accountEnv(t, wps.Install{Found: true}, wps.SignIn{})), health.StatusInfo, CodeQuotaNoRoot)
}

func TestCurrentCheck(t *testing.T) {
	cases := []struct {
		name   string
		in     wps.Install
		status health.Status
		code   string
		want   string
	}{
		{"mainland Windows behind", wps.Install{Found: true, OS: "windows", Version: "12.1.0.16729", Edition: wps.EditionMainland}, health.StatusWarn, CodeUpdateBehind, "https://platform.wps.cn/"},
		{"mainland 2019 line behind", wps.Install{Found: true, OS: "windows", Version: "11.1.0.11723", Edition: wps.EditionMainland}, health.StatusWarn, CodeUpdateBehind, "12.1.0.28505"},
		{"international Windows current", wps.Install{Found: true, OS: "windows", Version: "12.2.0.23196", Edition: wps.EditionInternational}, health.StatusOK, CodeUpdateCurrent, "up to date"},
		{"mainland macOS behind", wps.Install{Found: true, OS: "darwin", Version: "12.1.28496", Edition: wps.EditionMainland}, health.StatusWarn, CodeUpdateBehind, "https://mac.wps.cn/"},
		{"professional never compared with personal", wps.Install{Found: true, OS: "windows", Version: "12.8.2.18913", Edition: wps.EditionProfessional}, health.StatusInfo, CodeUpdateUnknown, "No current release"},
		{"no release for this OS", wps.Install{Found: true, OS: "darwin", Version: "6.12.2", Edition: wps.EditionInternational}, health.StatusInfo, CodeUpdateUnknown, "No current release"},
		{"version unknown in words", wps.Install{Found: true, OS: "windows", Edition: wps.EditionMainland}, health.StatusInfo, CodeUpdateUnknown, "version of this WPS Office is unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := run(t, checkCurrent, accountEnv(t, c.in, wps.SignIn{}))
			if c.status == health.StatusWarn {
				expect(t, f, c.status, c.code, FixUpdate)
			} else {
				expect(t, f, c.status, c.code)
			}
			if en := render(f, i18n.English); !strings.Contains(en, c.want) || strings.Contains(en, "?") {
				t.Errorf("got %q, want it to contain %q and no \"?\"", en, c.want)
			}
		})
	}
}

// A version that could not be read is said in words, never "WPS Office ?".
func TestUnknownVersionInWords(t *testing.T) {
	in := wps.Install{Found: true, Root: "/opt/kingsoft/wps-office", Edition: wps.EditionMainland}
	for _, c := range []func(context.Context, *health.Env) health.Finding{checkInstalled, checkVersion} {
		f := run(t, c, envWith(t, in, nil))
		for _, lang := range i18n.Languages {
			if text := render(f, lang); strings.Contains(text, "?") || strings.Contains(text, "i18n:") {
				t.Errorf("%s: got %q, want the unknown version in words", lang, text)
			}
		}
	}
	in.CloudDisabled = true
	f := run(t, checkVersion, envWith(t, in, nil))
	if en := render(f, i18n.English); !strings.Contains(en, "(version unknown)") {
		t.Errorf("got %q, want \"(version unknown)\"", en)
	}
}

func TestAccountChecksValid(t *testing.T) {
	if err := health.Validate(append(Checks(), AccountChecks()...)); err != nil {
		t.Fatal(err)
	}
}
