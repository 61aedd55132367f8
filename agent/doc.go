// Package agent is the background service (kardianos/service) that runs as
// the system and performs the fixed allowlist of privileged repairs for the
// local tray and CLI, so users who are not administrators get DNS, clock
// and firewall fixes without a password prompt when the organisation's
// policy allows them.
//
//   - proto.go: the messages, typed, versioned, length-prefixed and
//     size-limited JSON; DecodeRequest validates with the privileged verb's
//     own validator (fixes.ValidatePrivilegedRequest).
//   - server.go, decide.go, journal.go: the local server (Unix socket or
//     named pipe), the caller's identity from the OS (peer.go and its
//     per-OS files), the policy decision by the actions' own categories,
//     and the system journal of every request with who asked.
//   - client.go: the front ends' side: Ping and an Elevator that prefers
//     the agent and falls back to the administrator prompt.
//   - service.go, units.go: install, uninstall, start, stop, status and run
//     through kardianos/service, with the unit files rendered here.
//
// The watching (agent/watch) is plugged in through RunOptions.Watch.
package agent
