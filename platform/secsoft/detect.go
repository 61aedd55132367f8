package secsoft

import (
	"context"

	"wpsdoctor/platform/proc"
)

// Detect finds the security software of this computer: Security Center's
// products (Windows) and the known products' running processes (every OS).
func Detect(ctx context.Context) (Detected, error) {
	known := Known()
	var d Detected
	if found, err := securityCenter(ctx, known); err != nil {
		d.Errors = append(d.Errors, err.Error())
	} else {
		d.Merge(found...)
	}
	ps, err := proc.List(ctx)
	if err != nil {
		d.Errors = append(d.Errors, "processes: "+err.Error())
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	d.Merge(MatchProcesses(known, names)...)
	if d.Products == nil {
		d.Products = []Found{}
	}
	return d, nil
}
