package app

import (
	"context"
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/fixes/plan"
)

// refreshHistory reads the journal in the background and lists its
// entries, newest first, with Undo where the change is still in place.
func (w *Window) refreshHistory() {
	if w.deps.Fixer == nil {
		w.history.Objects = []fyne.CanvasObject{label(w.t("app.fix.unavailable"))}
		w.history.Refresh()
		return
	}
	w.background(func() {
		entries, err := w.deps.Fixer.History()
		w.deps.UI(func() { w.showHistory(entries, err) }, true)
	})
}

func (w *Window) showHistory(entries []plan.Entry, err error) {
	var objs []fyne.CanvasObject
	if err != nil {
		objs = append(objs, label(w.t("app.error", "error", errLine(err))))
	}
	if len(entries) == 0 && err == nil {
		objs = append(objs, label(w.t("app.history.empty")))
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Time.After(entries[j].Time) })
	for _, e := range entries {
		state := e.State
		if e.Outcome != "" {
			state = w.outcomeText(e.Outcome)
		}
		row := label(fmt.Sprintf("%s  %s — %s", when(e.Time), w.fixTitle(e.Fix), state))
		if e.Undoable() && e.State != "undo_failed" {
			id := e.ID
			b := widget.NewButton(w.t("app.fix.undo"), func() { w.undoEntry(id) })
			objs = append(objs, container.NewBorder(nil, nil, nil, b, row))
		} else {
			objs = append(objs, row)
		}
	}
	w.history.Objects = objs
	w.history.Refresh()
}

func (w *Window) undoEntry(id string) {
	w.background(func() {
		res, err := w.deps.Fixer.Undo(context.Background(), id, nil)
		w.deps.UI(func() {
			msg := w.outcomeText(res.Outcome)
			if err != nil {
				msg += "\n" + w.t("app.error", "error", errLine(err))
			}
			dialog.ShowInformation(w.t("app.fix.undo"), msg, w.W)
			w.refreshHistory()
		}, true)
	})
}
