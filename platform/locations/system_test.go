package locations

import "testing"

func TestSystemFor(t *testing.T) {
	for _, tc := range []struct {
		goos                string
		env                 map[string]string
		state, socket, jour string
	}{
		{"linux", nil, "/var/lib/wpsdoctor", "/run/wpsdoctor/agent.sock", "/var/lib/wpsdoctor/agent-journal.jsonl"},
		{"darwin", nil, "/Library/Application Support/wpsdoctor", "/var/run/wpsdoctor/agent.sock", "/Library/Application Support/wpsdoctor/agent-journal.jsonl"},
		{"windows", map[string]string{"ProgramData": `D:\PD`}, `D:\PD\wpsdoctor`, `\\.\pipe\wpsdoctor-agent`, `D:\PD\wpsdoctor\agent-journal.jsonl`},
		{"windows", nil, `C:\ProgramData\wpsdoctor`, `\\.\pipe\wpsdoctor-agent`, `C:\ProgramData\wpsdoctor\agent-journal.jsonl`},
		{"linux", map[string]string{EnvSystemState: "/tmp/s", EnvAgentSocket: "/tmp/a.sock"}, "/tmp/s", "/tmp/a.sock", "/tmp/s/agent-journal.jsonl"},
		{"linux", map[string]string{EnvSystemState: "rel", EnvAgentSocket: "rel.sock"}, "/var/lib/wpsdoctor", "/run/wpsdoctor/agent.sock", "/var/lib/wpsdoctor/agent-journal.jsonl"},
		{"windows", map[string]string{EnvAgentSocket: `\\.\pipe\test`}, `C:\ProgramData\wpsdoctor`, `\\.\pipe\test`, `C:\ProgramData\wpsdoctor\agent-journal.jsonl`},
	} {
		t.Run(tc.goos+tc.state, func(t *testing.T) {
			s := SystemFor(tc.goos, func(k string) string { return tc.env[k] })
			if s.State != tc.state || s.Socket != tc.socket || s.AgentJournal() != tc.jour {
				t.Fatalf("got %q %q %q, want %q %q %q", s.State, s.Socket, s.AgentJournal(), tc.state, tc.socket, tc.jour)
			}
		})
	}
}

func TestSystemPaths(t *testing.T) {
	tests := []struct {
		name, goos     string
		env            map[string]string
		state, metrics string
	}{
		{"linux defaults", "linux", map[string]string{"HOME": "/root"},
			"/var/lib/wpsdoctor", "/var/lib/node_exporter/textfile_collector/wpsdoctor.prom"},
		{"linux overrides", "linux", map[string]string{"WSD_SYSTEM_STATE_DIR": "/t/sys", "WSD_METRICS_FILE": "/t/m/w.prom"},
			"/t/sys", "/t/m/w.prom"},
		{"relative overrides ignored", "linux", map[string]string{"WSD_SYSTEM_STATE_DIR": "sys", "WSD_METRICS_FILE": "w.prom"},
			"/var/lib/wpsdoctor", "/var/lib/node_exporter/textfile_collector/wpsdoctor.prom"},
		{"windows", "windows", map[string]string{"ProgramData": `D:\PD`, "ProgramFiles": `D:\PF`},
			`D:\PD\wpsdoctor`, `D:\PF\windows_exporter\textfile_inputs\wpsdoctor.prom`},
		{"windows without environment", "windows", nil,
			`C:\ProgramData\wpsdoctor`, `C:\Program Files\windows_exporter\textfile_inputs\wpsdoctor.prom`},
		{"windows override", "windows", map[string]string{"WSD_SYSTEM_STATE_DIR": `E:\wsd`, "WSD_METRICS_FILE": `E:\x.prom`},
			`E:\wsd`, `E:\x.prom`},
		{"macOS", "darwin", map[string]string{"HOME": "/Users/li"},
			"/Library/Application Support/wpsdoctor", "/Library/Application Support/wpsdoctor/wpsdoctor.prom"},
		{"macOS state override moves the metrics", "darwin", map[string]string{"WSD_SYSTEM_STATE_DIR": "/opt/wsd"},
			"/opt/wsd", "/opt/wsd/wpsdoctor.prom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SystemState(tt.goos, env(tt.env)); got != tt.state {
				t.Errorf("SystemState: got %q, want %q", got, tt.state)
			}
			if got := MetricsTextfile(tt.goos, env(tt.env)); got != tt.metrics {
				t.Errorf("MetricsTextfile: got %q, want %q", got, tt.metrics)
			}
		})
	}
}
