package catalog

import (
	"strings"
	"testing"
)

func TestSupportURL(t *testing.T) {
	c := Default()
	for fam, want := range map[string]string{Mainland: "https://helpdesk.wps.cn/", International: "https://help.wps.com/"} {
		if got := c.Family(fam).SupportURL; got != want {
			t.Errorf("%s support_url = %q, want %q", fam, got, want)
		}
	}
	for _, tc := range []struct{ name, url, wantErr string }{
		{"plain http", "http://helpdesk.wps.cn/", "support_url"},
		{"other domain", "https://helpdesk.example.com/", "support_url"},
		{"own domain", "https://kf.wps.cn/help", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A family in an override replaces the whole family.
			fam := "[families.mainland]\ndomains = [\"wps.cn\"]\nsupport_url = \"" + tc.url + "\"\n" +
				"[[families.mainland.endpoints]]\nhost = \"account.wps.cn\"\nrole = \"login\"\nports = [443]\n"
			_, err := LoadBytes([]byte(fam), "o.toml")
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("got error %v, want one naming %s", err, tc.wantErr)
			}
		})
	}
}
