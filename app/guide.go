package app

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/guide"
	"wpsdoctor/health"
	"wpsdoctor/report/redact"
)

// GuideDeps are what the "What is wrong?" page needs: the symptom guide.
type GuideDeps struct {
	// Run runs the named checks (and what they depend on) in lang, and
	// tells the family whose links the steps give ("" when unknown: both
	// families' links are shown). nil shows the steps without checks.
	Run func(ctx context.Context, only []string, lang string) (health.Report, string, error)
	// Pages are the catalogue's official pages per family.
	Pages guide.Pages
}

// guideState is the page's state, guarded by Window.mu.
type guideState struct {
	tab  *container.TabItem
	page *fyne.Container
	// selected is the chosen symptom's ID ("" shows the list).
	selected string
	running  bool
	report   *health.Report
	family   string
	errText  string
	// gen numbers the runs: a result of an abandoned run is dropped.
	gen int
}

// addGuideTab adds the "What is wrong?" page as the last tab.
func (w *Window) addGuideTab() {
	w.guide.page = container.NewVBox()
	w.guide.tab = container.NewTabItem("", container.NewVScroll(w.guide.page))
	w.tabs.Append(w.guide.tab)
}

// ShowGuide brings the "What is wrong?" page to the front.
func (w *Window) ShowGuide() { w.tabs.Select(w.guide.tab) }

// ChooseSymptom opens one symptom: its checks run in the background (the
// page shows a progress bar meanwhile), then its findings and steps.
// Call it on the UI goroutine.
func (w *Window) ChooseSymptom(id string) {
	s, ok, err := guide.Find(id)
	errText := ""
	if err != nil {
		errText = err.Error()
	} else if !ok {
		errText = w.t("guide.unknown", "id", id, "ids", strings.Join(guide.IDs(), ", "))
	}
	w.mu.Lock()
	w.guide.gen++
	gen, lang, run := w.guide.gen, w.settings.Language(), w.deps.Guide.Run
	w.guide.selected, w.guide.report, w.guide.family, w.guide.errText = id, nil, "", errText
	w.guide.running = ok && run != nil
	if !ok {
		w.guide.selected = ""
	}
	w.mu.Unlock()
	w.buildGuide()
	if !ok || run == nil {
		return
	}
	w.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*health.Deadline)
		defer cancel()
		rep, family, err := run(ctx, s.Checks, lang)
		w.deps.UI(func() {
			w.mu.Lock()
			if gen != w.guide.gen {
				w.mu.Unlock()
				return
			}
			w.guide.running, w.guide.family = false, family
			if rep.SchemaVersion != 0 {
				w.guide.report = &rep
			}
			if err != nil {
				w.guide.errText = err.Error()
			}
			w.mu.Unlock()
			w.buildGuide()
		}, true)
	})
}

// backToSymptoms shows the list again (a running check's result is dropped).
func (w *Window) backToSymptoms() {
	w.mu.Lock()
	w.guide.gen++
	w.guide.selected, w.guide.running, w.guide.report, w.guide.errText = "", false, nil, ""
	w.mu.Unlock()
	w.buildGuide()
}

// buildGuide draws the page: the list of symptoms, or the chosen one.
func (w *Window) buildGuide() {
	w.guide.tab.Text = w.t("app.tab.guide")
	w.tabs.Refresh()
	w.mu.Lock()
	selected := w.guide.selected
	w.mu.Unlock()
	var objs []fyne.CanvasObject
	if s, ok, _ := guide.Find(selected); ok {
		objs = w.symptomView(s)
	} else {
		objs = w.symptomList()
	}
	w.guide.page.Objects = objs
	w.guide.page.Refresh()
}

// symptomList is the page's first view: one button per symptom.
func (w *Window) symptomList() []fyne.CanvasObject {
	head := widget.NewLabelWithStyle(w.t("app.tab.guide"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{head, label(w.t("app.guide.intro"))}
	w.mu.Lock()
	errText := w.guide.errText
	w.mu.Unlock()
	if errText != "" {
		objs = append(objs, label(w.t("app.error", "error", errText)))
	}
	all, _ := guide.Symptoms()
	for _, s := range all {
		b := widget.NewButtonWithIcon(s.Title.In(w.Lang()), theme.NavigateNextIcon(), func() { w.ChooseSymptom(s.ID) })
		b.Alignment = widget.ButtonAlignLeading
		objs = append(objs, b)
	}
	return objs
}

// symptomView is one symptom: its checks' findings (problems first), then
// the numbered steps with their links, fixes and the report button.
func (w *Window) symptomView(s guide.Symptom) []fyne.CanvasObject {
	w.mu.Lock()
	running, rep, family, errText := w.guide.running, w.guide.report, w.guide.family, w.guide.errText
	runnable := w.deps.Guide.Run != nil
	w.mu.Unlock()
	r := s.Resolve(w.deps.Guide.Pages, family, w.Lang())
	back := widget.NewButtonWithIcon(w.t("app.guide.back"), theme.NavigateBackIcon(), w.backToSymptoms)
	title := widget.NewLabelWithStyle(redact.EscapeText(r.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{container.NewHBox(back), title}
	switch {
	case running:
		objs = append(objs, label(w.t("app.guide.checking")), widget.NewProgressBarInfinite())
	case !runnable:
		objs = append(objs, label(w.t("app.guide.unavailable")))
	}
	if errText != "" {
		objs = append(objs, label(w.t("app.error", "error", errText)))
	}
	if rep != nil {
		objs = append(objs, w.guideFindings(rep.Findings))
	}
	return append(objs, w.guideSteps(r, rep))
}

// guideFindings is the card of the symptom's findings, problems first.
func (w *Window) guideFindings(fs []health.Finding) fyne.CanvasObject {
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(x, y health.Finding) int { return y.Status.Rank() - x.Status.Rank() })
	box := container.NewVBox()
	for i, f := range fs {
		if i > 0 {
			box.Add(widget.NewSeparator())
		}
		box.Add(w.findingRow(f))
	}
	return widget.NewCard(w.t("guide.findings"), w.statusName(health.Overall(fs)), box)
}

// guideSteps is the card of the numbered steps.
func (w *Window) guideSteps(r guide.Resolved, rep *health.Report) fyne.CanvasObject {
	box := container.NewVBox()
	for _, st := range r.Steps {
		box.Add(label(fmt.Sprintf("%d. %s", st.N, st.Text)))
		for _, l := range st.Links {
			box.Add(w.guideLink(l, len(st.Links) > 1))
		}
		if st.Fix != "" {
			b := widget.NewButtonWithIcon(w.fixTitle(st.Fix), theme.ConfirmIcon(), func() { w.StartFix(st.Fix) })
			if w.deps.Fixer == nil {
				b.Disable()
			}
			box.Add(container.NewHBox(b))
		}
		if st.Report {
			box.Add(container.NewHBox(w.guideCopyButton(r, rep)))
		}
	}
	return widget.NewCard(w.t("guide.steps"), "", box)
}

// guideLink is a clickable official page; with several families' pages,
// each is named by its family.
func (w *Window) guideLink(l guide.Link, named bool) fyne.CanvasObject {
	text := l.URL
	if named {
		text = w.t("guide.link_of", "url", l.URL, "family", guide.FamilyName(w.Lang(), l.Family))
	}
	u, err := url.Parse(l.URL)
	if err != nil || u.Scheme != "https" {
		return label(text)
	}
	return widget.NewHyperlink(redact.EscapeText(text), u)
}

// guideCopyButton copies the symptom's report for support, redacted as
// the overview's "Copy report" (the last full report when the symptom's
// checks have not run).
func (w *Window) guideCopyButton(r guide.Resolved, rep *health.Report) *widget.Button {
	if rep == nil {
		rep = w.Report()
	}
	b := widget.NewButtonWithIcon(w.t("app.guide.copy"), theme.ContentCopyIcon(), func() {
		head := w.t("app.guide.report_head", "title", r.Title, "id", r.ID)
		w.copyText(head + "\n" + w.deps.ShareText(w.Lang(), *rep))
	})
	if rep == nil || w.deps.ShareText == nil {
		b.Disable()
	}
	return b
}
