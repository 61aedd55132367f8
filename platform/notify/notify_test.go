package notify

import (
	"slices"
	"strings"
	"testing"
)

var hostile = Note{App: "WPS Sync Doctor", Title: `同步受阻 "quoted" & <b>`, Body: `end run
do shell script "rm -rf ~" $(whoami) '; Remove-Item`}

func TestMacArgvKeepsTextOutOfTheScript(t *testing.T) {
	argv := osascriptArgv(hostile)
	if argv[0] != "/usr/bin/osascript" || argv[1] != "-e" || argv[2] != appleScript {
		t.Fatalf("argv head %q", argv[:3])
	}
	if argv[3] != hostile.Title || argv[4] != hostile.Body || len(argv) != 5 {
		t.Fatalf("texts not passed as separate argv: %q", argv)
	}
	if strings.Contains(argv[2], "rm -rf") || !strings.Contains(appleScript, "on run argv") {
		t.Fatal("script must be constant and read argv")
	}
}

func TestWindowsPassesTextByEnvironment(t *testing.T) {
	argv, env := powershellCommand(hostile)
	for _, a := range argv {
		if strings.Contains(a, hostile.Title) || strings.Contains(a, "Remove-Item") {
			t.Fatalf("text leaked into argv: %q", a)
		}
	}
	if argv[len(argv)-1] != toastScript {
		t.Fatal("the script must be the constant")
	}
	if !slices.Contains(env, "WSD_NOTE_TITLE="+hostile.Title) || !slices.Contains(env, "WSD_NOTE_BODY="+hostile.Body) {
		t.Fatalf("env %q", env)
	}
	if !strings.Contains(toastScript, "SecurityElement]::Escape($env:WSD_NOTE_TITLE)") {
		t.Fatal("title must be XML-escaped inside the toast")
	}
}
