package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultCatalogue(t *testing.T) {
	c := Default()
	if c.Source != "built-in" {
		t.Errorf("source = %q", c.Source)
	}
	if got := c.FamilyNames(); len(got) < 2 || got[0] != Mainland || got[1] != International {
		t.Fatalf("families = %v", got)
	}
	m := c.Family(Mainland)
	if m.Resolvers[0] != "223.5.5.5" || !m.InFamily("account.wps.cn") || m.InFamily("account.wps.com") || m.InFamily("evilwps.cn") {
		t.Errorf("mainland family wrong: %+v", m)
	}
	th := c.Thresholds
	// The figures of the source documents.
	if th.LatencyMS != 100 || th.UplinkMbps != 1 || th.UplinkLargeMbps != 5 || th.DiskMaxUsedPercent != 95 ||
		th.FileMaxBytes != 10<<30 || th.ClockWarnSeconds != 120 || th.ClockFailSeconds != 300 {
		t.Errorf("thresholds differ from the source documents: %+v", th)
	}
	var login bool
	for _, e := range m.Endpoints {
		if e.Role == "login" && e.Host == "account.wps.cn" {
			login = true
		}
	}
	if !login {
		t.Error("account.wps.cn missing")
	}
	if len(c.ConflictPatterns()) == 0 || !c.ConflictPatterns()[0].MatchString("1-副本") {
		t.Error("conflict patterns not compiled")
	}
}

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "endpoints.toml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOverride(t *testing.T) {
	p := write(t, `
[families.mainland]
name = "test cloud"
domains = ["wps.test"]
resolvers = ["127.0.0.1:5353"]
ntp = ["127.0.0.1:1123"]
  [[families.mainland.endpoints]]
  host = "127.0.0.1"
  role = "login"
  ports = [8443]

[thresholds]
latency_ms = 250
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != p {
		t.Errorf("source = %q", c.Source)
	}
	m := c.Family(Mainland)
	if m.Name != "test cloud" || len(m.Endpoints) != 1 || m.Endpoints[0].Ports[0] != 8443 {
		t.Errorf("family not replaced: %+v", m)
	}
	if c.Family(International) == nil {
		t.Error("families absent from the override must keep their defaults")
	}
	if c.Thresholds.LatencyMS != 250 || c.Thresholds.ClockFailSeconds != 300 {
		t.Errorf("threshold overlay wrong: %+v", c.Thresholds)
	}
}

func TestMalformedOverrideNamesLineAndKeepsDefaults(t *testing.T) {
	p := write(t, "schema = 1\n[thresholds]\nlatency_ms = = 5\n")
	c, err := Load(p)
	if err == nil {
		t.Fatal("malformed file accepted")
	}
	if !strings.Contains(err.Error(), p+":3:") {
		t.Errorf("error does not name file and line 3: %v", err)
	}
	if c == nil || c.Source != "built-in" || c.Family(Mainland) == nil {
		t.Errorf("defaults not returned with the error: %+v", c)
	}
}

func TestInvalidOverrides(t *testing.T) {
	cases := map[string]string{
		"unknown key":   "[thresholds]\nlatency_msec = 5\n",
		"bad port":      "[families.x]\n[[families.x.endpoints]]\nhost = \"a.test\"\nports = [70000]\n",
		"bad host":      "[families.x]\n[[families.x.endpoints]]\nhost = \"a b\"\nports = [443]\n",
		"no endpoints":  "[families.x]\nname = \"x\"\n",
		"bad resolver":  "[families.x]\nresolvers = [\"dns.google\"]\n[[families.x.endpoints]]\nhost = \"a.test\"\nports = [443]\n",
		"clock order":   "[thresholds]\nclock_warn_seconds = 600\n",
		"bad regexp":    "[thresholds]\nconflict_patterns = [\"(\"]\n",
		"wrong type":    "[thresholds]\nlatency_ms = \"fast\"\n",
		"percent range": "[thresholds]\ndisk_max_used_percent = 150.0\n",
	}
	for name, body := range cases {
		if _, err := Load(write(t, body)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), "endpoints.toml") {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestParseHostPort(t *testing.T) {
	cases := map[string]string{
		"223.5.5.5":      "223.5.5.5:53",
		"127.0.0.1:5353": "127.0.0.1:5353",
		"2400:3200::1":   "[2400:3200::1]:53",
		"[::1]:5353":     "[::1]:5353",
		"ntp.aliyun.com": "ntp.aliyun.com:53",
	}
	for in, want := range cases {
		got, err := ParseHostPort(in, 53)
		if err != nil || got != want {
			t.Errorf("ParseHostPort(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "host:0", "host:99999", "bad host"} {
		if _, err := ParseHostPort(bad, 53); err == nil {
			t.Errorf("ParseHostPort(%q) accepted", bad)
		}
	}
}
