package local

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/health/wording"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/secsoft"
)

func secEnv(d secsoft.Detected, err error) *health.Env {
	return health.With(health.NewEnv(nil, ""), func() (secsoft.Detected, error) { return d, err })
}

func TestSecurityCheck(t *testing.T) {
	for _, c := range []struct {
		name     string
		d        secsoft.Detected
		err      error
		code     string
		en, zh   string
		products int
	}{
		{"found", secsoft.Detected{Products: []secsoft.Found{{ID: "huorong", Name: "HipsTray.exe", Source: "process"}, {Name: "Contoso Shield", Source: "wmi"}}},
			nil, CodeSecurityFound, "Huorong Internet Security, Contoso Shield", "火绒安全软件, Contoso Shield", 2},
		{"none", secsoft.Detected{Products: []secsoft.Found{}}, nil, CodeSecurityNone, "No known antivirus", "没有发现", 0},
		{"unreadable", secsoft.Detected{Errors: []string{"security center: exit 1", "processes: denied"}}, nil, CodeSecurityUnknown, "security center: exit 1", "无法确定", 0},
		{"fact failed", secsoft.Detected{}, errors.New("boom"), CodeSecurityUnknown, "boom", "boom", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := checkSecurity(context.Background(), secEnv(c.d, c.err))
			if f.Code != c.code {
				t.Fatalf("got %s %s, want %s", f.Code, f.Message.Key, c.code)
			}
			if en := i18n.T("en", f.Message.Key, f.Message.Args); !strings.Contains(en, c.en) {
				t.Errorf("en: got %q, want it to contain %q", en, c.en)
			}
			if zh := i18n.T("zh-CN", f.Message.Key, f.Message.Args); !strings.Contains(zh, c.zh) {
				t.Errorf("zh-CN: got %q, want it to contain %q", zh, c.zh)
			}
			if ps, _ := f.Evidence["products"].([]secsoft.Found); len(ps) != c.products {
				t.Errorf("got %d products in the evidence, want %d", len(ps), c.products)
			}
		})
	}
}

// TestNameSecurityInBothLanguages: a blocked or intercepted finding names
// the product and gives its steps, in en and zh-CN, from a live and from
// a saved (JSON) security finding.
func TestNameSecurityInBothLanguages(t *testing.T) {
	sec := checkSecurity(context.Background(), secEnv(secsoft.Detected{Products: []secsoft.Found{
		{ID: "defender", Name: "Windows Defender", Source: "wmi"}, {ID: "kaspersky", Name: "Kaspersky Internet Security", Source: "wmi", Active: true}}}, nil))
	b, _ := json.Marshal(sec)
	var saved health.Finding
	if err := json.Unmarshal(b, &saved); err != nil {
		t.Fatal(err)
	}
	intercept := health.Fail("WSD-TLS-002", health.Msg("net.tls.intercepted", "endpoints", []string{"drive.wps.cn:443"}, "issuer", "Kaspersky Anti-Virus Personal Root Certificate")).
		Suggest(health.FixFirewall)
	for name, s := range map[string]health.Finding{"live": sec, "saved": saved} {
		t.Run(name, func(t *testing.T) {
			got := NameSecurity(intercept, s)
			if got.Code != "WSD-TLS-002" || got.Status != health.StatusFail || len(got.Fixes) != 1 {
				t.Fatalf("got %s %s %v, want the code, status and fixes kept", got.Code, got.Status, got.Fixes)
			}
			if p, _ := got.Evidence["security_product"].(secsoft.Found); p.ID != "kaspersky" {
				t.Errorf("got evidence product %+v, want kaspersky (third party before Defender)", got.Evidence["security_product"])
			}
			for lang, want := range map[string][]string{
				"en":    {"drive.wps.cn:443", "Kaspersky is installed on this computer", "Manage exclusions", "Allow WPS in it"},
				"zh-CN": {"drive.wps.cn:443", "本机装有卡巴斯基", "管理排除项", "请在其中放行 WPS"},
			} {
				text := i18n.T(lang, got.Message.Key, got.Message.Args)
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("[%s] got %q, want it to contain %q", lang, text, w)
					}
				}
			}
			if p := wording.Problems(got); len(p) > 0 {
				t.Errorf("wording: %v", p)
			}
		})
	}
	// No product, or an ok finding: unchanged.
	none := checkSecurity(context.Background(), secEnv(secsoft.Detected{Products: []secsoft.Found{}}, nil))
	if got := NameSecurity(intercept, none); got.Message.Key != "net.tls.intercepted" {
		t.Errorf("without a product got %s, want the finding unchanged", got.Message.Key)
	}
	ok := health.OK("WSD-TLS-001", health.Msg("net.tls.ok"))
	if got := NameSecurity(ok, sec); got.Message.Key != "net.tls.ok" {
		t.Errorf("an ok finding got %s, want it unchanged", got.Message.Key)
	}
}

// TestEveryProductHasWordsInBothLanguages: the catalogue's products have
// a name and steps in en and zh-CN.
func TestEveryProductHasWordsInBothLanguages(t *testing.T) {
	for _, lang := range i18n.Languages {
		table, err := i18n.Table(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range secsoft.Known() {
			for _, k := range []string{i18n.MemberKey(i18n.MemberKey("secsoft", p.ID), "name"), i18n.MemberKey(i18n.MemberKey("secsoft", p.ID), "steps")} {
				if table[k] == "" {
					t.Errorf("%s: got no %q, want every product named and its steps given", lang, k)
				}
			}
		}
	}
}
