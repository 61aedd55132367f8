package app

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"wpsdoctor/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/assets/icons"
	"wpsdoctor/health"
	"wpsdoctor/verdict"
)

// overviewAreas are the cards, in display order (the runner's own
// findings, if any, come last).
var overviewAreas = []health.Area{health.AreaInstall, health.AreaClient, health.AreaAccount, health.AreaNetwork,
	health.AreaDNS, health.AreaClock, health.AreaStorage, health.AreaFiles, health.AreaRunner}

// buildOverview draws the overview page from the current report.
func (w *Window) buildOverview() {
	w.mu.Lock()
	rep, checking, errText := w.report, w.checking, w.errText
	w.mu.Unlock()

	v := verdict.Of(rep, w.deps.Facts, w.Lang())
	if checking {
		v = v.Checking()
	}
	st := v.State
	img := canvas.NewImageFromResource(fyne.NewStaticResource("state-"+string(st)+".png", icons.Tray(string(st))))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(48, 48))
	status := widget.NewLabelWithStyle(v.Line, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	status.Wrapping = fyne.TextWrapWord
	sub := w.t("app.no_report")
	if rep != nil {
		sub = w.t("app.checked_at", "time", when(rep.GeneratedAt), "ms", rep.DurationMS)
	}
	check := widget.NewButtonWithIcon(w.t("app.check_now"), theme.ViewRefreshIcon(), w.CheckNow)
	check.Importance = widget.HighImportance
	if checking || w.deps.Diagnose == nil {
		check.Disable()
	}
	cp := widget.NewButtonWithIcon(w.t("app.copy_report"), theme.ContentCopyIcon(), func() {
		if r := w.Report(); r != nil && w.deps.ShareText != nil {
			w.copyText(w.deps.ShareText(w.Lang(), *r))
		}
	})
	if rep == nil {
		cp.Disable()
	}
	bundle := widget.NewButtonWithIcon(w.t("app.bundle.make"), theme.DocumentSaveIcon(), w.ShowBundle)
	if w.deps.Bundle == nil {
		bundle.Disable()
	}
	head := container.NewBorder(nil, nil, img, container.NewHBox(check, cp, bundle), container.NewVBox(status, widget.NewLabel(sub)))
	objs := []fyne.CanvasObject{head}
	if checking {
		pb := widget.NewProgressBarInfinite()
		objs = append(objs, pb)
	}
	if errText != "" {
		objs = append(objs, label(w.t("app.error", "error", errText)))
	}
	if rep != nil {
		byArea := map[health.Area][]health.Finding{}
		for _, f := range rep.Findings {
			byArea[f.Area] = append(byArea[f.Area], f)
		}
		for _, a := range overviewAreas {
			fs := byArea[a]
			if len(fs) == 0 && a == health.AreaRunner {
				continue
			}
			objs = append(objs, w.areaCard(a, fs))
		}
	}
	w.overview.Objects = objs
	w.overview.Refresh()
}

// areaCard shows one area: its verdict and each finding that matters.
func (w *Window) areaCard(a health.Area, fs []health.Finding) *widget.Card {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Status.Rank() > fs[j].Status.Rank() })
	verdict := health.Overall(fs)
	sub := w.statusName(verdict)
	checked := false
	for _, f := range fs {
		checked = checked || f.Status != health.StatusSkipped
	}
	if !checked {
		sub = w.t("app.area_not_checked")
	}
	box := container.NewVBox()
	for i, f := range fs {
		if i > 0 {
			box.Add(widget.NewSeparator())
		}
		box.Add(w.findingRow(f))
	}
	return widget.NewCard(w.areaName(a), sub, box)
}

// findingRow is one finding: status, text, fix buttons, and the evidence
// behind it in an expandable "Details" section.
func (w *Window) findingRow(f health.Finding) fyne.CanvasObject {
	text := f.Text
	if text == "" {
		text = w.msg(f.Message)
	}
	line := label(fmt.Sprintf("%s  %s", statusMark(f.Status), text))
	objs := []fyne.CanvasObject{line}
	if f.Status.Rank() >= 2 || len(f.Fixes) > 0 {
		var btns []fyne.CanvasObject
		for _, id := range f.Fixes {
			b := widget.NewButtonWithIcon(w.fixTitle(id), theme.ConfirmIcon(), func() { w.StartFix(id) })
			if w.deps.Fixer == nil {
				b.Disable()
			}
			btns = append(btns, b)
		}
		if b := w.itButton(f); b != nil {
			btns = append(btns, b)
		}
		if len(btns) > 0 {
			objs = append(objs, container.NewHBox(btns...))
		}
	}
	if show := w.showButtons(f); len(show) > 0 {
		objs = append(objs, container.NewHBox(show...))
	}
	var details []string
	details = append(details, w.t("app.detail_code", "code", f.Code, "check", f.Check))
	keys := make([]string, 0, len(f.Evidence))
	for k := range f.Evidence {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		details = append(details, fmt.Sprintf("%s: %s", plainKey(k), plainValue(f.Evidence[k])))
	}
	if f.SuppressedBy != "" {
		details = append(details, w.t("app.detail_suppressed", "check", f.SuppressedBy))
	}
	if f.Status != health.StatusOK || len(f.Evidence) > 0 {
		acc := widget.NewAccordion(widget.NewAccordionItem(w.t("app.details"), label(strings.Join(details, "\n"))))
		objs = append(objs, acc)
	}
	return container.NewVBox(objs...)
}

// statusMark is a text mark per status, so status never relies on colour.
func statusMark(s health.Status) string {
	switch s {
	case health.StatusOK:
		return "✓"
	case health.StatusInfo:
		return "ℹ"
	case health.StatusWarn:
		return "⚠"
	case health.StatusFail:
		return "✗"
	case health.StatusError:
		return "?"
	}
	return "–"
}

// plainKey turns an evidence key ("offset_ms") into words ("offset ms").
func plainKey(k string) string {
	k = strings.NewReplacer("_", " ", ".", " ").Replace(k)
	if k == "" {
		return k
	}
	return strings.ToUpper(k[:1]) + k[1:]
}

// plainValue prints lists and maps readably.
func plainValue(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = plainValue(e)
		}
		return strings.Join(parts, ", ")
	case []string:
		return strings.Join(x, ", ")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + plainValue(x[k])
		}
		return strings.Join(parts, ", ")
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", x), "0"), ".")
	}
	return fmt.Sprint(v)
}

func (w *Window) fixTitle(id string) string {
	key := i18n.FixTitleKey(id)
	if s := w.t(key); s != key {
		return s
	}
	return id
}

func (w *Window) statusName(s health.Status) string { return w.t(i18n.StatusKey(string(s))) }

func (w *Window) areaName(a health.Area) string { return w.t(i18n.AreaKey(string(a))) }

// showButtons are "Show in folder" buttons, one per file the finding
// names in full (files.sync's examples), when the program can open the
// desktop's file manager.
func (w *Window) showButtons(f health.Finding) []fyne.CanvasObject {
	if w.deps.ShowFile == nil {
		return nil
	}
	var out []fyne.CanvasObject
	for _, p := range f.Paths() {
		name := path.Base(filepath.ToSlash(p))
		b := widget.NewButtonWithIcon(w.t("app.files.show", "name", name), theme.FolderOpenIcon(), func() {
			if err := w.deps.ShowFile(p); err != nil {
				w.logf("show in folder: %v", err)
				dialog.ShowError(errors.New(w.t("app.files.show_failed", "error", err.Error())), w.W)
			}
		})
		out = append(out, b)
	}
	return out
}
