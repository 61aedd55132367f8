package clipboard

import (
	"strings"
	"testing"
)

func TestClipboardCommandsNeverCarryText(t *testing.T) {
	env := func(k string) string {
		if k == "WAYLAND_DISPLAY" {
			return "wayland-0"
		}
		return ""
	}
	for _, goos := range []string{"windows", "darwin", "linux"} {
		cmds := clipboardCommands(goos, env)
		if len(cmds) == 0 {
			t.Fatalf("%s: no clipboard command", goos)
		}
		for _, c := range cmds {
			if strings.Contains(strings.Join(c, " "), "{") && goos != "windows" {
				t.Errorf("%s: unexpected template in %q", goos, c)
			}
		}
	}
	if c := clipboardCommands("linux", env); c[0][0] != "wl-copy" {
		t.Errorf("wayland first: %q", c)
	}
	if err := copyText("linux", func(string) string { return "" }, "x"); err == nil {
		t.Log("a clipboard program exists here")
	}
}
