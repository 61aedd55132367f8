package guide

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/health/checks"
	"wpsdoctor/health/wording"
	"wpsdoctor/i18n"
)

// wantIDs are the documents' symptoms issue 16 item 9 names, in order.
var wantIDs = []string{"cannot-sign-in", "forgot-password", "account-frozen", "code-not-arriving", "no-such-account",
	"sync-spinning", "file-not-syncing", "file-corrupted", "cloud-full", "conflict-copies"}

func load(t *testing.T) []Symptom {
	t.Helper()
	all, err := Symptoms()
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func TestEverySymptomOfTheIssue(t *testing.T) {
	if got := IDs(); !slices.Equal(got, wantIDs) {
		t.Fatalf("got symptoms %v, want %v", got, wantIDs)
	}
}

// names are proper names a zh-CN step may keep in Latin letters.
var names = []string{"QQ", "Google", "Facebook", "Apple", "App"}

// TestBothLanguagesComplete: every title and step in en and zh-CN, and no
// other language; the zh-CN text is Chinese without English internal
// words (the findings' wording rule); en and zh-CN differ.
func TestBothLanguagesComplete(t *testing.T) {
	for _, s := range load(t) {
		t.Run(s.ID, func(t *testing.T) {
			texts := []Text{s.Title}
			for _, st := range s.Steps {
				texts = append(texts, st.Text)
			}
			for i, tx := range texts {
				if len(tx) != len(i18n.Languages) {
					t.Errorf("text %d: got languages %v, want exactly %v", i, keys(tx), i18n.Languages)
				}
				for _, lang := range i18n.Languages {
					s := strings.TrimSpace(tx[lang])
					if s == "" {
						t.Errorf("text %d: no %s text", i, lang)
						continue
					}
					for _, p := range wording.TextProblems(lang, "guide.step", s, names) {
						t.Errorf("text %d [%s]: %s", i, lang, p)
					}
				}
				if zh := tx[i18n.Chinese]; !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || zh == tx[i18n.English] {
					t.Errorf("text %d: zh-CN %q is not a Chinese text", i, zh)
				}
			}
		})
	}
}

func keys(t Text) []string {
	var out []string
	for k := range t {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestChecksAndFixesExist: every check a symptom runs is in the catalogue
// the programs run, and every fix a step names is a fix.
func TestChecksAndFixesExist(t *testing.T) {
	var known []string
	for _, c := range checks.All() {
		known = append(known, c.ID)
	}
	for _, s := range load(t) {
		for _, id := range s.Checks {
			if !slices.Contains(known, id) {
				t.Errorf("%s: got check %q, want one of health/checks.All(): %v", s.ID, id, known)
			}
		}
		if _, err := health.Select(checks.All(), s.Checks); err != nil {
			t.Errorf("%s: %v", s.ID, err)
		}
		for i, st := range s.Steps {
			if st.Fix != "" && !slices.Contains(health.FixIDs, st.Fix) {
				t.Errorf("%s step %d: got fix %q, want one of %v", s.ID, i+1, st.Fix, health.FixIDs)
			}
		}
	}
}

// TestLinksResolveForBothFamilies: with the built-in catalogue, every
// step's link gives an https page for each family on every OS.
func TestLinksResolveForBothFamilies(t *testing.T) {
	cat := catalog.Default()
	https := regexp.MustCompile(`^https://[^/\s]+`)
	for _, goos := range []string{"windows", "darwin", "linux"} {
		pages := PagesFrom(cat, goos)
		for _, fam := range []string{catalog.Mainland, catalog.International} {
			for _, k := range Kinds {
				if u := pages[fam][k]; !https.MatchString(u) {
					t.Errorf("%s/%s: link kind %s got %q, want an https page", goos, fam, k, u)
				}
			}
			for _, s := range load(t) {
				r := s.Resolve(pages, fam, i18n.English)
				for _, st := range r.Steps {
					if st.Kind == "" {
						continue
					}
					want := 1
					if s.Steps[st.N-1].AllFamilies {
						want = 2
					}
					if len(st.Links) != want || (want == 1 && st.Links[0].Family != fam) {
						t.Errorf("%s/%s %s step %d: got links %+v, want %d of %s", goos, fam, s.ID, st.N, st.Links, want, fam)
					}
				}
			}
		}
	}
}

func TestResolveUnknownFamilyGivesEvery(t *testing.T) {
	pages := Pages{
		catalog.International: {LinkSupport: "https://help.wps.com/"},
		catalog.Mainland:      {LinkSupport: "https://helpdesk.wps.cn/", LinkWeb: "https://www.kdocs.cn/latest"},
	}
	s := Symptom{ID: "x", Title: Text{"en": "X", "zh-CN": "某"}, Checks: []string{"a"}, Steps: []Step{
		{Text: Text{"en": "Web", "zh-CN": "网页"}, Link: LinkWeb},
		{Text: Text{"en": "Copy", "zh-CN": "复制"}, Link: LinkSupport, Report: true},
	}}
	cases := []struct {
		family, lang, wantFamily, wantTitle string
		wantSupport                         []string
	}{
		{"", "en", "", "X", []string{"https://helpdesk.wps.cn/", "https://help.wps.com/"}},
		{"no-such", "zh-CN", "", "某", []string{"https://helpdesk.wps.cn/", "https://help.wps.com/"}},
		{catalog.International, "zh-CN", catalog.International, "某", []string{"https://help.wps.com/"}},
		{catalog.Mainland, "fr", catalog.Mainland, "X", []string{"https://helpdesk.wps.cn/"}},
	}
	for _, c := range cases {
		t.Run(c.family+"/"+c.lang, func(t *testing.T) {
			r := s.Resolve(pages, c.family, c.lang)
			var got []string
			for _, l := range r.Steps[1].Links {
				got = append(got, l.URL)
			}
			if r.Family != c.wantFamily || r.Title != c.wantTitle || !slices.Equal(got, c.wantSupport) {
				t.Errorf("got family %q title %q support %v, want %q %q %v", r.Family, r.Title, got, c.wantFamily, c.wantTitle, c.wantSupport)
			}
			if r.Steps[1].N != 2 || !r.Steps[1].Report {
				t.Errorf("got step %+v, want the report step numbered 2", r.Steps[1])
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	ok := `{"id":"a-b","title":{"en":"A"},"checks":["x"],"steps":[{"text":{"en":"s"},"report":true}]}`
	cases := []struct{ name, data, want string }{
		{"valid", `{"schema":1,"symptoms":[` + ok + `]}`, ""},
		{"schema", `{"schema":2,"symptoms":[]}`, "schema 2"},
		{"unknown field", `{"schema":1,"symptoms":[],"extra":1}`, "unknown field"},
		{"not kebab", `{"schema":1,"symptoms":[{"id":"A_b","title":{},"checks":["x"],"steps":[{"text":{},"report":true}]}]}`, "kebab"},
		{"repeated", `{"schema":1,"symptoms":[` + ok + `,` + ok + `]}`, "repeated"},
		{"no checks", `{"schema":1,"symptoms":[{"id":"a","title":{},"checks":[],"steps":[{"text":{},"report":true}]}]}`, "at least one check"},
		{"bad link", `{"schema":1,"symptoms":[{"id":"a","title":{},"checks":["x"],"steps":[{"text":{},"link":"ftp","report":true}]}]}`, "unknown link kind"},
		{"report not last", `{"schema":1,"symptoms":[{"id":"a","title":{},"checks":["x"],"steps":[{"text":{},"report":true},{"text":{}}]}]}`, "last step"},
		{"no report", `{"schema":1,"symptoms":[{"id":"a","title":{},"checks":["x"],"steps":[{"text":{}}]}]}`, "last step"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.data))
			switch {
			case c.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want an error naming %q", err, c.want)
			}
		})
	}
}

func TestWriteText(t *testing.T) {
	s, ok, err := Find("forgot-password")
	if !ok || err != nil {
		t.Fatalf("forgot-password: %v %v", ok, err)
	}
	pages := PagesFrom(catalog.Default(), "windows")
	cases := []struct {
		family, lang string
		want         []string
	}{
		{catalog.International, "en", []string{"What to do, step by step:", "  2. On the WPS sign-in screen click \"Forgot password\"",
			"     → https://help.wps.com/articles/how-to-change-or-reset-the-password\n", "  6. Copy the report for support",
			"     → run it\n"}},
		{"", "zh-CN", []string{"请按以下步骤操作：", "  2. 请在 WPS 登录界面点击“忘记密码”",
			"     → 国内版账号（wps.cn）：https://account.wps.cn/\n", "     → 国际版账号（wps.com）：https://help.wps.com/articles/how-to-change-or-reset-the-password\n"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			var b strings.Builder
			WriteText(&b, s.Resolve(pages, c.family, c.lang), TextOptions{Lang: c.lang, ReportHint: "run it"})
			for _, w := range c.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("got\n%s\nwant it to contain %q", b.String(), w)
				}
			}
		})
	}
}

func TestWriteTextFixHintAndEscapes(t *testing.T) {
	r := Resolved{Steps: []ResolvedStep{{N: 1, Text: "a\x1b[31m", Fix: health.FixResignin,
		Links: []Link{{Family: "mainland", URL: "https://x/\x1b]8;;"}}}}}
	var b strings.Builder
	WriteText(&b, r, TextOptions{Lang: "en", FixHint: func(id string) string { return "wpsdoctor fix " + id }})
	got := b.String()
	if strings.Contains(got, "\x1b") {
		t.Errorf("got a raw escape in %q", got)
	}
	if !strings.Contains(got, "(wps.resignin); run wpsdoctor fix wps.resignin") {
		t.Errorf("got %q, want the fix's title, ID and command", got)
	}
}

var update = flag.Bool("update", false, "rewrite the README's symptom table from the data")

const tableBegin, tableEnd = "<!-- guide-table:begin (generated from assets/guide/symptoms.json: go test ./guide -update) -->\n", "<!-- guide-table:end -->"

// TestREADMETable: the README's "Symptom guide" table is the data's, so it
// cannot go stale (go test ./guide -update rewrites it).
func TestREADMETable(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, tableBegin), strings.Index(readme, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q block", tableBegin, tableEnd)
	}
	want, err := Table(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	got := readme[i+len(tableBegin) : j]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile("../README.md", []byte(readme[:i+len(tableBegin)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's symptom table is stale (go test ./guide -update):\ngot\n%s\nwant\n%s", got, want)
}

func TestTableListsEverySymptom(t *testing.T) {
	tbl, err := Table(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range load(t) {
		if !strings.Contains(tbl, "| "+s.Title.In("en")+" | `"+s.ID+"` | `"+s.Checks[0]+"`") {
			t.Errorf("table lacks %s:\n%s", s.ID, tbl)
		}
	}
}
