package agent

import "testing"

// TestWithoutDelayedStart: the fallback registration for a service manager
// without delayed automatic start changes that one option, keeps the rest
// (recovery on failure), and leaves the original configuration as it was.
func TestWithoutDelayedStart(t *testing.T) {
	c, err := Config("windows", `C:\Program Files\WPS Sync Doctor\wpsdoctor.exe`)
	if err != nil {
		t.Fatal(err)
	}
	plain := withoutDelayedStart(c)
	if got := plain.Option["DelayedAutoStart"]; got != false {
		t.Errorf("plain DelayedAutoStart: got %v, want false", got)
	}
	if got := c.Option["DelayedAutoStart"]; got != true {
		t.Errorf("original DelayedAutoStart: got %v, want true (untouched)", got)
	}
	for _, k := range []string{"StartType", "OnFailure", "OnFailureDelayDuration", "OnFailureResetPeriod"} {
		if plain.Option[k] != c.Option[k] {
			t.Errorf("%s: got %v, want %v kept", k, plain.Option[k], c.Option[k])
		}
	}
	if plain.Name != c.Name || plain.Executable != c.Executable {
		t.Errorf("plain: got %s %s, want %s %s", plain.Name, plain.Executable, c.Name, c.Executable)
	}
}
