package verdict

import (
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/health/checks"
	"wpsdoctor/i18n"
)

func rep(fs ...health.Finding) *health.Report {
	r := health.NewReport(health.Tool{Name: "t"}, health.Host{}, "en", time.Now(), 0, fs)
	r.Localize("en", i18n.T)
	return &r
}

var (
	clock = health.Finding{Check: "clock.skew", Status: health.StatusFail, Code: "WSD-CLK-001",
		Message: health.Msg("net.clock.fail", "minutes", 7, "seconds", 420), Fixes: []string{health.FixClockSync}}
	offline = health.Finding{Check: "net.online", Status: health.StatusFail, Code: "WSD-NET-001", Message: health.Msg("x.y")}
	slow    = health.Finding{Check: "net.quality", Status: health.StatusWarn, Code: "WSD-NET-020", Message: health.Msg("x.slow")}
	advice  = health.Finding{Check: "advice", Status: health.StatusFail, Code: "ADV", Message: health.Msg("x.adv"), Fixes: []string{"wps.update"}}
	fine    = health.Finding{Check: "wps.installed", Status: health.StatusOK, Code: "WSD-INS-000", Message: health.Msg("tray.status.healthy")}
)

func TestOf(t *testing.T) {
	facts := Facts{"net.online": {Offline: true}, "advice": {Quiet: true}}
	for _, tc := range []struct {
		name  string
		r     *health.Report
		state State
		line  string // prefix
		fix   string
		top   string // code
	}{
		{"no report", nil, Offline, "Sync status unknown", "", ""},
		{"unreadable report", &health.Report{}, Offline, "Offline:", "", ""},
		{"healthy", rep(fine), Healthy, "WPS sync can work", "", ""},
		{"problem", rep(fine, clock), Problem, "Sync blocked: The clock is off by about 7 minutes", health.FixClockSync, "WSD-CLK-001"},
		{"warning", rep(slow, fine), Warning, "Sync may be unreliable:", "", "WSD-NET-020"},
		{"offline check failed", rep(offline, fine), Offline, "Offline: this computer cannot reach the internet", "", "WSD-NET-001"},
		{"quiet check changes nothing", rep(fine, advice), Healthy, "WPS sync can work", "", ""},
		{"quiet check is not the top", rep(slow, advice), Warning, "Sync may be unreliable:", "", "WSD-NET-020"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Of(tc.r, facts, "en")
			if v.State != tc.state || !strings.HasPrefix(v.Line, tc.line) || v.Fix != tc.fix || v.Top.Code != tc.top {
				t.Errorf("got state %s line %q fix %q top %q, want %s %q… %q %q", v.State, v.Line, v.Fix, v.Top.Code, tc.state, tc.line, tc.fix, tc.top)
			}
		})
	}
	if v := Of(rep(offline), nil, "en"); v.State != Problem {
		t.Errorf("without facts a failed net.online is a problem like any other: got %s", v.State)
	}
}

func TestOfLanguageAndLength(t *testing.T) {
	long := clock
	long.Text = strings.Repeat("很长的原因", 40) + "\nsecond line"
	v := Of(rep(long), nil, "zh-CN")
	if !strings.HasPrefix(v.Line, "同步受阻：") || strings.Contains(v.Line, "second") {
		t.Errorf("got %q, want the zh-CN problem line with the first line of the reason", v.Line)
	}
	if n := len([]rune(v.Line)); n > 100 {
		t.Errorf("line has %d runes, want at most 100 for a tooltip", n)
	}
	c := Of(rep(clock), nil, "zh-CN").Checking()
	if c.State != Checking || c.Line != "正在检查 WPS 同步…" || c.Fix != health.FixClockSync {
		t.Errorf("checking: got %s %q fix %q, want checking, the zh-CN line and the last fix kept", c.State, c.Line, c.Fix)
	}
}

// The facts come from the checks themselves: the real catalogue declares
// net.online as the check whose failure means offline, and nothing quiet.
func TestFactsOfTheCatalogue(t *testing.T) {
	got := FactsOf(checks.All())
	if len(got) != 1 || got["net.online"] != (Fact{Offline: true}) {
		t.Errorf("got %v, want only net.online: offline", got)
	}
}

func TestMerge(t *testing.T) {
	at := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	full := health.NewReport(health.Tool{Name: "x"}, health.Host{OS: "linux"}, "en", at, time.Second, []health.Finding{
		{Check: "a", Status: health.StatusFail, Code: "A1"},
		{Check: "b", Status: health.StatusOK, Code: "B1"},
	})
	light := health.NewReport(health.Tool{Name: "x"}, health.Host{}, "zh-CN", at.Add(time.Minute), 0, []health.Finding{
		{Check: "a", Status: health.StatusOK, Code: "A0"},
		{Check: "c", Status: health.StatusWarn, Code: "C1"},
	})
	m := Merge(full, light)
	var codes []string
	for _, f := range m.Findings {
		codes = append(codes, f.Code)
	}
	if got, want := strings.Join(codes, ","), "A0,B1,C1"; got != want {
		t.Errorf("findings %s, want %s", got, want)
	}
	if m.Overall != health.StatusWarn || m.Lang != "zh-CN" || !m.GeneratedAt.Equal(at.Add(time.Minute)) || m.DurationMS != 1000 || m.Host.OS != "linux" {
		t.Errorf("got overall %s lang %s at %v took %d host %v, want warn, zh-CN, the light run's time, the full run's duration and host",
			m.Overall, m.Lang, m.GeneratedAt, m.DurationMS, m.Host)
	}
}
