package main

import (
	"testing"

	"wpsdoctor/health"
)

// TestExitCodes: the README's contract of check's exit codes.
func TestExitCodes(t *testing.T) {
	for _, tt := range []struct {
		overall health.Status
		want    int
	}{
		{health.StatusOK, 0}, {health.StatusInfo, 0}, {health.StatusSkipped, 0},
		{health.StatusWarn, 1}, {health.StatusError, 1}, {health.StatusFail, 2},
	} {
		if got := exitCode(tt.overall); got != tt.want {
			t.Errorf("exitCode(%s): got %d, want %d", tt.overall, got, tt.want)
		}
	}
}
