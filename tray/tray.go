package tray

import (
	"context"
	"errors"
	"log"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"fyne.io/systray"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

// Options configure the tray process.
type Options struct {
	Store settings.Store
	// Diagnose runs the checks (all, or the light ones) in lang.
	Diagnose func(ctx context.Context, light bool, lang string) (health.Report, error)
	// Facts are the checks' facts the verdict needs (verdict.FactsOf the
	// catalogue Diagnose runs).
	Facts verdict.Facts
	// Saved receives a value when another process (the window) saved a
	// report in Store: the tray shows it at once.
	Saved <-chan struct{}
	// NetChanges receives a value when the network changed (see
	// Monitor.NetChanges); nil leaves it to the poll.
	NetChanges <-chan struct{}
	Window     *Launcher
	// Raise asks the open window to come to the front with the arguments
	// the tray would have started it with (--fix ID, --bundle); main wires
	// it to the instance socket. nil: an open window stays as it is.
	Raise func(extra ...string) error
	// Notify shows a notification (main wires platform/notify); nil shows none.
	Notify func(ctx context.Context, title, body string) error
	// ShareText renders a report for "Copy report", redacted for sharing;
	// nil copies only the status line.
	ShareText func(lang string, r health.Report) string
	// Copy puts text on the clipboard (main wires platform/clipboard); nil copies nothing.
	Copy func(text string) error
	// AutoFix applies a fix without asking (consent level "auto then
	// notify"); it must refuse plans that need administrator rights or carry
	// a refusal, and returns the outcome. nil disables automatic fixes.
	AutoFix func(ctx context.Context, fixID string) (outcome string, err error)
	Log     *log.Logger
	Warmup  time.Duration
	Poll    time.Duration
}

// BundleArg is the window's argument for the support bundle page.
const BundleArg = "--bundle"

// GuideArg is the window's argument for the "What is wrong?" page.
const GuideArg = "--guide"

// GNOMEHint tells Linux users how to get a tray icon.
const GNOMEHint = "no system tray host found. KDE, Xfce, LXQt, Cinnamon and MATE panels provide one; " +
	"on GNOME install the \"AppIndicator and KStatusNotifierItem Support\" extension " +
	"(Debian/Ubuntu: gnome-shell-extension-appindicator). The window works without it."

// Run runs the tray until the user quits or ctx ends, and returns the exit
// code. Without a session D-Bus (Linux) it does not start systray at all
// (which would crash on quit, fyne#6403): it logs why, opens the window and
// waits for it, so the user can still diagnose and repair.
func Run(ctx context.Context, o Options) int {
	if o.Log == nil {
		o.Log = log.New(os.Stderr, "wpsdoctor-tray: ", log.LstdFlags)
	}
	bus, watcher, err := trayHost()
	if !bus {
		o.Log.Printf("no session D-Bus (%v): the tray icon cannot be shown; %s", err, GNOMEHint)
		return windowOnly(ctx, o)
	}
	c := newController(o)
	if !watcher {
		o.Log.Printf("%v: %s", err, GNOMEHint)
		if o.Window != nil {
			if err := o.Window.Open(); err != nil {
				o.Log.Printf("open window: %v", err)
			}
		}
	}
	systray.SetTitle(i18n.T(c.lang(), "app.title", nil))
	c.apply(true)
	systray.Run(func() { c.ready(ctx) }, c.exit)
	o.Log.Printf("quit")
	return 0
}

// windowOnly opens the window and waits for it (or for ctx).
func windowOnly(ctx context.Context, o Options) int {
	if o.Window == nil {
		return 0
	}
	if err := o.Window.Open(); err != nil {
		o.Log.Printf("open window: %v", err)
		return 1
	}
	select {
	case <-o.Window.Done():
	case <-ctx.Done():
	}
	o.Log.Printf("quit")
	return 0
}

type controller struct {
	o       Options
	mon     *Monitor
	alerter *Alerter
	cancel  context.CancelFunc

	// applyMu makes one apply at a time push to systray: the monitor, the
	// menu clicks and the store watcher all call apply, and systray's menu
	// items are not safe for concurrent use.
	applyMu sync.Mutex

	mu       sync.Mutex
	settings settings.Settings
	report   *health.Report
	// verdict is the report's, in the settings' language: computed once
	// per report (and per language switch) and shown, alerted and acted on
	// as it is.
	verdict  verdict.Verdict
	checking bool // a full run is in progress
	pause    Pause
	seenAt   time.Time // save time of the store's report we have shown
	view     View
	viewOK   bool
	// autoTried: finding codes an automatic fix was tried for (once each).
	autoTried map[string]bool

	items struct {
		status, check, fix, open, guide, copy, bundle, pauseHour, pauseEver, resume, lang, quit *systray.MenuItem
	}
}

func newController(o Options) *controller {
	c := &controller{o: o, autoTried: map[string]bool{}, settings: settings.Default()}
	if o.Store != nil {
		s, err := o.Store.LoadSettings()
		if err != nil {
			o.Log.Printf("%v", err)
		}
		c.settings = s
		if r, at, err := o.Store.LastReport(); err == nil {
			c.report, c.seenAt = &r, at
		} else if !errors.Is(err, settings.ErrNoReport) {
			o.Log.Printf("%v", err)
		}
	}
	c.judge()
	c.alerter = &Alerter{Enabled: func() bool { c.mu.Lock(); defer c.mu.Unlock(); return c.settings.Notifications }}
	if c.report != nil {
		baseline := c.verdict
		baseline.Top = health.Finding{} // the last known state is the baseline
		c.alerter.Observe(time.Now(), baseline)
	}
	return c
}

// judge renders the report in the settings' language and computes its
// verdict: the one place the tray does either. Call with c.mu held (or
// before other goroutines start).
func (c *controller) judge() {
	lang := c.settings.Language()
	if c.report != nil {
		c.report.Localize(lang, i18n.T)
	}
	c.verdict = verdict.Of(c.report, c.o.Facts, lang)
}

func (c *controller) lang() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.settings.Language()
}

// apply recomputes the view and pushes what changed to systray.
func (c *controller) apply(force bool) {
	c.applyMu.Lock()
	defer c.applyMu.Unlock()
	c.mu.Lock()
	shown := c.verdict
	if c.checking {
		shown = shown.Checking()
	}
	v := MakeView(shown, c.pause, time.Now())
	old, had := c.view, c.viewOK
	c.view, c.viewOK = v, true
	it := c.items
	c.mu.Unlock()

	if force || !had || old.Icon != v.Icon {
		if runtime.GOOS == "darwin" {
			systray.SetTemplateIcon(trayIconTemplate(v.Icon), trayIcon(runtime.GOOS, v.Icon))
		} else {
			systray.SetIcon(trayIcon(runtime.GOOS, v.Icon))
		}
	}
	if force || !had || old.Tooltip != v.Tooltip {
		systray.SetTooltip(v.Tooltip)
	}
	if it.status == nil {
		return
	}
	it.status.SetTitle(v.Status)
	it.check.SetTitle(v.CheckNow)
	if v.FixID != "" {
		it.fix.SetTitle(v.Fix)
		it.fix.Show()
	} else {
		it.fix.Hide()
	}
	it.open.SetTitle(v.Open)
	it.guide.SetTitle(v.Guide)
	it.copy.SetTitle(v.Copy)
	it.bundle.SetTitle(v.Bundle)
	it.pauseHour.SetTitle(v.PauseHour)
	it.pauseEver.SetTitle(v.PauseEver)
	it.resume.SetTitle(v.Resume)
	if v.Paused {
		it.pauseHour.Hide()
		it.pauseEver.Hide()
		it.resume.Show()
	} else {
		it.pauseHour.Show()
		it.pauseEver.Show()
		it.resume.Hide()
	}
	it.lang.SetTitle(v.Lang)
	it.quit.SetTitle(v.Quit)
}

func (c *controller) ready(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	c.cancel = cancel
	c.mu.Lock()
	v := c.view
	c.mu.Unlock()
	it := &c.items
	it.status = systray.AddMenuItem(v.Status, "")
	it.status.Disable()
	systray.AddSeparator()
	it.check = systray.AddMenuItem(v.CheckNow, "")
	it.fix = systray.AddMenuItem(v.Fix, "")
	it.open = systray.AddMenuItem(v.Open, "")
	it.guide = systray.AddMenuItem(v.Guide, "")
	it.copy = systray.AddMenuItem(v.Copy, "")
	it.bundle = systray.AddMenuItem(v.Bundle, "")
	systray.AddSeparator()
	it.pauseHour = systray.AddMenuItem(v.PauseHour, "")
	it.pauseEver = systray.AddMenuItem(v.PauseEver, "")
	it.resume = systray.AddMenuItem(v.Resume, "")
	it.lang = systray.AddMenuItem(v.Lang, "")
	systray.AddSeparator()
	it.quit = systray.AddMenuItem(v.Quit, "")
	c.apply(false)

	c.mon = NewMonitor()
	c.mon.Warmup, c.mon.Poll, c.mon.NetChanges = c.o.Warmup, c.o.Poll, c.o.NetChanges
	c.mon.Full = func() time.Duration { c.mu.Lock(); defer c.mu.Unlock(); return c.settings.Interval() }
	c.mon.Light = settings.LightEvery
	c.mon.Run = func(ctx context.Context, light bool) (health.Report, error) {
		if c.o.Diagnose == nil {
			return health.Report{}, errors.New("no diagnosis configured")
		}
		return c.o.Diagnose(ctx, light, c.lang())
	}
	c.mon.OnStart = c.started
	c.mon.OnResult = c.finished
	go c.mon.Loop(ctx)
	go c.watchStore(ctx)
	go c.clicks(ctx)
	c.o.Log.Printf("tray ready (state %s)", c.view.Icon)
}

func (c *controller) exit() {
	if c.cancel != nil {
		c.cancel()
	}
}

func (c *controller) started(light bool, why Reason) {
	c.o.Log.Printf("check started (%s, light=%v)", why, light)
	if light {
		return // light probes keep the icon steady
	}
	c.mu.Lock()
	c.checking = true
	c.mu.Unlock()
	c.apply(false)
}

// finished takes a run's result: the report is merged (a light run over
// the last full one) and judged once, and that one verdict goes to the
// icon and menu, the alerter and its notification, and the automatic fix.
// It returns whether the verdict is healthy, for the monitor's backoff.
func (c *controller) finished(res Result) bool {
	if res.Err != nil && res.Report.SchemaVersion == 0 {
		c.o.Log.Printf("check failed: %v", res.Err)
		c.mu.Lock()
		c.checking = false
		c.mu.Unlock()
		c.apply(false)
		return false
	}
	c.mu.Lock()
	rep := res.Report
	if res.Light && c.report != nil {
		rep = verdict.Merge(*c.report, res.Report)
	}
	c.report, c.checking = &rep, false
	c.judge()
	v := c.verdict
	c.mu.Unlock()
	c.save(rep)
	c.o.Log.Printf("check done (%s): %s, overall %s", res.Reason, v.State, rep.Overall)
	c.apply(false)
	if al, ok := c.alerter.Observe(time.Now(), v); ok {
		c.notify(al)
	}
	c.maybeAutoFix(v)
	return v.State == verdict.Healthy
}

// save writes the tray's report for the window (and the next start), and
// remembers its time so the tray does not adopt it again as news.
func (c *controller) save(rep health.Report) {
	if c.o.Store == nil {
		return
	}
	if err := c.o.Store.SaveReport(rep); err != nil {
		c.o.Log.Printf("save report: %v", err)
	} else if _, at, err := c.o.Store.LastReport(); err == nil {
		c.mu.Lock()
		c.seenAt = at
		c.mu.Unlock()
	}
}

func (c *controller) notify(al Alert) {
	lang := al.Verdict.Lang
	title := i18n.T(lang, "app.title", nil)
	body := al.Verdict.Line
	if al.Recovered {
		body = i18n.T(lang, "tray.notify.recovered", nil)
	}
	go c.send(title, body)
}

// send shows a notification (blocking, bounded).
func (c *controller) send(title, body string) {
	send := c.o.Notify
	if send == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := send(ctx, title, body); err != nil {
		c.o.Log.Printf("notification not shown: %v", err)
	}
}

// watchStore adopts the reports the window saves (after its own check or
// a fix) as soon as it says so over the instance socket, so the icon
// reflects them without another run and without polling the file.
func (c *controller) watchStore(ctx context.Context) {
	if c.o.Store == nil || c.o.Saved == nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.o.Saved:
			if c.adopt() {
				c.apply(false)
			}
		}
	}
}

// adopt reloads the saved report if it is newer than the one shown and no
// run of the tray's own (which will save a newer one) is in progress.
func (c *controller) adopt() bool {
	r, at, err := c.o.Store.LastReport()
	if err != nil {
		c.o.Log.Printf("saved report: %v", err)
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !at.After(c.seenAt) || c.checking {
		return false
	}
	c.seenAt, c.report = at, &r
	c.judge()
	c.o.Log.Printf("report saved by the window: %s", c.verdict.State)
	return true
}

func (c *controller) clicks(ctx context.Context) {
	it := c.items
	for {
		select {
		case <-ctx.Done():
			systray.Quit()
			return
		case <-it.check.ClickedCh:
			c.o.Log.Printf("menu: check now")
			c.mon.CheckNow()
		case <-it.fix.ClickedCh:
			c.mu.Lock()
			id := c.view.FixID
			c.mu.Unlock()
			c.o.Log.Printf("menu: fix %s", id)
			if id != "" {
				c.openWindow("--fix", id)
			}
		case <-it.open.ClickedCh:
			c.o.Log.Printf("menu: open")
			c.openWindow()
		case <-it.guide.ClickedCh:
			c.o.Log.Printf("menu: what is wrong")
			c.openWindow(GuideArg)
		case <-it.copy.ClickedCh:
			c.copyReport()
		case <-it.bundle.ClickedCh:
			c.o.Log.Printf("menu: save support bundle")
			c.openWindow(BundleArg)
		case <-it.pauseHour.ClickedCh:
			c.setPause(Pause{Until: time.Now().Add(time.Hour)}, time.Hour)
		case <-it.pauseEver.ClickedCh:
			c.setPause(Pause{Ever: true}, -1)
		case <-it.resume.ClickedCh:
			c.setPause(Pause{}, 0)
		case <-it.lang.ClickedCh:
			c.switchLanguage()
		case <-it.quit.ClickedCh:
			c.o.Log.Printf("menu: quit")
			systray.Quit()
			return
		}
	}
}

func (c *controller) openWindow(extra ...string) {
	if c.o.Window == nil {
		return
	}
	err := c.o.Window.Open(extra...)
	if errors.Is(err, ErrAlreadyOpen) && c.o.Raise != nil {
		err = c.o.Raise(extra...)
	}
	if err != nil {
		c.o.Log.Printf("open window: %v", err)
	}
}

func (c *controller) copyReport() {
	c.mu.Lock()
	lang := c.settings.Language()
	var text string
	if c.report != nil && c.o.ShareText != nil {
		text = c.o.ShareText(lang, *c.report)
	} else {
		text = c.verdict.Line + "\n"
	}
	c.mu.Unlock()
	cp := c.o.Copy
	if cp == nil {
		c.o.Log.Printf("copy report: no clipboard wired")
		return
	}
	if err := cp(text); err != nil {
		c.o.Log.Printf("copy report: %v", err)
		return
	}
	c.o.Log.Printf("menu: report copied (%d bytes)", len(text))
}

func (c *controller) setPause(p Pause, d time.Duration) {
	c.mu.Lock()
	c.pause = p
	c.mu.Unlock()
	if d == 0 {
		c.mon.Resume()
		c.o.Log.Printf("menu: monitoring resumed")
	} else {
		c.mon.Pause(d)
		c.o.Log.Printf("menu: monitoring paused (%v)", d)
	}
	c.apply(false)
}

func (c *controller) switchLanguage() {
	c.mu.Lock()
	c.settings.Lang = c.view.OtherLang
	s := c.settings
	c.judge()
	c.mu.Unlock()
	if c.o.Store != nil {
		if err := c.o.Store.SaveSettings(s); err != nil {
			c.o.Log.Printf("save settings: %v", err)
		}
	}
	systray.SetTitle(i18n.T(s.Language(), "app.title", nil))
	c.o.Log.Printf("menu: language %s", s.Language())
	c.apply(false)
}

// AutoFixes are the fixes the tray may run on its own when the user chose
// "run automatically, then notify": only ones that need no administrator
// rights, touch no user files and are harmless to repeat.
var AutoFixes = []string{health.FixCloudRestart}

// maybeAutoFix runs the top finding's fix once per finding code when the
// consent level allows it, then notifies and re-checks.
func (c *controller) maybeAutoFix(v verdict.Verdict) {
	if c.o.AutoFix == nil || (v.State != verdict.Problem && v.State != verdict.Warning) || v.Fix == "" {
		return
	}
	id, top := v.Fix, v.Top
	c.mu.Lock()
	allowed := c.settings.Consent == settings.ConsentAuto && slices.Contains(AutoFixes, id) && !c.autoTried[top.Code]
	if allowed {
		c.autoTried[top.Code] = true
	}
	lang := c.settings.Language()
	c.mu.Unlock()
	if !allowed {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		c.o.Log.Printf("automatic fix %s for %s", id, top.Code)
		outcome, err := c.o.AutoFix(ctx, id)
		fix := i18n.T(lang, i18n.FixTitleKey(id), nil)
		body := i18n.T(lang, "tray.notify.autofixed", map[string]any{"fix": fix, "outcome": i18n.T(lang, i18n.OutcomeKey(outcome), nil)})
		if err != nil {
			body = i18n.T(lang, "tray.notify.autofix_failed", map[string]any{"fix": fix, "error": err.Error()})
		}
		c.o.Log.Printf("automatic fix %s: %s %v", id, outcome, err)
		c.mu.Lock()
		on := c.settings.Notifications
		c.mu.Unlock()
		if on {
			c.send(i18n.T(lang, "app.title", nil), body)
		}
		if c.mon != nil {
			c.mon.CheckNow()
		}
	}()
}
