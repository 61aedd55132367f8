package catalog

import (
	"strings"
	"testing"
)

func TestServersValidation(t *testing.T) {
	fam := "\n[families.mainland]\nname = \"m\"\ndomains = [\"wps.test\"]\nresolvers = [\"192.0.2.53\"]\n" +
		"  [[families.mainland.endpoints]]\n  host = \"account.wps.test\"\n  role = \"login\"\n  ports = [443]\n"
	cases := []struct {
		name, toml, want string
	}{
		{"good", fam + "  status_path = \"/api/time\"\n  [[families.mainland.signin_providers]]\n  id = \"qq\"\n  host = \"qq.test\"\n", ""},
		{"status path without slash", fam + "  status_path = \"api\"\n", "status_path"},
		{"status path with a space", fam + "  status_path = \"/a b\"\n", "status_path"},
		{"unknown provider", fam + "  [[families.mainland.signin_providers]]\n  id = \"myspace\"\n  host = \"m.test\"\n", "is not one of"},
		{"bad provider host", fam + "  [[families.mainland.signin_providers]]\n  id = \"qq\"\n  host = \"a b\"\n", "invalid host"},
		{"bad provider port", fam + "  [[families.mainland.signin_providers]]\n  id = \"qq\"\n  host = \"qq.test\"\n  port = 70000\n", "out of range"},
		{"empty marker", "[servers]\nmaintenance_markers = [\" \"]\n", "maintenance marker"},
		{"bad status", "[servers]\nretry_after_statuses = [42]\n", "not an HTTP status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadBytes([]byte(c.toml), "test.toml")
			switch {
			case c.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}

func TestProviderPortAndStatusPathDefaults(t *testing.T) {
	if got := (SigninProvider{}).ProviderPort(); got != 443 {
		t.Errorf("got port %d, want 443", got)
	}
	if got := (SigninProvider{Port: 8443}).ProviderPort(); got != 8443 {
		t.Errorf("got port %d, want 8443", got)
	}
	if got := (Endpoint{}).StatusPathOf(); got != "/" {
		t.Errorf("got %q, want /", got)
	}
}
