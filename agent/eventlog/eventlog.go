// Package eventlog decides what the agent writes to the OS log (Windows
// Event Log, the systemd journal, syslog: see platform/oslog) so RMM tools
// can alert on an event ID: one ID per health state, written when the
// state or the set of failing codes changes, and IDs reserved for the
// agent's fixes and life cycle. docs/fleet/README.md is the public table;
// the IDs never change meaning.
//
// The IDs lie between 1 and 1000 because the Windows source is registered
// with EventCreate.exe as its message file (kardianos/service does so with
// the service's name), whose messages cover exactly that range: the Event
// Viewer then shows our text instead of "the description cannot be found".
package eventlog

import (
	"strings"

	"wpsdoctor/agent/state"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/oslog"
)

// Event IDs. The state events are written by the watcher (agent/watch) at
// its first run and on every change; the others by the agent service.
const (
	IDHealthy uint32 = 100 // info: sync and sign-in can work
	IDWarning uint32 = 101 // warning: sync may be degraded, or something could not be checked
	IDProblem uint32 = 102 // error: sync or sign-in cannot work
	IDOffline uint32 = 103 // warning: the computer is offline
	IDUnknown uint32 = 104 // warning: the diagnosis could not run

	IDFixApplied    uint32 = 110 // info: the agent applied a fix for a user
	IDFixFailed     uint32 = 111 // error: a fix the agent ran failed or was rolled back
	IDRequestDenied uint32 = 112 // warning: the agent refused a request (policy, peer, malformed)
	IDAgentStarted  uint32 = 120 // info: the agent service started
	IDAgentStopped  uint32 = 121 // info: the agent service stopped
)

// CheckCommand is the command the events tell an administrator to run.
const CheckCommand = "wpsdoctor check"

// Event is one record for the OS log.
type Event struct {
	ID      uint32
	Level   oslog.Level
	Message string
}

// ID is the event ID of a state.
func ID(st state.State) uint32 {
	switch st {
	case state.Healthy:
		return IDHealthy
	case state.Warning:
		return IDWarning
	case state.Problem:
		return IDProblem
	case state.Offline:
		return IDOffline
	}
	return IDUnknown
}

// LevelOf is the severity of a state's event.
func LevelOf(st state.State) oslog.Level {
	switch st {
	case state.Healthy:
		return oslog.Info
	case state.Problem:
		return oslog.Error
	}
	return oslog.Warning
}

// messageKey is the sentence of a state's event.
func messageKey(st state.State) string {
	switch st {
	case state.Healthy:
		return "agent.event.healthy"
	case state.Warning:
		return "agent.event.warning"
	case state.Problem:
		return "agent.event.problem"
	case state.Offline:
		return "agent.event.offline"
	}
	return "agent.event.unknown"
}

// ForState is the event of a run that ended in st with these failing and
// warning codes, in lang: a sentence for people, then a fixed tail for
// scripts, e.g. "… [state=problem failing=WSD-NET-001 warning=-]".
func ForState(st state.State, failing, warning []string, lang string) Event {
	args := map[string]any{"command": CheckCommand}
	msg := i18n.T(lang, messageKey(st), args) + " " + Tail(st, failing, warning)
	return Event{ID: ID(st), Level: LevelOf(st), Message: msg}
}

// Tail is the machine-readable end of a state event; the codes are
// joined with commas, "-" for none.
func Tail(st state.State, failing, warning []string) string {
	list := func(c []string) string {
		if len(c) == 0 {
			return "-"
		}
		return strings.Join(c, ",")
	}
	return "[state=" + string(st) + " failing=" + list(failing) + " warning=" + list(warning) + "]"
}

// Sink is what Write needs of a log: platform/oslog.Writer has it.
type Sink interface {
	Write(level oslog.Level, id uint32, msg string) error
}

// Write writes e to w.
func Write(w Sink, e Event) error { return w.Write(e.Level, e.ID, e.Message) }
