package dist

import (
	"os"
	"testing"

	"wpsdoctor/agent"
)

// TestDebUnitIsTheAgents: the .deb ships the same systemd unit that
// `wpsdoctor service install` writes for /usr/bin/wpsdoctor, so a packaged
// agent and one installed by hand run alike (socket and state directories,
// restart rule). Regenerate with WSD_UPDATE_UNIT=1.
func TestDebUnitIsTheAgents(t *testing.T) {
	want, err := agent.SystemdUnit("/usr/bin/wpsdoctor")
	if err != nil {
		t.Fatal(err)
	}
	const path = "linux/wpsdoctor-agent.service"
	if os.Getenv("WSD_UPDATE_UNIT") == "1" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s differs from agent.SystemdUnit:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
