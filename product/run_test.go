package product

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"

	"wpsdoctor/health"
)

func TestRunLight(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	mk := func(id string, light bool, deps ...string) health.Check {
		return health.Check{ID: id, Area: health.AreaRunner, Light: light, DependsOn: deps,
			Run: func(context.Context, *health.Env) health.Finding {
				mu.Lock()
				ran = append(ran, id)
				mu.Unlock()
				return health.OK("X", health.Msg("tray.status.healthy"))
			}}
	}
	p, err := Open(Options{Program: "wpsdoctor-tray", Version: "v", Getenv: env(map[string]string{"HOME": t.TempDir()})})
	if err != nil {
		t.Fatal(err)
	}
	p.checks = []health.Check{mk("root", false), mk("cheap", true, "root"), mk("heavy", false)}
	r, err := p.Run(context.Background(), true, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ran)
	if got, want := strings.Join(ran, ","), "cheap,root"; got != want {
		t.Fatalf("light run ran %s, want %s (the light check and its dependency only)", got, want)
	}
	if r.Lang != "zh-CN" || r.Findings[0].Text != "WPS 同步可以正常工作" || r.Tool.Version != "v" {
		t.Fatalf("report %+v, want it in zh-CN from version v", r)
	}
}
