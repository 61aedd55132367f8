package product

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"

	"wpsdoctor/guide"
	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

func TestFamilyOf(t *testing.T) {
	cases := []struct {
		name   string
		in     wps.Install
		signIn wps.SignIn
		want   string
	}{
		{"signed-in account wins", wps.Install{Family: wps.FamilyInternational}, wps.SignIn{Family: wps.FamilyMainland}, "mainland"},
		{"else the edition's", wps.Install{Family: wps.FamilyInternational}, wps.SignIn{}, "international"},
		{"edition code", wps.Install{Edition: wps.EditionMainland}, wps.SignIn{}, "mainland"},
		{"neither", wps.Install{}, wps.SignIn{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := health.NewEnv(nil, "")
			health.Provide(env, func() (wps.Install, error) { return c.in, nil })
			health.Provide(env, func() (wps.SignIn, error) { return c.signIn, nil })
			if got := familyOf(env); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestRunChecksRunsOnlyTheSymptomsChecks(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	mk := func(id string, deps ...string) health.Check {
		return health.Check{ID: id, Area: health.AreaRunner, DependsOn: deps,
			Run: func(context.Context, *health.Env) health.Finding {
				mu.Lock()
				ran = append(ran, id)
				mu.Unlock()
				return health.OK("X", health.Msg("tray.status.healthy"))
			}}
	}
	p, err := Open(Options{Program: "wpsdoctor-tray", Version: "v", GOOS: "linux", Getenv: env(map[string]string{"HOME": t.TempDir()})})
	if err != nil {
		t.Fatal(err)
	}
	p.checks = []health.Check{mk("root"), mk("asked", "root"), mk("other")}
	rep, _, err := p.RunChecks(context.Background(), []string{"asked"}, "en")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ran)
	if got := strings.Join(ran, ","); got != "asked,root" || len(rep.Findings) != 2 || rep.Findings[0].Text == "" {
		t.Fatalf("got ran %s, %d localized findings; want asked,root and 2", got, len(rep.Findings))
	}
	if _, _, err := p.RunChecks(context.Background(), nil, "en"); !errors.Is(err, errNoChecks) {
		t.Errorf("got %v for no checks, want errNoChecks (never the whole catalogue)", err)
	}
	if pages := p.GuidePages(); pages["mainland"][guide.LinkDownload] != "https://linux.wps.cn/" {
		t.Errorf("got pages %v, want the mainland Linux download page", pages)
	}
}
