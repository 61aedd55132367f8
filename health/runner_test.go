package health

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func ok(id string, deps ...string) Check {
	return Check{ID: id, Area: AreaNetwork, DependsOn: deps, Run: func(context.Context, *Env) Finding {
		return OK("T-1", Msg("t.ok"))
	}}
}

func TestValidate(t *testing.T) {
	cases := map[string][]Check{
		"duplicate": {ok("a"), ok("a")},
		"unknown":   {ok("a", "nope")},
		"cycle":     {ok("a", "b"), ok("b", "a")},
		"empty":     {{ID: "", Run: ok("x").Run}},
	}
	for name, cs := range cases {
		if err := Validate(cs); err == nil {
			t.Errorf("%s: Validate accepted a bad catalogue", name)
		}
	}
	if err := Validate([]Check{ok("a"), ok("b", "a"), ok("c", "b")}); err != nil {
		t.Fatal(err)
	}
}

func TestRunnerConcurrentAndOrdered(t *testing.T) {
	// Three checks that each wait for all three to have started: only a
	// concurrent runner finishes them.
	var started atomic.Int32
	all := make(chan struct{})
	wait := func(ctx context.Context, _ *Env) Finding {
		if started.Add(1) == 3 {
			close(all)
		}
		select {
		case <-all:
			return OK("T-1", Msg("t.ok"))
		case <-ctx.Done():
			return Fail("T-2", Msg("t.serial"))
		}
	}
	cs := []Check{
		{ID: "files.x", Area: AreaFiles, Run: wait},
		{ID: "install.x", Area: AreaInstall, Run: wait},
		{ID: "net.x", Area: AreaNetwork, Run: wait},
	}
	r := Runner{Checks: cs, DefaultTimeout: 5 * time.Second}
	fs := r.Run(context.Background(), nil)
	var ids []string
	for _, f := range fs {
		if f.Status != StatusOK {
			t.Errorf("%s: %s (checks did not run concurrently)", f.Check, f.Status)
		}
		ids = append(ids, f.Check)
	}
	if got := strings.Join(ids, ","); got != "install.x,net.x,files.x" {
		t.Errorf("order = %s, want area order", got)
	}
}

func TestRunnerPanicAndHang(t *testing.T) {
	cs := []Check{
		{ID: "boom", Area: AreaRunner, Run: func(context.Context, *Env) Finding { panic("kaboom") }},
		{ID: "hang", Area: AreaRunner, Timeout: 100 * time.Millisecond, Run: func(context.Context, *Env) Finding {
			select {} // ignores ctx entirely
		}},
		{ID: "polite", Area: AreaRunner, Timeout: 100 * time.Millisecond, Run: func(ctx context.Context, _ *Env) Finding {
			<-ctx.Done()
			return Errorf("T-9", Msg("t.own_timeout"))
		}},
	}
	fs := (&Runner{Checks: cs}).Run(context.Background(), nil)
	got := map[string]Finding{}
	for _, f := range fs {
		got[f.Check] = f
	}
	if f := got["boom"]; f.Status != StatusError || f.Code != CodePanic || f.Message.Args["error"] != "kaboom" {
		t.Errorf("panic finding = %+v", f)
	}
	if f := got["hang"]; f.Status != StatusError || f.Code != CodeTimeout {
		t.Errorf("hang finding = %+v", f)
	}
	if f := got["polite"]; f.Code != "T-9" {
		t.Errorf("a check that honours ctx should keep its own finding, got %+v", f)
	}
}

func TestRunnerSuppressesDependantsAndCancelsThem(t *testing.T) {
	var cancelled atomic.Bool
	cs := []Check{
		{ID: "net.online", Area: AreaNetwork, Run: func(context.Context, *Env) Finding {
			return Fail("T-OFF", Msg("t.offline"))
		}},
		{ID: "dns", Area: AreaDNS, DependsOn: []string{"net.online"}, Timeout: 10 * time.Second,
			Run: func(ctx context.Context, _ *Env) Finding {
				select {
				case <-ctx.Done():
					cancelled.Store(true)
					return Errorf("T-X", Msg("t.cancelled"))
				case <-time.After(5 * time.Second):
					return Fail("T-DNS", Msg("t.dns"))
				}
			}},
		{ID: "tls", Area: AreaNetwork, DependsOn: []string{"dns"}, Run: func(context.Context, *Env) Finding {
			return Fail("T-TLS", Msg("t.tls")) // finishes before its root: still suppressed
		}},
		{ID: "clock", Area: AreaClock, Run: func(context.Context, *Env) Finding { return Warn("T-CLK", Msg("t.clock")) }},
	}
	if err := Validate(cs); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	fs := (&Runner{Checks: cs}).Run(context.Background(), nil)
	if !cancelled.Load() {
		t.Error("dependant of a failed root was not cancelled")
	}
	if time.Since(start) > 4*time.Second {
		t.Error("dependant ran to its own timeout instead of being cancelled")
	}
	got := map[string]Finding{}
	for _, f := range fs {
		got[f.Check] = f
	}
	for _, id := range []string{"dns", "tls"} {
		if f := got[id]; f.Status != StatusSkipped || f.SuppressedBy != "net.online" || f.Code != CodeSuppressed {
			t.Errorf("%s = %+v, want skipped by net.online", id, f)
		}
	}
	if got["clock"].Status != StatusWarn {
		t.Errorf("independent check changed: %+v", got["clock"])
	}
	if o := Overall(fs); o != StatusFail {
		t.Errorf("overall = %s", o)
	}
}

func TestRunnerDeadlineAndCancel(t *testing.T) {
	slow := Check{ID: "slow", Area: AreaRunner, Timeout: time.Minute, Run: func(ctx context.Context, _ *Env) Finding {
		<-ctx.Done()
		return Errorf("T-LATE", Msg("t.late"))
	}}
	fs := (&Runner{Checks: []Check{slow}, Deadline: 100 * time.Millisecond}).Run(context.Background(), nil)
	if fs[0].Code != "T-LATE" || fs[0].DurationMS > 5000 {
		t.Errorf("deadline not applied: %+v", fs[0])
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	hang := Check{ID: "hang", Area: AreaRunner, Run: func(context.Context, *Env) Finding { select {} }}
	fs = (&Runner{Checks: []Check{hang}}).Run(ctx, nil)
	if fs[0].Code != CodeCancelled {
		t.Errorf("cancelled run = %+v", fs[0])
	}
}

func TestSelectPullsDependencies(t *testing.T) {
	cs := []Check{ok("a"), ok("b", "a"), ok("c", "b"), ok("d")}
	sel, err := Select(cs, []string{"c"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range sel {
		ids = append(ids, c.ID)
	}
	if strings.Join(ids, ",") != "a,b,c" {
		t.Errorf("Select = %v", ids)
	}
	if _, err := Select(cs, []string{"zzz"}); err == nil || !strings.Contains(err.Error(), "zzz") {
		t.Errorf("unknown ID error = %v", err)
	}
}

func TestOverall(t *testing.T) {
	mk := func(ss ...Status) []Finding {
		var fs []Finding
		for _, s := range ss {
			fs = append(fs, Finding{Status: s})
		}
		return fs
	}
	cases := []struct {
		in   []Finding
		want Status
	}{
		{mk(StatusOK, StatusInfo, StatusSkipped), StatusOK},
		{mk(StatusOK, StatusWarn), StatusWarn},
		{mk(StatusOK, StatusError), StatusWarn},
		{mk(StatusWarn, StatusFail, StatusError), StatusFail},
		{nil, StatusOK},
	}
	for i, c := range cases {
		if got := Overall(c.in); got != c.want {
			t.Errorf("case %d: got overall %s, want %s", i, got, c.want)
		}
	}
}

func TestTopPrefersFixable(t *testing.T) {
	fs := []Finding{
		{Check: "a", Status: StatusWarn},
		{Check: "b", Status: StatusFail},
		{Check: "c", Status: StatusFail, Fixes: []string{"clock.sync"}},
		{Check: "d", Status: StatusOK},
	}
	top, found := Top(fs)
	if !found || top.Check != "c" {
		t.Errorf("Top = %+v", top)
	}
	if _, found := Top(fs[3:]); found {
		t.Error("Top found a problem among OK findings")
	}
}
