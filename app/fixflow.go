package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"wpsdoctor/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/fixes/plan"
	"wpsdoctor/health"
	"wpsdoctor/verdict"
)

// FixFlow is one run of the fix dialog: plan preview and consent, progress,
// result with the re-check, and undo. Its widgets are fields so tests can
// tap them.
type FixFlow struct {
	w      *Window
	FixID  string
	dlg    *dialog.CustomDialog
	body   *fyne.Container
	Plan   plan.Plan
	Result plan.Result
	cancel context.CancelFunc

	// Phase is "planning", "preview", "refused", "running", "result" or "error".
	Phase    string
	Apply    *widget.Button
	Cancel   *widget.Button
	Undo     *widget.Button
	Close    *widget.Button
	Progress *widget.ProgressBar
	Message  *widget.Label

	buttons []fyne.CanvasObject
}

func (f *FixFlow) setButtons(b []fyne.CanvasObject) {
	f.buttons = b
	f.dlg.SetButtons(b)
}

// Flow returns the open fix flow (tests).
func (w *Window) Flow() *FixFlow {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flow
}

// StartFix opens the fix flow for id: it plans in the background, then
// shows what will change and asks for consent.
func (w *Window) StartFix(id string) {
	if w.deps.Fixer == nil {
		dialog.ShowInformation(w.t("app.fix.title"), w.t("app.fix.unavailable"), w.W)
		return
	}
	f := &FixFlow{w: w, FixID: id, Phase: "planning"}
	f.Message = label(w.t("app.fix.planning"))
	f.Progress = widget.NewProgressBar()
	f.Apply = widget.NewButtonWithIcon(w.t("app.fix.apply"), theme.ConfirmIcon(), f.apply)
	f.Apply.Importance = widget.HighImportance
	f.Cancel = widget.NewButtonWithIcon(w.t("app.fix.cancel"), theme.CancelIcon(), f.cancelOrClose)
	f.Undo = widget.NewButtonWithIcon(w.t("app.fix.undo"), theme.ContentUndoIcon(), f.undo)
	f.Close = widget.NewButton(w.t("app.fix.close"), f.close)
	f.Apply.Disable()
	f.body = container.NewVBox(f.Message)
	f.dlg = dialog.NewCustomWithoutButtons(w.t("app.fix.title_of", "fix", w.fixTitle(id)), container.NewVScroll(f.body), w.W)
	f.setButtons([]fyne.CanvasObject{f.Cancel, f.Apply})
	f.dlg.Resize(fyne.NewSize(620, 440))
	w.mu.Lock()
	w.flow = f
	w.mu.Unlock()
	f.dlg.Show()

	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	w.background(func() {
		p, err := w.deps.Fixer.Plan(ctx, id)
		w.deps.UI(func() { f.showPlan(p, err) }, true)
	})
}

func (f *FixFlow) showPlan(p plan.Plan, err error) {
	w := f.w
	f.Plan = p
	if err != nil {
		f.Phase = "error"
		w.logf("fix %s: cannot plan: %v", f.FixID, err)
		f.Message.SetText(w.t("app.fix.plan_failed", "error", errLine(err)))
		f.setButtons([]fyne.CanvasObject{f.Close})
		return
	}
	objs := []fyne.CanvasObject{}
	if p.Refusal != nil {
		f.Phase = "refused"
		w.logf("fix %s: refused: %s", f.FixID, w.msg(*p.Refusal))
		objs = append(objs, label(w.t("app.fix.refused", "reason", w.msg(*p.Refusal))))
		f.body.Objects = objs
		f.body.Refresh()
		f.setButtons([]fyne.CanvasObject{f.Close})
		return
	}
	f.Phase = "preview"
	objs = append(objs, label(w.t("app.fix.preview", "count", len(p.Steps))))
	for i, s := range p.Steps {
		mark := ""
		switch {
		case s.Elevated:
			mark = "  [" + w.t("app.fix.needs_admin") + "]"
		case s.ElevateOnFailure:
			mark = "  [" + w.t("app.fix.may_need_admin") + "]"
		}
		var acts []string
		for _, a := range s.Actions {
			acts = append(acts, "    "+a.String())
		}
		objs = append(objs, label(fmt.Sprintf("%d. %s%s", i+1, w.msg(s.Description), mark)))
		if len(acts) > 0 {
			objs = append(objs, widget.NewAccordion(widget.NewAccordionItem(w.t("app.fix.exact_actions"), label(strings.Join(acts, "\n")))))
		}
	}
	for _, n := range p.Notes {
		objs = append(objs, label("• "+w.msg(n)))
	}
	if p.NeedsElevation() {
		objs = append(objs, label(w.t("app.fix.admin_note")))
	}
	undo := false
	for _, s := range p.Steps {
		undo = undo || len(s.Undo) > 0
	}
	if undo {
		objs = append(objs, label(w.t("app.fix.consent")))
	} else {
		objs = append(objs, label(w.t("app.fix.consent_no_undo")))
	}
	f.body.Objects = objs
	f.body.Refresh()
	if len(p.Steps) == 0 {
		f.Message.SetText(w.t("app.fix.nothing"))
		f.body.Objects = []fyne.CanvasObject{f.Message}
		f.body.Refresh()
		f.setButtons([]fyne.CanvasObject{f.Close})
		return
	}
	f.Apply.Enable()
	// The consent button takes the keyboard focus: Space applies.
	w.focus(f.Apply)
	w.logf("fix %s: preview of %d steps (administrator rights: %t)", f.FixID, len(p.Steps), p.NeedsElevation())
}

// focus gives obj the keyboard focus, so the expected next step of a
// flow is one key away.
func (w *Window) focus(obj fyne.Focusable) {
	if c := w.W.Canvas(); c != nil {
		c.Focus(obj)
	}
}

func (w *Window) logf(format string, args ...any) {
	if w.deps.Log != nil {
		w.deps.Log(format, args...)
	}
}

// apply runs the plan after consent, with a progress bar; Cancel stays
// active and cancels the context (the engine rolls back what it did).
func (f *FixFlow) apply() {
	w := f.w
	if f.Phase != "preview" {
		return
	}
	f.Phase = "running"
	f.Apply.Disable()
	f.Message.SetText(w.t("app.fix.running"))
	f.Progress.SetValue(0)
	f.body.Objects = []fyne.CanvasObject{f.Message, f.Progress}
	f.body.Refresh()
	f.setButtons([]fyne.CanvasObject{f.Cancel})
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	consented := f.Plan
	w.background(func() {
		res, err := w.deps.Fixer.Apply(ctx, consented, f.progress)
		w.deps.UI(func() { f.showResult(res, err) }, true)
	})
}

func (f *FixFlow) progress(p plan.Progress) {
	f.w.deps.UI(func() {
		if p.Total > 0 {
			f.Progress.SetValue(float64(p.Step) / float64(p.Total))
		}
		f.Message.SetText(f.w.t("app.fix.step", "step", p.Step, "total", p.Total, "what", f.w.msg(p.Description)))
	}, false)
}

func (f *FixFlow) showResult(res plan.Result, err error) {
	w := f.w
	f.Result = res
	f.Phase = "result"
	f.Progress.SetValue(1)
	var objs []fyne.CanvasObject
	outcome := res.Outcome
	if outcome == "" && errors.Is(err, context.Canceled) {
		outcome = plan.OutcomeCancelled
	}
	objs = append(objs, widget.NewLabelWithStyle(w.outcomeText(outcome), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if reason, ok := plan.PolicyRefusal(res.Error); ok {
		objs = append(objs, label(w.t("agent.refused_policy", "reason", reason)))
	} else if res.ElevatedBy != "" && undoable(outcome) {
		objs = append(objs, label(w.t(i18n.MemberKey("agent.via", res.ElevatedBy))))
	}
	if err != nil {
		objs = append(objs, label(w.t("app.error", "error", errLine(err))))
	}
	if len(res.After) > 0 {
		objs = append(objs, label(w.t("app.fix.recheck")))
		for _, fd := range res.After {
			objs = append(objs, label(fmt.Sprintf("%s  %s", statusMark(fd.Status), w.msg(fd.Message))))
		}
	}
	f.body.Objects = objs
	f.body.Refresh()
	w.logf("fix %s: %s (entry %s)%s%s", res.Fix, outcome, res.EntryID, errSuffix(res.Error), viaSuffix(res.ElevatedBy))
	btns := []fyne.CanvasObject{f.Close}
	next := fyne.Focusable(f.Close)
	if res.EntryID != "" && undoable(outcome) {
		btns = append(btns, f.Undo)
		next = f.Undo
	}
	f.setButtons(btns)
	w.focus(next)
	if len(res.After) > 0 {
		w.mergeFindings(res.After)
	}
	w.refreshHistory()
}

// viaSuffix says in the log how elevated steps ran ("agent", "prompt").
func viaSuffix(via string) string {
	if via == "" {
		return ""
	}
	return " [elevated by " + via + "]"
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return ": " + e
}

// undoable: outcomes after which the change is still in place.
func undoable(o plan.Outcome) bool {
	switch o {
	case plan.OutcomeFixed, plan.OutcomeNotFixed, plan.OutcomePartly, plan.OutcomeApplied:
		return true
	}
	return false
}

func (f *FixFlow) undo() {
	w := f.w
	entry := f.Result.EntryID
	f.Phase = "running"
	f.Undo.Disable()
	f.Message.SetText(w.t("app.fix.undoing"))
	f.Progress.SetValue(0)
	f.body.Objects = []fyne.CanvasObject{f.Message, f.Progress}
	f.body.Refresh()
	f.setButtons([]fyne.CanvasObject{})
	w.background(func() {
		res, err := w.deps.Fixer.Undo(context.Background(), entry, f.progress)
		w.deps.UI(func() {
			f.Undo.Enable()
			f.showResult(res, err)
		}, true)
	})
}

func (f *FixFlow) cancelOrClose() {
	if f.cancel != nil {
		f.cancel()
	}
	if f.Phase == "running" {
		f.Message.SetText(f.w.t("app.fix.cancelling"))
		f.Cancel.Disable()
		return
	}
	f.close()
}

func (f *FixFlow) close() {
	if f.cancel != nil {
		f.cancel()
	}
	f.Phase = "closed"
	f.dlg.Hide()
}

func (w *Window) outcomeText(o plan.Outcome) string {
	if o == "" {
		o = plan.OutcomeFailed
	}
	return w.t(i18n.OutcomeKey(string(o)))
}

// mergeFindings lays re-checked findings over the shown report and saves
// it, so the overview and the tray show the state after the fix.
func (w *Window) mergeFindings(after []health.Finding) {
	w.mu.Lock()
	if w.report == nil {
		w.mu.Unlock()
		return
	}
	r := *w.report
	fs := verdict.Overlay(r.Findings, after)
	nr := health.NewReport(r.Tool, r.Host, r.Lang, r.GeneratedAt, 0, fs)
	nr.DurationMS = r.DurationMS
	lang := w.settings.Language()
	w.mu.Unlock()
	for i := range nr.Findings {
		nr.Findings[i].Text = w.msg(nr.Findings[i].Message)
	}
	nr.Lang = lang
	w.mu.Lock()
	w.report = &nr
	w.mu.Unlock()
	if w.deps.Store != nil {
		w.deps.Store.SaveReport(nr)
	}
	w.buildOverview()
}
