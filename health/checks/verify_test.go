package checks

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

// TestVerifyFresh runs the checks in a child "process" (a script that
// prints a canned report) and falls back to in-process when the child
// prints garbage.
func TestVerifyFresh(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as the child")
	}
	dir := t.TempDir()
	child := filepath.Join(dir, "child")
	report := `{"schema_version":1,"findings":[` +
		`{"check":"dns.resolve","status":"ok","code":"WSD-DNS-000","message":{"key":"x"}},` +
		`{"check":"net.online","status":"ok","code":"WSD-NET-000","message":{"key":"x"}}]}`
	// The script also records its arguments, to prove what was asked.
	script := "#!/bin/sh\necho \"$@\" > " + filepath.Join(dir, "args") + "\necho '" + report + "'\nexit 2\n"
	if err := os.WriteFile(child, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	env := health.With(health.NewEnv(catalog.Default(), dir), func() (wps.Install, error) { return wps.Install{}, nil })
	fs := VerifyFresh(context.Background(), child, []string{"check", "--json"}, env, []string{"dns.resolve", "no.such"})
	if len(fs) != 1 || fs[0].Check != "dns.resolve" || fs[0].Status != health.StatusOK {
		t.Fatalf("findings = %+v", fs)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if string(args) != "check --json --only dns.resolve\n" {
		t.Errorf("child argv = %q", args)
	}

	// A child that prints no report: the check runs here instead.
	os.WriteFile(child, []byte("#!/bin/sh\necho oops\n"), 0o755)
	fs = VerifyFresh(context.Background(), child, nil, env, []string{"wps.installed"})
	if len(fs) != 1 || fs[0].Check != "wps.installed" || fs[0].Code == "" {
		t.Fatalf("fallback findings = %+v", fs)
	}
	if VerifyFresh(context.Background(), child, nil, env, []string{"no.such"}) != nil {
		t.Error("unknown IDs only: nothing to verify")
	}
}
