package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"

	"wpsdoctor/health"
)

// VerifyFresh re-runs the named checks in a new process (exe with args,
// then "--only" and the IDs), which must print a health.Report as JSON.
// A fix changes OS state that this process may have cached: Go's own
// resolver re-reads resolv.conf at most every 5 s, so an in-process check
// right after dns.set would still see the old servers. If the child cannot
// run or its output is not a report, the checks run in this process.
func VerifyFresh(ctx context.Context, exe string, args []string, env *health.Env, ids []string) []health.Finding {
	known := knownIDs(ids)
	if len(known) == 0 {
		return nil
	}
	argv := append(slices.Clone(args), "--only", strings.Join(known, ","))
	cmd := exec.CommandContext(ctx, exe, argv...)
	var out bytes.Buffer
	cmd.Stdout = &out
	_ = cmd.Run() // exit 1/2 only mean "warnings/problems": the report is on stdout
	var rep health.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.SchemaVersion != health.SchemaVersion {
		return health.Verify(ctx, All(), env, known)
	}
	var fs []health.Finding
	for _, f := range rep.Findings {
		if slices.Contains(known, f.Check) {
			fs = append(fs, f)
		}
	}
	return fs
}

// knownIDs keeps the IDs this build has (a fix may name a check it lacks).
func knownIDs(ids []string) []string {
	all := All()
	var known []string
	for _, id := range ids {
		if slices.ContainsFunc(all, func(c health.Check) bool { return c.ID == id }) {
			known = append(known, id)
		}
	}
	return known
}
