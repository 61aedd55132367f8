package verdict

import (
	"time"

	"wpsdoctor/health"
)

// Merge lays a light run's findings over the last full report: checks the
// light run repeated take their new finding, the rest stay, and the
// report's overall status and counts are recomputed. The result carries
// the light run's time and language. The tray merges each light result
// once and computes its Verdict from the merged report.
func Merge(full, light health.Report) health.Report {
	return health.NewReport(full.Tool, full.Host, light.Lang, light.GeneratedAt,
		time.Duration(full.DurationMS)*time.Millisecond, Overlay(full.Findings, light.Findings))
}

// Overlay lays newer findings over older ones by check: every finding of
// a check the newer run repeated is replaced by all of that check's new
// findings (a check may report several: one per class of problem), in
// the older order; checks only the newer run has come last.
func Overlay(old, newer []health.Finding) []health.Finding {
	byCheck := map[string][]health.Finding{}
	var order []string
	for _, f := range newer {
		if _, ok := byCheck[f.Check]; !ok {
			order = append(order, f.Check)
		}
		byCheck[f.Check] = append(byCheck[f.Check], f)
	}
	out := make([]health.Finding, 0, len(old)+len(newer))
	placed := map[string]bool{}
	for _, f := range old {
		fs, ok := byCheck[f.Check]
		switch {
		case !ok:
			out = append(out, f)
		case !placed[f.Check]:
			placed[f.Check] = true
			out = append(out, fs...)
		}
	}
	for _, id := range order {
		if !placed[id] {
			out = append(out, byCheck[id]...)
		}
	}
	return out
}
