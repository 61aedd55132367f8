package eventlog

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestDocumentedIDs: docs/fleet/README.md's table of event IDs is this
// package's.
func TestDocumentedIDs(t *testing.T) {
	data, err := os.ReadFile("../../docs/fleet/README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`(?m)^\| (\d+) \| (Information|Warning|Error) \|`).FindAllSubmatch(data, -1)
	want := map[uint32]string{
		IDHealthy: "Information", IDWarning: "Warning", IDProblem: "Error", IDOffline: "Warning", IDUnknown: "Warning",
		IDFixApplied: "Information", IDFixFailed: "Error", IDRequestDenied: "Warning",
		IDAgentStarted: "Information", IDAgentStopped: "Information",
	}
	got := map[uint32]string{}
	for _, r := range rows {
		id, _ := strconv.Atoi(string(r[1]))
		got[uint32(id)] = string(r[2])
	}
	if len(got) != len(want) {
		t.Errorf("got %d documented IDs, want %d", len(got), len(want))
	}
	for id, level := range want {
		if got[id] != level {
			t.Errorf("ID %d: got documented level %q, want %q", id, got[id], level)
		}
	}
}
