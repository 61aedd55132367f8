// Package link holds only the "Copy report" text (text.go) until it moves
// to report/. What the tray and the window share lives in settings (the
// settings and the last report) and verdict (what a report means).
package link

import (
	"sync"

	"wpsdoctor/health"
	"wpsdoctor/health/network"
	"wpsdoctor/verdict"
)

// State is verdict.State, for text.go.
type State = verdict.State

// facts are the network checks' facts (net.online: offline), the only
// ones that change the copied text's status line today.
var facts = sync.OnceValue(func() verdict.Facts { return verdict.FactsOf(network.Checks()) })

// StateOf and StatusLine keep text.go compiling unchanged while another
// branch edits it; when Text moves to report/ it should take the Verdict
// its caller already computed, and these go.
func StateOf(r health.Report) State { return verdict.Of(&r, facts(), "").State }

// StatusLine is the verdict's line of r in lang (st is recomputed from r).
func StatusLine(lang string, st State, r *health.Report) string {
	if st == verdict.Checking {
		return verdict.Of(r, facts(), lang).Checking().Line
	}
	return verdict.Of(r, facts(), lang).Line
}
