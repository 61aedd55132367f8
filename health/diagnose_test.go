package health

import (
	"context"
	"strings"
	"testing"
)

func TestDiagnoseSelectsAndLocalizes(t *testing.T) {
	all := []Check{ok("root"), ok("dep", "root"), {ID: "light", Area: AreaFiles, Light: true, DependsOn: []string{"root"},
		Run: func(context.Context, *Env) Finding { return Warn("T-W", Msg("t.warn", "n", 3)) }}}
	rep, err := Diagnose(context.Background(), all, nil, Options{Light: true, Tool: Tool{Name: "x"}, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Check)
	}
	if strings.Join(ids, ",") != "root,light" || rep.Overall != StatusWarn || rep.Host.OS == "" {
		t.Fatalf("light run = %v overall %s host %+v", ids, rep.Overall, rep.Host)
	}
	rep.Localize("zh-CN", func(lang, key string, args map[string]any) string { return lang + ":" + key })
	if rep.Lang != "zh-CN" || rep.Findings[1].Text != "zh-CN:t.warn" {
		t.Errorf("localize: %+v", rep.Findings[1])
	}
	if _, err := Diagnose(context.Background(), all, nil, Options{Only: []string{"nope"}}); err == nil {
		t.Error("unknown check accepted")
	}
}

func TestVerifyReturnsOnlyNamedChecks(t *testing.T) {
	all := []Check{ok("root"), ok("dep", "root")}
	fs := Verify(context.Background(), all, nil, []string{"dep", "not.in.this.build"})
	if len(fs) != 1 || fs[0].Check != "dep" || fs[0].Status != StatusOK {
		t.Fatalf("Verify = %+v", fs)
	}
	if Verify(context.Background(), all, nil, []string{"unknown"}) != nil {
		t.Error("unknown-only verify should return nothing")
	}
}
