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
	idx := map[string]int{}
	for i, f := range light.Findings {
		idx[f.Check] = i
	}
	out := make([]health.Finding, 0, len(full.Findings))
	for _, f := range full.Findings {
		if i, ok := idx[f.Check]; ok {
			out = append(out, light.Findings[i])
			delete(idx, f.Check)
			continue
		}
		out = append(out, f)
	}
	for _, f := range light.Findings {
		if _, ok := idx[f.Check]; ok {
			out = append(out, f)
		}
	}
	took := time.Duration(full.DurationMS) * time.Millisecond
	return health.NewReport(full.Tool, full.Host, light.Lang, light.GeneratedAt, took, out)
}
