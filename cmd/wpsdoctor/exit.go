package main

import "wpsdoctor/health"

// Exit codes of `wpsdoctor check`, documented in the README: scripts and
// RMM tools read them, so they never change meaning.
const (
	exitHealthy     = 0
	exitWarnings    = 1
	exitFailures    = 2
	exitToolFailure = 3
)

// exitCode maps a report's overall status to the exit code of check.
func exitCode(overall health.Status) int {
	switch overall {
	case health.StatusFail:
		return exitFailures
	case health.StatusWarn, health.StatusError:
		return exitWarnings
	}
	return exitHealthy
}
