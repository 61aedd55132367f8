package report

import (
	"slices"
	"strings"
	"testing"
)

func TestAgentPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, data       string
		allowed, refused []string
		autoFix          bool
		err              string
	}{
		{name: "no agent table: the default", data: "",
			allowed: []string{"dns.flush", "clock.sync", "wps.cache.clear"}, refused: []string{"dns.set", "firewall.allow"}},
		{name: "dns.set listed", data: "[agent]\nallow = [\"dns.set\", \"dns.flush\"]\nauto_fix = true\n",
			allowed: []string{"dns.set", "dns.flush"}, refused: []string{"clock.sync", "firewall.allow"}, autoFix: true},
		{name: "empty list: nothing", data: "[agent]\nallow = []\n",
			refused: []string{"dns.flush", "clock.sync", "dns.set"}},
		{name: "unknown fix", data: "[agent]\nallow = [\"dns.sett\"]\n", err: `"dns.sett", which is not a fix`},
		{name: "unknown key", data: "[agent]\nallowed = [\"dns.set\"]\n", err: "unknown keys agent.allowed"},
		{name: "bad user name", data: "[agent]\ndenied_users = [\"\"]\n", err: "agent.denied_users"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePolicy([]byte(tc.data), "p.toml")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got error %v, want one with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.allowed {
				if !p.Agent.Allowed(f) {
					t.Errorf("Allowed(%s) = false, want true", f)
				}
			}
			for _, f := range tc.refused {
				if p.Agent.Allowed(f) {
					t.Errorf("Allowed(%s) = true, want false", f)
				}
			}
			if p.Agent.AutoFix != tc.autoFix {
				t.Errorf("auto_fix: got %v, want %v", p.Agent.AutoFix, tc.autoFix)
			}
		})
	}
}

func TestPolicyPathOverride(t *testing.T) {
	env := map[string]string{EnvPolicyFile: "/tmp/p.toml"}
	if got := PolicyPath("linux", func(k string) string { return env[k] }); got != "/tmp/p.toml" {
		t.Fatalf("got %q, want the override", got)
	}
	env[EnvPolicyFile] = "relative.toml"
	if got := PolicyPath("linux", func(k string) string { return env[k] }); got != "/etc/wpsdoctor/policy.toml" {
		t.Fatalf("a relative override: got %q, want the system path", got)
	}
	if !slices.Contains(DefaultAgentAllow, "dns.flush") || slices.Contains(DefaultAgentAllow, "dns.set") {
		t.Fatalf("DefaultAgentAllow = %v", DefaultAgentAllow)
	}
}

// TestPolicyExample: the shipped example parses and says what it claims.
func TestPolicyExample(t *testing.T) {
	p, found, err := LoadPolicy("../assets/policy.example.toml")
	if err != nil || !found {
		t.Fatalf("the example policy: found %v, %v", found, err)
	}
	if !p.Agent.Allowed("dns.set") || p.Agent.Allowed("firewall.allow") || p.Support.Name == "" {
		t.Fatalf("the example policy says %+v", p)
	}
}
