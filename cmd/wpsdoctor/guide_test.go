package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/guide"
	"wpsdoctor/health"
)

// fakeGuideRun replaces the check runner for one test: it records the
// checks asked for and answers with fs for family.
func fakeGuideRun(t *testing.T, family string, fs ...health.Finding) *[]string {
	t.Helper()
	var asked []string
	old := guideRun
	guideRun = func(_ context.Context, a *app, only []string) (health.Report, string, error) {
		asked = append(asked, only...)
		rep := health.NewReport(health.Tool{Name: "wpsdoctor"}, health.Host{OS: "linux"}, a.lang, time.Unix(0, 0), time.Second, fs)
		return rep, family, nil
	}
	t.Cleanup(func() { guideRun = old })
	return &asked
}

func TestGuideList(t *testing.T) {
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"cannot-sign-in     I cannot sign in\n", "cloud-full         The cloud space is full\n", "wpsdoctor guide ID"}},
		{"zh-CN", []string{"cannot-sign-in     无法登录 WPS 账号\n", "conflict-copies    出现冲突副本\n", "运行 `wpsdoctor guide ID`"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			code, out, errOut := runCLI(t, nil, "guide", "--lang", c.lang)
			if code != 0 {
				t.Fatalf("got exit %d (%s), want 0", code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("got\n%s\nwant it to contain %q", out, w)
				}
			}
			if n := strings.Count(out, "\n"); n != len(guide.IDs())+2 {
				t.Errorf("got %d lines, want one per symptom and the hint", n)
			}
		})
	}
}

func TestGuideListJSON(t *testing.T) {
	code, out, _ := runCLI(t, nil, "guide", "--json", "--lang", "zh-CN")
	var items []guideListItem
	if err := json.Unmarshal([]byte(out), &items); err != nil || code != 0 {
		t.Fatalf("got exit %d, %v:\n%s", code, err, out)
	}
	if len(items) != len(guide.IDs()) || items[0].ID != "cannot-sign-in" || items[0].Title != "无法登录 WPS 账号" || len(items[0].Checks) == 0 {
		t.Errorf("got %+v, want every symptom with its zh-CN title and checks", items)
	}
}

func guideFindings() []health.Finding {
	return []health.Finding{
		{Check: "account.signin", Area: health.AreaAccount, Status: health.StatusOK, Code: "WSD-ACC-010", Text: "Probably signed in."},
		{Check: "account.quota", Area: health.AreaAccount, Status: health.StatusFail, Code: "WSD-ACC-030", Text: "Uploads failed: the cloud space is full.",
			Fixes: []string{health.FixResignin}},
	}
}

func TestGuideSymptomText(t *testing.T) {
	asked := fakeGuideRun(t, "international", guideFindings()...)
	code, out, errOut := runCLI(t, nil, "guide", "cloud-full", "--lang", "en")
	if code != exitFailures {
		t.Fatalf("got exit %d (%s), want %d (a failed check, as check exits)", code, errOut, exitFailures)
	}
	s, _, _ := guide.Find("cloud-full")
	if !slices.Equal(*asked, s.Checks) {
		t.Errorf("got checks %v, want the symptom's %v", *asked, s.Checks)
	}
	want := []string{
		"The cloud space is full (cloud-full)\n\nWhat the checks found:\n",
		"  ✗ account.quota   Uploads failed: the cloud space is full.  [WSD-ACC-030]\n",
		"→ Fix: ",
		"  ✓ account.signin  Probably signed in.\n",
		"What to do, step by step:\n  1. Open storage management on the web",
		"     → https://docs.wps.com/latest\n",
		"  6. Copy the report for support",
		"     → https://help.wps.com/\n",
		"     → Make the report with wpsdoctor report",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("got\n%s\nwant it to contain %q", out, w)
		}
	}
	if strings.Index(out, "account.quota") > strings.Index(out, "account.signin") {
		t.Errorf("got the problem after the OK finding:\n%s", out)
	}
	if strings.Contains(out, "kdocs.cn") {
		t.Errorf("got the mainland page for an international account:\n%s", out)
	}
}

func TestGuideSymptomJSONAndFixHint(t *testing.T) {
	fakeGuideRun(t, "", guideFindings()[0])
	code, out, _ := runCLI(t, nil, "guide", "sync-spinning", "--json", "--lang", "zh-CN")
	var got guideJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("got exit %d, %v:\n%s", code, err, out)
	}
	r := got.Symptom
	if r.ID != "sync-spinning" || r.Title != "同步图标一直转圈" || r.Family != "" || len(got.Report.Findings) != 1 {
		t.Fatalf("got %+v", got)
	}
	last := r.Steps[len(r.Steps)-1]
	if !last.Report || len(last.Links) != 2 || last.N != len(r.Steps) {
		t.Errorf("got last step %+v, want the report step with both families' support pages", last)
	}
	_, text, _ := runCLI(t, nil, "guide", "sync-spinning", "--lang", "en")
	if !strings.Contains(text, "(wps.config.reset); run wpsdoctor fix wps.config.reset\n") {
		t.Errorf("got\n%s\nwant the config reset step to name its command", text)
	}
}

func TestGuideUnknownSymptom(t *testing.T) {
	fakeGuideRun(t, "")
	for _, args := range [][]string{{"guide", "no-such"}, {"guide", "no-such", "--json"}, {"guide", "a", "b"}} {
		code, out, errOut := runCLI(t, nil, append(args, "--lang", "en")...)
		if code != exitToolFailure || out != "" {
			t.Errorf("%v: got exit %d, stdout %q; want %d and nothing", args, code, out, exitToolFailure)
		}
		if args[1] == "no-such" && (!strings.Contains(errOut, "no symptom no-such") || !strings.Contains(errOut, "cannot-sign-in, forgot-password")) {
			t.Errorf("%v: got %q, want the valid IDs named", args, errOut)
		}
	}
}
