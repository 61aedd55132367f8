package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/wps"
	"wpsdoctor/report/redact"
)

// readmeFiles lists the files README.txt names ("  * name — about").
func readmeFiles(readme string) []string {
	var out []string
	for _, l := range strings.Split(readme, "\n") {
		if rest, ok := strings.CutPrefix(l, "  * "); ok {
			name, _, _ := strings.Cut(rest, " — ")
			out = append(out, name)
		}
	}
	return out
}

func zipFiles(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func bundleInput() BundleInput {
	rep := summaryReport()
	return BundleInput{
		Report: rep, Lang: "zh-CN", Mode: ModeDefault,
		Roots:   redact.Config{Home: "/home/张伟", UserNames: []string{"张伟"}},
		Install: &wps.Install{Found: true, OS: "linux", Root: "/home/张伟/.local/share/wps", Version: "12.1.0.17900", Edition: wps.EditionMainland},
		Support: SupportContacts(Policy{}, false, catalog.Default(), "mainland"),
		Time:    time.Date(2026, 12, 2, 3, 4, 5, 0, time.UTC), StateDir: "/home/张伟/.config/wpsdoctor",
	}
}

// TestReadmeListsExactlyTheZip: with and without journal, history and
// logs, README.txt names every file of the zip and no other.
func TestReadmeListsExactlyTheZip(t *testing.T) {
	full := bundleInput()
	full.Journal = []byte(`{"entry":"e1","event":"plan"}` + "\n")
	full.History = []HistoryEntry{{ID: "e1", Fix: "dns.flush", State: "verified", Outcome: "fixed"}}
	full.Logs = []LogFile{{Name: "wpsdoctor.log", Data: []byte("started\n")}, {Name: "wpsdoctor.log.1", Data: []byte("old\n")}}
	for name, in := range map[string]BundleInput{"bare": bundleInput(), "full": full} {
		t.Run(name, func(t *testing.T) {
			b, err := Build(in)
			if err != nil {
				t.Fatal(err)
			}
			var zb bytes.Buffer
			if err := b.WriteZip(&zb, in.Time); err != nil {
				t.Fatal(err)
			}
			files := zipFiles(t, zb.Bytes())
			var inZip []string
			for n := range files {
				inZip = append(inZip, n)
			}
			listed := readmeFiles(files[ReadmeName])
			slices.Sort(inZip)
			slices.Sort(listed)
			if !slices.Equal(inZip, listed) {
				t.Errorf("README lists %v, zip holds %v\n%s", listed, inZip, files[ReadmeName])
			}
			if !strings.Contains(files[ReadmeName], b.Code) {
				t.Errorf("README lacks the support code %s", b.Code)
			}
			if name == "bare" && (!strings.Contains(files[ReadmeName], "~/.config/wpsdoctor") || strings.Contains(files[ReadmeName], "张伟")) {
				t.Errorf("README does not say where the log and journal were looked for (redacted):\n%s", files[ReadmeName])
			}
		})
	}
}

func TestSupportCode(t *testing.T) {
	files := []BundleFile{{Name: "a", Data: []byte("x")}}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	code := SupportCode(files, at)
	if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`).MatchString(code) {
		t.Errorf("code %q is not two groups of four Crockford base32 symbols", code)
	}
	for name, other := range map[string]string{
		"other content": SupportCode([]BundleFile{{Name: "a", Data: []byte("y")}}, at),
		"other time":    SupportCode(files, at.Add(time.Second)),
		"other name":    SupportCode([]BundleFile{{Name: "b", Data: []byte("x")}}, at),
	} {
		if other == code {
			t.Errorf("%s: same code %s", name, code)
		}
	}
	if again := SupportCode(files, at); again != code {
		t.Errorf("code not stable: %s then %s", code, again)
	}
}

func TestSummaryBothLanguagesAndContact(t *testing.T) {
	b, err := Build(bundleInput())
	if err != nil {
		t.Fatal(err)
	}
	var sum string
	for _, f := range b.Files {
		if f.Name == SummaryName {
			sum = string(f.Data)
		}
	}
	zh, en := strings.Index(sum, "# WPS 同步医生报告"), strings.Index(sum, "# WPS Sync Doctor report")
	if zh < 0 || en < zh {
		t.Errorf("summary: want Chinese first, then English (at %d, %d)\n%s", zh, en, sum)
	}
	if !strings.Contains(sum, "https://helpdesk.wps.cn/") || strings.Contains(sum, "help.wps.com") {
		t.Errorf("summary does not name the mainland customer service only:\n%s", sum)
	}
	if strings.Contains(sum, "张伟") {
		t.Errorf("summary shows the user name:\n%s", sum)
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": ModeDefault, "default": ModeDefault, "STRICT": ModeStrict, "off": ModeOff} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseMode("none"); err == nil {
		t.Error("ParseMode(none): no error")
	}
}

func TestPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, data, wantErr string
		want                Contact
	}{
		{"full", "[support]\nname = \"IT 服务台\"\ncontact = \"+86 10 5555 0100\"\nurl = \"https://help.example.com/wps\"\n", "",
			Contact{Name: "IT 服务台", Contact: "+86 10 5555 0100", URL: "https://help.example.com/wps", Source: "p.toml"}},
		{"unknown key", "[support]\nname = \"x\"\nphone = \"1\"\n", "unknown keys support.phone", Contact{}},
		{"unknown table", "[proxy]\nx = 1\n", "unknown keys", Contact{}},
		{"wrong type", "[support]\nname = 3\n", "policy p.toml", Contact{}},
		{"syntax names line", "[support]\nname = \"x\nurl = 1\n", "p.toml:2:", Contact{}},
		{"javascript url", "[support]\nurl = \"javascript:alert(1)\"\n", "http(s) URL", Contact{}},
		{"control characters", "[support]\nname = \"a\\u001b[2Jb\"\n", "control characters", Contact{}},
		{"too long", "[support]\nname = \"" + strings.Repeat("x", 201) + "\"\n", "longer than", Contact{}},
		{"too big", "#" + strings.Repeat("x", MaxPolicyBytes) + "\n", "limit", Contact{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(tc.data), "p.toml")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("got error %v, want one with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || p.Support != tc.want {
				t.Errorf("got %+v, %v; want %+v", p.Support, err, tc.want)
			}
		})
	}
}

func TestLoadPolicyAndContacts(t *testing.T) {
	dir := t.TempDir()
	if _, found, err := LoadPolicy(filepath.Join(dir, "none.toml")); found || err != nil {
		t.Errorf("missing policy: found %v, err %v; want neither", found, err)
	}
	p := filepath.Join(dir, "policy.toml")
	os.WriteFile(p, []byte("[support]\nurl = \"https://it.example.com\"\n"), 0o644)
	pol, found, err := LoadPolicy(p)
	if !found || err != nil {
		t.Fatalf("LoadPolicy: %v %v", found, err)
	}
	cat := catalog.Default()
	for _, tc := range []struct {
		name   string
		pol    Policy
		found  bool
		family string
		want   []string
	}{
		{"policy wins", pol, true, "mainland", []string{"https://it.example.com"}},
		{"mainland", Policy{}, false, "mainland", []string{"https://helpdesk.wps.cn/"}},
		{"international", Policy{}, false, "international", []string{"https://help.wps.com/"}},
		{"unknown family: both", Policy{}, false, "", []string{"https://helpdesk.wps.cn/", "https://help.wps.com/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range SupportContacts(tc.pol, tc.found, cat, tc.family) {
				got = append(got, c.URL)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	if err := os.Mkdir(filepath.Join(dir, "d.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadPolicy(filepath.Join(dir, "d.toml")); err == nil || errors.Is(err, os.ErrNotExist) {
		t.Errorf("a directory as policy: err %v, want a refusal", err)
	}
}

func TestPolicyPath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, "/etc/wpsdoctor/policy.toml"},
		{"freebsd", nil, "/etc/wpsdoctor/policy.toml"},
		{"darwin", nil, "/Library/Application Support/wpsdoctor/policy.toml"},
		{"windows", map[string]string{"ProgramData": `D:\PD\`}, `D:\PD\wpsdoctor\policy.toml`},
		{"windows", map[string]string{"ProgramData": `relative`}, `C:\ProgramData\wpsdoctor\policy.toml`},
		{"windows", nil, `C:\ProgramData\wpsdoctor\policy.toml`},
	} {
		if got := PolicyPath(tc.goos, env(tc.env)); got != tc.want {
			t.Errorf("PolicyPath(%s, %v) = %q, want %q", tc.goos, tc.env, got, tc.want)
		}
	}
}

func TestTail(t *testing.T) {
	data := []byte("one\ntwo\nthree\n")
	for _, tc := range []struct {
		max     int
		want    string
		wantCut bool
	}{{100, "one\ntwo\nthree\n", false}, {10, "two\nthree\n", true}, {6, "three\n", true}, {5, "", true}, {12, "two\nthree\n", true}} {
		got, cut := Tail(data, tc.max)
		if string(got) != tc.want || cut != tc.wantCut {
			t.Errorf("Tail(%d) = %q, %v; want %q, %v", tc.max, got, cut, tc.want, tc.wantCut)
		}
	}
}

// TestStrictKeepsServiceHosts: strict hides a corporate proxy and private
// address but keeps WPS's own hosts readable.
func TestStrictKeepsServiceHosts(t *testing.T) {
	in := bundleInput()
	in.Mode = ModeStrict
	in.KeepHosts = CatalogHosts(catalog.Default())
	in.Logs = []LogFile{{Name: "wpsdoctor.log", Data: []byte("proxy proxy.corp.example.com 10.1.2.3 for account.wps.cn\n")}}
	b, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	var log string
	for _, f := range b.Files {
		if f.Name == LogDir+"wpsdoctor.log" {
			log = string(f.Data)
		}
	}
	if log != "proxy <host-1> <ip-1> for account.wps.cn\n" {
		t.Errorf("strict log = %q", log)
	}
}

// TestOneRedactionAcrossFiles: a value is replaced the same way in every
// file of the bundle (one Redactor), here a host, an address and a
// document name in the journal and the log.
func TestOneRedactionAcrossFiles(t *testing.T) {
	in := bundleInput()
	in.Mode = ModeStrict
	in.KeepHosts = CatalogHosts(catalog.Default())
	line := "copy 季度计划.xlsx to files.corp.example.com (192.168.7.9)"
	in.Journal = []byte(`{"entry":"e1","error":"` + line + `"}` + "\n")
	in.Logs = []LogFile{{Name: "a.log", Data: []byte("first proxy.corp.example.com\n" + line + "\n")}}
	b, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	// The journal is rewritten before the log: the host it names first is
	// <host-1>, in the log too.
	want := "copy <name:4>.xlsx to <host-1> (<ip-1>)"
	for _, f := range b.Files {
		if f.Name == JournalName || f.Name == LogDir+"a.log" {
			if !strings.Contains(string(f.Data), want) {
				t.Errorf("%s: got %q, want it to contain %q", f.Name, f.Data, want)
			}
		}
	}
}

// TestBundleTranslations: the keys Build makes from modes, statistics and
// families exist in both languages.
func TestBundleTranslations(t *testing.T) {
	var keys []string
	for _, m := range []Mode{ModeDefault, ModeStrict, ModeOff} {
		keys = append(keys, "bundle.mode."+string(m))
	}
	for _, s := range []string{redact.StatSecret, redact.StatHome, redact.StatSync, redact.StatUser, redact.StatName,
		redact.StatAccount, redact.StatEmail, redact.StatPhone, redact.StatHost, redact.StatIP} {
		keys = append(keys, "bundle.stat."+s)
	}
	keys = append(keys, "bundle.family."+catalog.Mainland, "bundle.family."+catalog.International)
	for _, lang := range []string{"en", "zh-CN"} {
		tab, err := i18n.Table(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if tab[k] == "" {
				t.Errorf("%s: no translation of %s", lang, k)
			}
		}
	}
}

func TestContactName(t *testing.T) {
	tests := []struct {
		c          Contact
		lang, want string
	}{
		{Contact{Name: "Example IT", Contact: "it@example.com", URL: "https://x", Source: "policy"}, "en", "Example IT"},
		{Contact{URL: "https://x", Source: "catalogue:mainland"}, "en", i18n.T("en", "bundle.wps_support", map[string]any{"family": i18n.KeyRef + i18n.MemberKey("bundle.family", "mainland")})},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := ContactName(tc.c, tc.lang); got != tc.want || strings.Contains(got, "https") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
