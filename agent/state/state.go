// Package state names the agent's health states, one vocabulary for the
// history, the metrics textfile and the OS event log: the tray's verdict
// states (package verdict) plus Unknown, for a diagnosis that could not
// run at all.
package state

import "wpsdoctor/verdict"

// State is the agent's view of the computer's health after one run.
type State string

const (
	Healthy State = "healthy" // sync can work
	Warning State = "warning" // sync may be degraded, or something could not be checked
	Problem State = "problem" // sync or sign-in cannot work
	Offline State = "offline" // no network
	Unknown State = "unknown" // the diagnosis itself failed: no report
)

// All are the states in the order the metrics list them.
var All = []State{Healthy, Warning, Problem, Offline, Unknown}

// Of is the state of a verdict; Checking (never a finished run's state)
// and anything unknown are Unknown.
func Of(v verdict.State) State {
	switch v {
	case verdict.Healthy:
		return Healthy
	case verdict.Warning:
		return Warning
	case verdict.Problem:
		return Problem
	case verdict.Offline:
		return Offline
	}
	return Unknown
}
