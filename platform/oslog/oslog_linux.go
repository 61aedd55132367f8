//go:build linux

package oslog

import (
	"net"
	"os"
)

// JournalSocket is the systemd journal's native socket.
const JournalSocket = "/run/systemd/journal/socket"

// Open writes to the systemd journal when it runs (with the event ID as
// the field WSD_EVENT_ID), else to syslog; source is the identifier.
func Open(source string) (Writer, error) {
	if _, err := os.Stat(JournalSocket); err == nil {
		return openJournal(JournalSocket, source)
	}
	return openSyslog(source)
}

// InstallSource has nothing to register outside Windows.
func InstallSource(string) error { return nil }

// RemoveSource has nothing to remove outside Windows.
func RemoveSource(string) error { return nil }

type journal struct {
	c   *net.UnixConn
	tag string
}

// openJournal connects to the journal's datagram socket at path.
func openJournal(path, tag string) (Writer, error) {
	c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return nil, err
	}
	return journal{c: c, tag: tag}, nil
}

func (j journal) Write(level Level, id uint32, msg string) error {
	_, err := j.c.Write(JournalFields(j.tag, level, id, msg))
	return err
}

func (j journal) Close() error { return j.c.Close() }
