// Package agent will hold the background service (kardianos/service): the
// check schedule, the history, and the local IPC the tray and CLI talk to.
// Planned; nothing here yet.
package agent
