// Package fixes holds the fix catalogue and the engine that applies it:
// every fix plans exact, typed steps with the prior state captured; Apply
// journals each step before making it, rolls back on failure and re-runs
// the checks that suggested the fix; Undo restores from the journal and the
// quarantine. Files are never deleted, only quarantined.
package fixes

import (
	"context"
	"encoding/json"

	"wpsdoctor/health"
)

// Fix is one repair in the catalogue.
type Fix struct {
	ID          string
	Title       health.Message
	Description health.Message
	Elevation   Elevation
	// Undoable: the fix records enough prior state to be undone exactly.
	Undoable bool
	// Plan inspects the system (read-only) and returns the exact steps.
	Plan func(ctx context.Context, env *Env) (Plan, error)
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
