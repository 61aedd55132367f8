package eventlog

import (
	"strings"
	"testing"

	"wpsdoctor/agent/state"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/oslog"
)

// TestStateEvents: the public table of docs/fleet/README.md.
func TestStateEvents(t *testing.T) {
	for _, tt := range []struct {
		st    state.State
		id    uint32
		level oslog.Level
	}{
		{state.Healthy, 100, oslog.Info}, {state.Warning, 101, oslog.Warning}, {state.Problem, 102, oslog.Error},
		{state.Offline, 103, oslog.Warning}, {state.Unknown, 104, oslog.Warning}, {"garbage", 104, oslog.Warning},
	} {
		t.Run(string(tt.st), func(t *testing.T) {
			e := ForState(tt.st, []string{"WSD-NET-001"}, nil, i18n.English)
			if e.ID != tt.id || e.Level != tt.level {
				t.Errorf("got ID %d level %s, want %d %s", e.ID, e.Level, tt.id, tt.level)
			}
			if !strings.HasSuffix(e.Message, "[state="+string(tt.st)+" failing=WSD-NET-001 warning=-]") {
				t.Errorf("message %q: want the machine-readable tail", e.Message)
			}
		})
	}
}

// TestIDsDistinctAndInRange: one meaning per ID, inside EventCreate.exe's
// 1–1000.
func TestIDsDistinctAndInRange(t *testing.T) {
	seen := map[uint32]bool{}
	for _, id := range []uint32{IDHealthy, IDWarning, IDProblem, IDOffline, IDUnknown,
		IDFixApplied, IDFixFailed, IDRequestDenied, IDAgentStarted, IDAgentStopped} {
		if id < 1 || id > 1000 || seen[id] {
			t.Errorf("ID %d: got a duplicate or one outside 1–1000", id)
		}
		seen[id] = true
	}
}

// TestMessagesTranslated: every state's sentence exists in both languages
// and the Chinese one carries no English words besides the command.
func TestMessagesTranslated(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Chinese} {
		table, err := i18n.Table(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range state.All {
			key := messageKey(st)
			text, ok := table[key]
			if !ok {
				t.Errorf("%s: got no %q, want every state's event translated", lang, key)
				continue
			}
			if lang == i18n.Chinese {
				rest := strings.NewReplacer("WPS", "", "{command}", "").Replace(text)
				if strings.ContainsFunc(rest, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) {
					t.Errorf("zh-CN %q: got Latin letters besides WPS and the command", text)
				}
			}
		}
	}
}

func TestTail(t *testing.T) {
	got := Tail(state.Warning, nil, []string{"A", "B"})
	if want := "[state=warning failing=- warning=A,B]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

type fakeWriter struct {
	level oslog.Level
	id    uint32
	msg   string
}

func (f *fakeWriter) Write(l oslog.Level, id uint32, msg string) error {
	f.level, f.id, f.msg = l, id, msg
	return nil
}
func (f *fakeWriter) Close() error { return nil }

func TestWrite(t *testing.T) {
	w := &fakeWriter{}
	e := ForState(state.Problem, nil, nil, i18n.Chinese)
	if err := Write(w, e); err != nil || w.id != 102 || w.level != oslog.Error || !strings.Contains(w.msg, "无法工作") ||
		!strings.Contains(w.msg, "“wpsdoctor check”") || strings.Contains(w.msg, "{") {
		t.Errorf("got %d %s %q (%v), want 102 error and the Chinese sentence", w.id, w.level, w.msg, err)
	}
}
