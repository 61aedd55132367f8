// Package oslog writes events to the operating system's log, where
// monitoring and RMM tools already look: the Windows Event Log (Application
// log), the systemd journal on Linux (with the event ID as a field), and
// syslog elsewhere (macOS's unified log receives syslog).
//
// What to write (the IDs, the levels, the words) is decided by the caller;
// this package only knows how each OS takes it. The Windows event source
// must be registered once, at install time, by an administrator
// (InstallSource; kardianos/service registers the service's name itself).
package oslog

import (
	"errors"
	"strconv"
	"strings"
)

// Level is an event's severity.
type Level int

const (
	Info Level = iota
	Warning
	Error
)

// String is the level's name.
func (l Level) String() string {
	switch l {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "info"
}

// Priority is the level as a syslog/journald priority: 6 info, 4 warning,
// 3 error.
func (l Level) Priority() int {
	switch l {
	case Warning:
		return 4
	case Error:
		return 3
	}
	return 6
}

// Writer writes events to one source of the OS log.
type Writer interface {
	Write(level Level, id uint32, msg string) error
	Close() error
}

// ErrUnsupported means this OS has no log this package writes to.
var ErrUnsupported = errors.New("no system log on this operating system")

// maxMessage keeps one event well inside every log's record limit (the
// journal's datagram, syslog's 1 KiB tradition, the Event Log's 31 839
// characters).
const maxMessage = 900

// Clean makes msg one line of at most maxMessage bytes: control characters
// become spaces, so a message never forges a second record or field.
func Clean(msg string) string {
	msg = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(msg, "?"))
	if len(msg) > maxMessage {
		cut := maxMessage
		for cut > 0 && !isRuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// SyslogLine is how an event reads in syslog, where records have no ID
// field: the ID first, so `grep 'wpsdoctor\[.*event=102'` and RMM log
// rules can match it.
func SyslogLine(id uint32, msg string) string {
	return "event=" + strconv.FormatUint(uint64(id), 10) + " " + Clean(msg)
}

// JournalFields are an event in the journal's native protocol: one
// KEY=value line per field (values are one line after Clean). IDField
// carries the ID, so `journalctl WSD_EVENT_ID=102` finds it.
func JournalFields(tag string, level Level, id uint32, msg string) []byte {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"MESSAGE", SyslogLine(id, msg)},
		{"PRIORITY", strconv.Itoa(level.Priority())},
		{"SYSLOG_IDENTIFIER", Clean(tag)},
		{IDField, strconv.FormatUint(uint64(id), 10)},
	} {
		b.WriteString(kv[0] + "=" + kv[1] + "\n")
	}
	return []byte(b.String())
}

// IDField is the journal field that holds the event ID.
const IDField = "WSD_EVENT_ID"
