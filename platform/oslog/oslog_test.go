package oslog

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	long := strings.Repeat("同步", 400) // 2400 bytes
	for _, tt := range []struct{ name, in, want string }{
		{"plain", "sync can work", "sync can work"},
		{"newline forges no second record", "a\nMESSAGE=forged\r\x00b", "a MESSAGE=forged  b"},
		{"invalid UTF-8", "a\xffb", "a?b"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	got := Clean(long)
	if !utf8.ValidString(got) || len(got) > maxMessage+len("…") || !strings.HasSuffix(got, "…") {
		t.Errorf("long message: got %d bytes (valid %v), want at most %d, valid UTF-8, ending in …", len(got), utf8.ValidString(got), maxMessage+3)
	}
}

func TestLevels(t *testing.T) {
	for _, tt := range []struct {
		l    Level
		name string
		prio int
	}{{Info, "info", 6}, {Warning, "warning", 4}, {Error, "error", 3}} {
		if tt.l.String() != tt.name || tt.l.Priority() != tt.prio {
			t.Errorf("level %d: got %s/%d, want %s/%d", tt.l, tt.l, tt.l.Priority(), tt.name, tt.prio)
		}
	}
}

func TestJournalFields(t *testing.T) {
	got := string(JournalFields("wpsdoctor", Error, 102, "sync blocked\nPRIORITY=7"))
	want := "MESSAGE=event=102 sync blocked PRIORITY=7\nPRIORITY=3\nSYSLOG_IDENTIFIER=wpsdoctor\nWSD_EVENT_ID=102\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
