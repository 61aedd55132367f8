package oslog

import (
	"net"
	"path/filepath"
	"testing"
)

// TestJournalRoundTrip: an event reaches a journal socket as one datagram
// of native-protocol fields.
func TestJournalRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "socket")
	srv, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	w, err := openJournal(path, "wpsdoctor")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Write(Warning, 101, "sync may be degraded"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	n, _, err := srv.ReadFromUnix(buf)
	if err != nil {
		t.Fatal(err)
	}
	want := "MESSAGE=event=101 sync may be degraded\nPRIORITY=4\nSYSLOG_IDENTIFIER=wpsdoctor\nWSD_EVENT_ID=101\n"
	if got := string(buf[:n]); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
