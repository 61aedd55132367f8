package main

import (
	"io"
	"os"

	"golang.org/x/term"

	"wpsdoctor/health"
	"wpsdoctor/report"
)

// useColour: only on a terminal, and never when NO_COLOR is set.
func (a *app) useColour(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb"
}

// render prints the report as text: report.WriteText, the one renderer the
// tray's "Copy report" and the support bundle use too.
func (a *app) render(w io.Writer, rep health.Report) {
	report.WriteText(w, rep, report.TextOptions{Lang: a.lang, Verbose: a.verbose, Colour: a.useColour(w), Paths: a.reveal})
}
