// Command plainwindow is the reference of `make bench`'s window figures: a
// plain Fyne window with one label, built with the same flags as
// wpsdoctor-tray and measured the same way. It lives under testdata so
// ./... (tests, vet, builds) never picks it up.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.wpssyncdoctor.benchplain")
	w := a.NewWindow("Plain Fyne")
	w.SetContent(widget.NewLabel("Hello"))
	w.Resize(fyne.NewSize(760, 620))
	w.ShowAndRun()
}
