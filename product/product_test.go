package product

import (
	"errors"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"wpsdoctor/agent"

	"wpsdoctor/fixes"
	"wpsdoctor/platform/elevate"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestOpenCatalogueRule(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "conf")
	if err := os.MkdirAll(conf, 0o700); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(good, []byte("[thresholds]\n"), 0o600)
	os.WriteFile(bad, []byte("[[[ not toml\n"), 0o600)
	base := map[string]string{"HOME": dir, "WSD_STATE_DIR": filepath.Join(dir, "state"), "WSD_CONFIG_DIR": conf}

	t.Run("broken --config is an error", func(t *testing.T) {
		_, err := Open(Options{Config: bad, Getenv: env(base)})
		if !errors.Is(err, ErrConfig) {
			t.Fatalf("got %v, want ErrConfig", err)
		}
	})
	t.Run("good --config", func(t *testing.T) {
		p, err := Open(Options{Config: good, Getenv: env(base)})
		if err != nil || p.Catalog == nil || p.CatalogWarning != nil {
			t.Fatalf("got %v, %v; want a catalogue and no warning", err, p)
		}
	})
	t.Run("broken per-user file is a warning", func(t *testing.T) {
		os.WriteFile(filepath.Join(conf, "endpoints.toml"), []byte("[[[ not toml\n"), 0o600)
		defer os.Remove(filepath.Join(conf, "endpoints.toml"))
		p, err := Open(Options{Getenv: env(base)})
		if err != nil || p.CatalogWarning == nil || p.Catalog == nil {
			t.Fatalf("got err %v, warning %v; want the built-in catalogue and a warning", err, p.CatalogWarning)
		}
	})
	t.Run("no per-user file", func(t *testing.T) {
		p, err := Open(Options{Getenv: env(base)})
		if err != nil || p.CatalogWarning != nil {
			t.Fatalf("got %v, %v; want no error and no warning", err, p.CatalogWarning)
		}
		if p.Locations.State != base["WSD_STATE_DIR"] {
			t.Errorf("got state %q, want %q", p.Locations.State, base["WSD_STATE_DIR"])
		}
	})
}

// TestEngineElevatesThisBinary: the engine's elevator starts the running
// binary with the privileged verb, on every OS's mechanism; the verifier
// re-runs it with the verify verb.
func TestEngineElevatesThisBinary(t *testing.T) {
	dir := t.TempDir()
	p, err := Open(Options{Getenv: env(map[string]string{"HOME": dir, "WSD_STATE_DIR": dir}), Config: ""})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := p.Engine()
	if err != nil {
		t.Fatal(err)
	}
	self, _ := os.Executable()
	pref, ok := eng.Elevator.(agent.Prefer)
	if !ok || pref.Socket != "/run/wpsdoctor/agent.sock" {
		t.Fatalf("got elevator %#v, want the agent at /run/wpsdoctor/agent.sock first", eng.Elevator)
	}
	h, ok := pref.Fallback.(fixes.HelperElevator)
	if !ok || h.Exe != self {
		t.Fatalf("got fallback %#v, want a HelperElevator of %s", pref.Fallback, self)
	}
	args := fixes.HelperArgs("/tmp/d/step.json", "/tmp/d/result.json")
	for _, f := range []elevate.Facts{
		{GOOS: "windows"}, {GOOS: "darwin"}, {GOOS: "linux", Graphical: true, Pkexec: "/usr/bin/pkexec"},
		{GOOS: "linux", Terminal: true, Sudo: "/usr/bin/sudo"}, {GOOS: "linux", Sudo: "/usr/bin/sudo"},
	} {
		t.Run(f.GOOS, func(t *testing.T) {
			l, err := elevate.Choose(f, h.Exe, args)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{self, VerbPrivileged, "--step", "/tmp/d/step.json", "--result", "/tmp/d/result.json"}
			if !slices.Equal(l.Target, want) {
				t.Errorf("got target %q, want %q", l.Target, want)
			}
			if i := slices.Index(l.Argv, self); i < 0 || !slices.Equal(l.Argv[i:], want) {
				t.Errorf("%s argv %q does not end with the target %q", l.Mechanism, l.Argv, want)
			}
		})
	}
	if eng.Env.Captive == nil {
		t.Error("the engine has no captive-portal probe: dns.set could rewrite DNS behind a hotel login page")
	}
	if got := VerifyArgs("/x.toml"); !slices.Equal(got, []string{VerbVerify, "--config", "/x.toml"}) {
		t.Errorf("got verify args %q", got)
	}
}

func TestServe(t *testing.T) {
	var out, errb strings.Builder
	if _, ok := Serve([]string{"check"}, &out, &errb, "t", "v"); ok {
		t.Error("a non-verb was served")
	}
	if code, ok := Serve([]string{VerbPrivileged, "--step", "x"}, &out, &errb, "t", "v"); !ok || code != exitFailed {
		t.Errorf("privileged without --result: got %d %v, want %d", code, ok, exitFailed)
	}
	if code, ok := Serve([]string{VerbVerify}, &out, &errb, "t", "v"); !ok || code != exitFailed {
		t.Errorf("verify without --only: got %d %v, want %d", code, ok, exitFailed)
	}
	out.Reset()
	if code, _ := Serve([]string{VerbVerify, "--only", "os.supported"}, &out, &errb, "t", "v"); code != exitDone || !strings.Contains(out.String(), `"os.supported"`) {
		t.Errorf("verify --only os.supported: exit %d, output %q", code, out.String())
	}
}

// TestMainsOnlyParseFlags: both programs open the product here; neither
// main package wires the catalogue, the checks' environment, the engine or
// a path itself.
func TestMainsOnlyParseFlags(t *testing.T) {
	forbidden := map[string]string{
		"wpsdoctor/catalog":            "loads the catalogue",
		"wpsdoctor/health/checks":      "builds the checks' environment",
		"wpsdoctor/platform/locations": "decides paths",
	}
	for _, dir := range []string{"../cmd/wpsdoctor", "../cmd/wpsdoctor-tray"} {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		uses := false
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range af.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if why := forbidden[path]; why != "" {
					t.Errorf("%s imports %s: the composition root %s", f, path, why)
				}
				if path == "wpsdoctor/product" {
					uses = true
				}
			}
			src, _ := os.ReadFile(f)
			for _, call := range []string{"fixes.NewEngine(", "catalog.Load(", "checks.NewEnv(", "os.UserConfigDir(", "testing.Testing()"} {
				if strings.Contains(string(src), call) {
					t.Errorf("%s calls %s: that is the composition root's job", f, call)
				}
			}
		}
		if !uses {
			t.Errorf("%s does not use package product", dir)
		}
	}
	out, err := exec.Command("go", "list", "-deps", "../cmd/wpsdoctor", "../cmd/wpsdoctor-tray").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	if !strings.Contains(string(out), "wpsdoctor/product\n") {
		t.Error("go list -deps of the commands does not show wpsdoctor/product")
	}
}
