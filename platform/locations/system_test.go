package locations

import "testing"

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
			`D:\PD\WPS Sync Doctor`, `D:\PF\windows_exporter\textfile_inputs\wpsdoctor.prom`},
		{"windows without environment", "windows", nil,
			`C:\ProgramData\WPS Sync Doctor`, `C:\Program Files\windows_exporter\textfile_inputs\wpsdoctor.prom`},
		{"windows override", "windows", map[string]string{"WSD_SYSTEM_STATE_DIR": `E:\wsd`, "WSD_METRICS_FILE": `E:\x.prom`},
			`E:\wsd`, `E:\x.prom`},
		{"macOS", "darwin", map[string]string{"HOME": "/Users/li"},
			"/Library/Application Support/WPS Sync Doctor", "/Library/Application Support/WPS Sync Doctor/wpsdoctor.prom"},
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
