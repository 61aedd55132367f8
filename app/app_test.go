package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/fixes/plan"
	"wpsdoctor/health"
	"wpsdoctor/settings"
)

// fakeFixer records calls; Apply blocks until release (or ctx) when gate
// is set, so tests can look at the running phase and cancel.
type fakeFixer struct {
	mu      sync.Mutex
	plan    plan.Plan
	planErr error
	result  plan.Result
	err     error
	gate    chan struct{}
	started chan struct{} // closed once progress was reported (gated runs)
	applied []string
	undone  []string
	entries []plan.Entry
}

func (f *fakeFixer) Plan(ctx context.Context, id string) (plan.Plan, error) {
	p := f.plan
	p.FixID = id
	return p, f.planErr
}

func (f *fakeFixer) Apply(ctx context.Context, p plan.Plan, progress func(plan.Progress)) (plan.Result, error) {
	for i, s := range p.Steps {
		if progress != nil {
			progress(plan.Progress{Step: i + 1, Total: len(p.Steps), Phase: "apply", Description: s.Description})
		}
	}
	if f.gate != nil {
		if f.started != nil {
			close(f.started)
		}
		select {
		case <-f.gate:
		case <-ctx.Done():
			return plan.Result{Fix: p.FixID, Outcome: plan.OutcomeCancelled, EntryID: "e-cancel"}, ctx.Err()
		}
	}
	f.mu.Lock()
	f.applied = append(f.applied, p.FixID)
	f.entries = append(f.entries, plan.Entry{ID: f.result.EntryID, Fix: p.FixID, Time: time.Now(), State: "verified", Outcome: f.result.Outcome, Started: []int{0}})
	f.mu.Unlock()
	r := f.result
	r.Fix = p.FixID
	return r, f.err
}

func (f *fakeFixer) Undo(ctx context.Context, id string, progress func(plan.Progress)) (plan.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.undone = append(f.undone, id)
	for i := range f.entries {
		if f.entries[i].ID == id {
			f.entries[i].State, f.entries[i].Outcome = "undone", plan.OutcomeUndone
		}
	}
	return plan.Result{EntryID: id, Outcome: plan.OutcomeUndone}, nil
}

func (f *fakeFixer) History() ([]plan.Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]plan.Entry(nil), f.entries...), nil
}

func clockReport() health.Report {
	fs := []health.Finding{
		{Check: "wps.installed", Area: health.AreaInstall, Status: health.StatusOK, Code: "WSD-INS-001", Message: health.Msg("local.installed", "version", "12.1", "edition", "x")},
		{Check: "clock.skew", Area: health.AreaClock, Status: health.StatusFail, Code: "WSD-CLK-001",
			Message:  health.Msg("net.clock.fail", "minutes", 7, "seconds", 420),
			Evidence: map[string]any{"offset_ms": 420000.0, "servers": []any{"ntp1", "ntp2"}}, Fixes: []string{health.FixClockSync}},
	}
	return health.NewReport(health.Tool{Name: "t"}, health.Host{OS: "linux"}, "en", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), 1500*time.Millisecond, fs)
}

func newTestWindow(t *testing.T, d Deps, lang string) *Window {
	t.Helper()
	a := test.NewTempApp(t)
	_ = a
	dir := t.TempDir()
	st := &settings.Files{Dir: dir}
	s := settings.Default()
	s.Lang = lang
	if err := st.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	if d.Store == nil {
		d.Store = st
	} else if err := d.Store.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	q := newUIQueue()
	d.UI = q.post
	w := New(fyne.CurrentApp(), d)
	w.settleUI = func() { q.settle(t, w) }
	w.settleUI()
	return w
}

// texts collects every label, button, card and accordion text under o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString("[" + x.Text + "]\n")
		case *widget.Hyperlink:
			b.WriteString("<" + x.Text + ">\n")
		case *widget.Card:
			b.WriteString("## " + x.Title + " / " + x.Subtitle + "\n")
			if x.Content != nil {
				walk(x.Content)
			}
		case *widget.Accordion:
			for _, it := range x.Items {
				b.WriteString("> " + it.Title + "\n")
				walk(it.Detail)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func TestOverviewShowsAreasFindingsAndFix(t *testing.T) {
	st := &settings.Files{Dir: t.TempDir()}
	if err := st.SaveReport(clockReport()); err != nil {
		t.Fatal(err)
	}
	w := newTestWindow(t, Deps{Store: st, Fixer: &fakeFixer{}}, "en")
	got := texts(w.overview)
	for _, want := range []string{
		"Sync blocked: The clock is off by about 7 minutes (420 s)", // status line from the top finding
		"## Clock / Blocks sync",
		"## WPS installation / OK",
		"## DNS / Not checked",
		"✗  The clock is off by about 7 minutes (420 s): sign-in and secure connections fail. Sync the clock.",
		"Offset ms: 420000",
		"Servers: ntp1, ntp2",
		"Code WSD-CLK-001 (check clock.skew)",
		"[Check now]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("overview lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "["+w.fixTitle(health.FixClockSync)+"]") || w.fixTitle(health.FixClockSync) == health.FixClockSync {
		t.Errorf("no translated fix button for clock.sync:\n%s", got)
	}

	// Chinese: same report, other language
	w2 := newTestWindow(t, Deps{Store: st}, "zh-CN")
	zh := texts(w2.overview)
	if !strings.Contains(zh, "## 系统时间 / 导致无法同步") || !strings.Contains(zh, "[立即检查]") {
		t.Errorf("zh overview:\n%s", zh)
	}
}

func TestOverviewCheckNowRunsOffTheUIThread(t *testing.T) {
	calls := 0
	d := Deps{Diagnose: func(ctx context.Context, light bool, lang string) (health.Report, error) {
		calls++
		if light || lang != "en" {
			t.Errorf("diagnose light=%v lang=%q", light, lang)
		}
		return clockReport(), nil
	}}
	w := newTestWindow(t, d, "en")
	if !strings.Contains(texts(w.overview), "No check has run yet") {
		t.Fatalf("empty state:\n%s", texts(w.overview))
	}
	w.CheckNow()
	w.settleUI()
	if calls != 1 || w.Report() == nil || w.Report().Overall != health.StatusFail {
		t.Fatalf("calls=%d report=%v", calls, w.Report())
	}
	if _, _, err := w.deps.Store.LastReport(); err != nil {
		t.Fatalf("report not saved for the tray: %v", err)
	}
	if !strings.Contains(texts(w.overview), "## Clock / Blocks sync") {
		t.Fatal("overview not redrawn after the check")
	}
	// a failing diagnosis is shown, not swallowed
	w.deps.Diagnose = func(context.Context, bool, string) (health.Report, error) {
		return health.Report{}, errors.New("catalogue unreadable")
	}
	w.CheckNow()
	w.settleUI()
	if !strings.Contains(texts(w.overview), "Error: catalogue unreadable") {
		t.Fatalf("error not shown:\n%s", texts(w.overview))
	}
}

func samplePlan() plan.Plan {
	return plan.Plan{
		Title: health.Msg("fix.clock.sync.title"),
		Steps: []plan.Step{
			{Description: health.Msg("no.such.step.one"), Elevated: true, Actions: []plan.Action{{Kind: plan.KindExec, Argv: []string{"timedatectl", "set-ntp", "true"}}},
				Undo: []plan.Action{{Kind: plan.KindExec, Argv: []string{"timedatectl", "set-ntp", "false"}}}},
			{Description: health.Msg("no.such.step.two")},
		},
		Verify: []string{"clock.skew"},
	}
}

func TestFixFlowConsentSuccessUndo(t *testing.T) {
	st := &settings.Files{Dir: t.TempDir()}
	st.SaveReport(clockReport())
	fx := &fakeFixer{plan: samplePlan(), result: plan.Result{EntryID: "e1", Outcome: plan.OutcomeFixed,
		After: []health.Finding{{Check: "clock.skew", Area: health.AreaClock, Status: health.StatusOK, Code: "WSD-CLK-000", Message: health.Msg("net.clock.ok", "ms", 12)}}}}
	w := newTestWindow(t, Deps{Store: st, Fixer: fx}, "en")
	w.StartFix(health.FixClockSync)
	w.settleUI()
	f := w.Flow()
	if f.Phase != "preview" {
		t.Fatalf("phase %q", f.Phase)
	}
	body := texts(f.body)
	for _, want := range []string{"This fix will make 2 change(s)", "1. no.such.step.one  [needs administrator rights]", "2. no.such.step.two", "administrator password", "can be undone", "> Exact actions"} {
		if !strings.Contains(body, want) {
			t.Errorf("preview lacks %q:\n%s", want, body)
		}
	}
	if len(fx.applied) != 0 {
		t.Fatal("applied before consent")
	}
	if f.Apply.Disabled() {
		t.Fatal("apply disabled in preview")
	}
	test.Tap(f.Apply) // consent
	w.settleUI()
	if len(fx.applied) != 1 || f.Phase != "result" {
		t.Fatalf("applied=%v phase=%s", fx.applied, f.Phase)
	}
	if f.Progress.Value != 1 {
		t.Errorf("progress %v", f.Progress.Value)
	}
	res := texts(f.body)
	if !strings.Contains(res, "Fixed: the problem is gone.") || !strings.Contains(res, "Checked again after the fix:") {
		t.Errorf("result:\n%s", res)
	}
	// the re-check replaced the failing finding in the overview and the store
	if w.Report().Overall != health.StatusOK {
		t.Errorf("overview report not updated: %s", w.Report().Overall)
	}
	if r, _, _ := st.LastReport(); r.Overall != health.StatusOK {
		t.Errorf("stored report not updated: %s", r.Overall)
	}
	test.Tap(f.Undo)
	w.settleUI()
	if len(fx.undone) != 1 || fx.undone[0] != "e1" || !strings.Contains(texts(f.body), "Undone") {
		t.Fatalf("undo: %v\n%s", fx.undone, texts(f.body))
	}
	// history lists the entry, undone
	w.refreshHistory()
	w.settleUI()
	if h := texts(w.history); !strings.Contains(h, "Undone: the previous state is restored.") {
		t.Errorf("history:\n%s", h)
	}
}

func TestFixFlowCancelBeforeAndDuring(t *testing.T) {
	fx := &fakeFixer{plan: samplePlan(), gate: make(chan struct{}), started: make(chan struct{})}
	w := newTestWindow(t, Deps{Fixer: fx}, "en")
	w.StartFix(health.FixClockSync)
	w.settleUI()
	f := w.Flow()
	test.Tap(f.Cancel) // declining consent
	if f.Phase != "closed" || len(fx.applied) != 0 {
		t.Fatalf("cancel in preview: phase %s applied %v", f.Phase, fx.applied)
	}

	w.StartFix(health.FixClockSync)
	w.settleUI()
	f = w.Flow()
	test.Tap(f.Apply)
	if f.Phase != "running" {
		t.Fatalf("phase %s", f.Phase)
	}
	<-fx.started       // the UI has shown the progress
	test.Tap(f.Cancel) // cancel while running
	w.settleUI()
	if f.Phase != "result" || !strings.Contains(texts(f.body), "Cancelled") {
		t.Fatalf("cancel while running: %s\n%s", f.Phase, texts(f.body))
	}
	for _, o := range f.dlgButtons() {
		if o == f.Undo {
			t.Fatal("undo offered after a cancelled fix")
		}
	}
}

func TestFixFlowFailureRefusalPlanError(t *testing.T) {
	fx := &fakeFixer{plan: samplePlan(), result: plan.Result{EntryID: "e2", Outcome: plan.OutcomeRolledBack}, err: errors.New("step 2: access denied")}
	w := newTestWindow(t, Deps{Fixer: fx}, "en")
	w.StartFix(health.FixClockSync)
	w.settleUI()
	test.Tap(w.Flow().Apply)
	w.settleUI()
	body := texts(w.Flow().body)
	if !strings.Contains(body, "A step failed; everything was put back") || !strings.Contains(body, "access denied") {
		t.Fatalf("failure:\n%s", body)
	}

	refusal := health.Msg("no.such.refusal")
	fx.plan = plan.Plan{Refusal: &refusal, Steps: samplePlan().Steps}
	w.StartFix(health.FixDNSSet)
	w.settleUI()
	if f := w.Flow(); f.Phase != "refused" || !strings.Contains(texts(f.body), "must not run here") || !f.Apply.Disabled() {
		t.Fatalf("refusal: %s %s", f.Phase, texts(f.body))
	}

	fx.planErr = errors.New("cannot read resolver settings")
	w.StartFix(health.FixDNSSet)
	w.settleUI()
	if f := w.Flow(); f.Phase != "error" || !strings.Contains(f.Message.Text, "cannot read resolver settings") {
		t.Fatalf("plan error: %s %q", f.Phase, f.Message.Text)
	}
}

type fakeAutostart struct {
	on  bool
	err error
}

func (a *fakeAutostart) Enabled() (bool, error) { return a.on, nil }
func (a *fakeAutostart) SetEnabled(on bool) error {
	if a.err != nil {
		return a.err
	}
	a.on = on
	return nil
}

func TestSettingsSaveAndLanguageSwitch(t *testing.T) {
	st := &settings.Files{Dir: t.TempDir()}
	as := &fakeAutostart{}
	w := newTestWindow(t, Deps{Store: st, Autostart: as}, "en")
	f := w.Settings()
	if f.Interval.Selected != "every 60 minutes" || !f.Notifications.Checked || f.Consent.Selected != "Ask me before running a fix" {
		t.Fatalf("defaults: %q %v %q", f.Interval.Selected, f.Notifications.Checked, f.Consent.Selected)
	}
	f.Interval.SetSelected("every 15 minutes")
	test.Tap(f.Notifications)
	f.Consent.SetSelected("Never run fixes automatically")
	test.Tap(f.Autostart)
	s, err := st.LoadSettings()
	if err != nil {
		t.Fatal(err)
	}
	if s.IntervalMinutes != 15 || s.Notifications || s.Consent != settings.ConsentNever || !s.Autostart || !as.on {
		t.Fatalf("saved %v, autostart %v", s, as.on)
	}
	as.err = errors.New("registry denied")
	test.Tap(f.Autostart)
	if !strings.Contains(f.Status.Text, "registry denied") {
		t.Fatalf("autostart error not shown: %q", f.Status.Text)
	}
	f.Language.SetSelected("中文（简体）")
	if s, _ := st.LoadSettings(); s.Lang != "zh-CN" {
		t.Fatalf("language not saved: %q", s.Lang)
	}
	if w.W.Title() != "WPS 同步医生" || w.tabs.Items[2].Text != "设置" {
		t.Fatalf("not redrawn in Chinese: %q %q", w.W.Title(), w.tabs.Items[2].Text)
	}
	if w.Settings().Interval.Selected != "每 15 分钟" {
		t.Fatalf("settings page not redrawn: %q", w.Settings().Interval.Selected)
	}
}

func TestMalformedSettingsFileIsReportedNotFatal(t *testing.T) {
	dir := t.TempDir()
	st := &settings.Files{Dir: dir}
	test.NewTempApp(t)
	if err := writeFile(dir+"/settings.json", "{not json"); err != nil {
		t.Fatal(err)
	}
	q := newUIQueue()
	w := New(fyne.CurrentApp(), Deps{Store: st, UI: q.post})
	q.settle(t, w)
	if !strings.Contains(texts(w.overview), "settings") {
		t.Fatalf("malformed settings not mentioned:\n%s", texts(w.overview))
	}
}

func TestConsentTextMatchesUndo(t *testing.T) {
	p := samplePlan()
	for i := range p.Steps {
		p.Steps[i].Undo = nil
	}
	fx := &fakeFixer{plan: p}
	w := newTestWindow(t, Deps{Fixer: fx}, "en")
	w.StartFix(health.FixUpdate)
	w.settleUI()
	body := texts(w.Flow().body)
	if !strings.Contains(body, "cannot be undone") || strings.Contains(body, "can be undone.") {
		t.Fatalf("a plan without undo must not promise one:\n%s", body)
	}
}
