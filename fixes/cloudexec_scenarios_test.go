package fixes

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

// cloudExecScenarios are system-wide installs (Linux deb, Arch, UOS; a
// macOS bundle) whose cloud component lost its execute bits, seen
// through fixture trees: wps.cloud.exec plans an elevated set_mode there.
func cloudExecScenarios(t testing.TB) []scenario {
	t.Helper()
	var out []scenario
	for _, c := range []struct{ goos, root, exe string }{
		{"linux", "/opt/kingsoft/wps-office", "/opt/kingsoft/wps-office/office6/wpscloudsvr"},
		{"linux", "/usr/lib", "/usr/lib/office6/wpscloudsrv"},
		{"linux", "/opt/apps/cn.wps.wps-office-pro/files/kingsoft/wps-office", "/opt/apps/cn.wps.wps-office-pro/files/kingsoft/wps-office/office6/wpscloudsvr"},
		{"darwin", "/Applications/wpsoffice.app", "/Applications/wpsoffice.app/Contents/MacOS/wpscloudsvr"},
	} {
		dir := t.TempDir()
		host := filepath.Join(dir, filepath.FromSlash(c.exe))
		if err := os.MkdirAll(filepath.Dir(host), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(host, []byte("bin"), 0o644); err != nil {
			t.Fatal(err)
		}
		in := wps.Install{OS: c.goos, Found: true, Root: c.root, CloudExe: c.exe, PerMachine: true}
		env := &Env{OS: c.goos, FS: wps.FixtureFS{Root: dir, Modes: map[string]fs.FileMode{c.exe: 0o644}},
			Install: func() (wps.Install, error) { return in, nil }}
		out = append(out, scenario{name: c.goos + "/cloud-exec" + c.exe, env: env, fixes: []string{health.FixCloudExec}})
	}
	return out
}
