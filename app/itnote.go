package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/health"
)

// itButton is the "Copy for IT" action of a finding whose connections are
// blocked on the network: it copies the request for the IT department
// (Deps.ITNote: hosts, ports, what was measured) to the clipboard. nil for
// any other finding, or when the window has no IT note renderer.
func (w *Window) itButton(f health.Finding) fyne.CanvasObject {
	if !health.IsBlockedOnNetwork(f) || f.SuppressedBy != "" || w.deps.ITNote == nil {
		return nil
	}
	var b *widget.Button
	b = widget.NewButtonWithIcon(w.t("app.copy_it"), theme.ContentCopyIcon(), func() {
		if r := w.Report(); r != nil {
			w.copyText(w.deps.ITNote(w.Lang(), *r))
			b.SetText(w.t("app.copied_it"))
		}
	})
	return b
}
