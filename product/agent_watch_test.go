package product

import (
	"path/filepath"
	"slices"
	"testing"

	"wpsdoctor/agent/history"
)

// TestAgentWatchesTheSystemChecks: the agent, running as the system, watches
// what is the same for every user and leaves the per-user checks (WPS
// install, account, sync folder) to each user's tray.
func TestAgentWatchesTheSystemChecks(t *testing.T) {
	dir := t.TempDir()
	p, err := Open(Options{GOOS: goos, Getenv: env(map[string]string{"HOME": dir, "WSD_STATE_DIR": filepath.Join(dir, "state"),
		"WSD_SYSTEM_STATE_DIR": filepath.Join(dir, "sys"), "WSD_METRICS_FILE": filepath.Join(dir, "m", "wsd.prom")})})
	if err != nil {
		t.Fatal(err)
	}
	ids := AgentCheckIDs(p.Checks())
	for _, want := range []string{"net.online", "dns.resolve", "net.tcp", "net.tls", "net.proxy", "clock.skew", "firewall.rules", "net.servers", "net.signin_providers"} {
		if !slices.Contains(ids, want) {
			t.Errorf("agent checks %v: want %s among them", ids, want)
		}
	}
	for _, not := range []string{"wps.installed", "wps.syncdb", "files.sync", "account.signin", "account.quota", "storage.cache", "perm.folders"} {
		if slices.Contains(ids, not) {
			t.Errorf("agent checks %v: got the per-user check %s", ids, not)
		}
	}
	o := p.WatchOptions()
	if o.Diagnose == nil || o.Logf == nil {
		t.Fatal("WatchOptions: no Diagnose or Logf")
	}
	if h, ok := o.History.(*history.Log); !ok || h.Dir != filepath.Join(dir, "sys") {
		t.Errorf("history: got %#v, want a log in %s", o.History, filepath.Join(dir, "sys"))
	}
	if o.MetricsPath != filepath.Join(dir, "m", "wsd.prom") {
		t.Errorf("metrics: got %q, want %q", o.MetricsPath, filepath.Join(dir, "m", "wsd.prom"))
	}
}
