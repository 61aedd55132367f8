package app

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/guide"
	"wpsdoctor/health"
)

var guidePages = guide.Pages{
	"mainland":      {guide.LinkStorage: "https://www.kdocs.cn/latest", guide.LinkSupport: "https://helpdesk.wps.cn/"},
	"international": {guide.LinkStorage: "https://docs.wps.com/latest", guide.LinkSupport: "https://help.wps.com/"},
}

// fakeGuide answers a symptom's checks once release is closed.
type fakeGuide struct {
	mu      sync.Mutex
	asked   []string
	lang    string
	release chan struct{}
}

func (f *fakeGuide) run(ctx context.Context, only []string, lang string) (health.Report, string, error) {
	f.mu.Lock()
	f.asked, f.lang = append([]string(nil), only...), lang
	f.mu.Unlock()
	<-f.release
	fs := []health.Finding{
		{Check: "wps.syncdb", Area: health.AreaClient, Status: health.StatusOK, Code: "WSD-CLI-020", Text: "no failed transfers"},
		{Check: "account.quota", Area: health.AreaAccount, Status: health.StatusFail, Code: "WSD-ACC-030", Text: "uploads failed: cloud full"},
	}
	return health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, lang, time.Unix(0, 0), time.Second, fs), "international", nil
}

// buttonNamed finds the button with this text under o.
func buttonNamed(o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *widget.Card:
		if x.Content != nil {
			return buttonNamed(x.Content, text)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := buttonNamed(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

func hasProgressBar(o fyne.CanvasObject) bool {
	if _, ok := o.(*widget.ProgressBarInfinite); ok {
		return true
	}
	if c, ok := o.(*fyne.Container); ok {
		return slices.ContainsFunc(c.Objects, hasProgressBar)
	}
	return false
}

func TestGuidePageRunsTheSymptomsChecksThenShowsItsSteps(t *testing.T) {
	cases := []struct {
		lang                       string
		tab, title, checking, copy string
		want                       []string
	}{
		{"en", "What is wrong?", "The cloud space is full", "Running the checks for this problem…", "Copy report for support",
			[]string{"1. Open storage management on the web", "<https://docs.wps.com/latest>", "<https://help.wps.com/>", "uploads failed: cloud full"}},
		{"zh-CN", "遇到什么问题？", "云空间已满", "正在运行与此问题相关的检查…", "复制报告给客服",
			[]string{"1. 请在网页版打开「存储管理」", "<https://docs.wps.com/latest>", "6. 请复制诊断报告", "## 检查结果："}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			fg := &fakeGuide{release: make(chan struct{})}
			var copied string
			d := Deps{Guide: GuideDeps{Run: fg.run, Pages: guidePages}, Copy: func(s string) { copied = s },
				ShareText: func(lang string, r health.Report) string { return "REPORT " + lang + " " + r.Findings[0].Check }}
			w := newTestWindow(t, d, c.lang)
			if w.guide.tab.Text != c.tab || w.tabs.Items[len(w.tabs.Items)-1] != w.guide.tab {
				t.Fatalf("got last tab %q, want %q", w.tabs.Items[len(w.tabs.Items)-1].Text, c.tab)
			}
			list := texts(w.guide.page)
			if strings.Count(list, "[") != len(guide.IDs()) || !strings.Contains(list, "["+c.title+"]") {
				t.Fatalf("got list\n%s\nwant one button per symptom with %q", list, c.title)
			}
			test.Tap(buttonNamed(w.guide.page, c.title))
			if got := texts(w.guide.page); !strings.Contains(got, c.checking) || !hasProgressBar(w.guide.page) {
				t.Errorf("got while running\n%s\nwant %q and a progress bar", got, c.checking)
			}
			close(fg.release)
			w.settleUI()
			s, _, _ := guide.Find("cloud-full")
			if !slices.Equal(fg.asked, s.Checks) || fg.lang != c.lang {
				t.Errorf("got checks %v in %q, want %v in %q", fg.asked, fg.lang, s.Checks, c.lang)
			}
			got := texts(w.guide.page)
			for _, want := range c.want {
				if !strings.Contains(got, want) {
					t.Errorf("got\n%s\nwant %q", got, want)
				}
			}
			if strings.Contains(got, c.checking) || hasProgressBar(w.guide.page) || strings.Contains(got, "kdocs.cn") {
				t.Errorf("got\n%s\nwant no progress and only the international pages", got)
			}
			if strings.Index(got, "cloud full") > strings.Index(got, "no failed transfers") {
				t.Errorf("got the OK finding before the problem:\n%s", got)
			}
			test.Tap(buttonNamed(w.guide.page, c.copy))
			if !strings.Contains(copied, c.title) || !strings.Contains(copied, "cloud-full") || !strings.HasSuffix(copied, "REPORT "+c.lang+" wps.syncdb") {
				t.Errorf("got copied %q, want the symptom's head and its report", copied)
			}
		})
	}
}

func TestGuidePageBackAndWithoutRunner(t *testing.T) {
	w := newTestWindow(t, Deps{Guide: GuideDeps{Pages: guidePages}}, "en")
	if w.ShowGuide(); w.tabs.Selected() != w.guide.tab {
		t.Errorf("got tab %q selected, want the guide's", w.tabs.Selected().Text)
	}
	w.ChooseSymptom("forgot-password")
	w.settleUI()
	got := texts(w.guide.page)
	for _, want := range []string{"The checks cannot run in this session", "6. Copy the report for support",
		"<mainland (wps.cn): https://helpdesk.wps.cn/>", "<international (wps.com): https://help.wps.com/>"} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n%s\nwant %q", got, want)
		}
	}
	if b := buttonNamed(w.guide.page, "Copy report for support"); b == nil || !b.Disabled() {
		t.Errorf("got copy button %v, want it disabled with no report at all", b)
	}
	test.Tap(buttonNamed(w.guide.page, "All problems"))
	if got := texts(w.guide.page); !strings.Contains(got, "[I forgot my password]") || strings.Contains(got, "6. Copy") {
		t.Errorf("got after back\n%s\nwant the list", got)
	}
	w.ChooseSymptom("no-such-symptom")
	if got := texts(w.guide.page); !strings.Contains(got, "there is no symptom no-such-symptom") {
		t.Errorf("got\n%s\nwant the unknown symptom named", got)
	}
}
