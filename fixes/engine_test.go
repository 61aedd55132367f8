package fixes

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/elevate"
	"wpsdoctor/platform/proc"
)

// fakeRun records argv and fails the ones named in fail.
type fakeRun struct {
	calls [][]string
	fail  map[string]int
}

func (f *fakeRun) run(_ context.Context, argv []string, _ string) (int, []byte, error) {
	f.calls = append(f.calls, argv)
	if code, ok := f.fail[strings.Join(argv, " ")]; ok {
		return code, []byte("boom"), nil
	}
	return 0, []byte("ok " + argv[0]), nil
}

func execStep(do, undo []string, elevated bool) Step {
	s := Step{Description: health.Msg("fix.dns.step.flush"), Actions: []Action{{Kind: KindExec, Argv: do}}, Elevated: elevated}
	if undo != nil {
		s.Undo = []Action{{Kind: KindExec, Argv: undo}}
	}
	return s
}

func TestElevatedStepsGoThroughTheHelperInOneBatch(t *testing.T) {
	e, _ := newTestEngine(t, &Env{OS: "linux"})
	e.Elevated = false
	fr := &fakeRun{}
	e.Local.Run = fr.run
	var starts [][]string
	helper := &Executor{OS: "linux", Run: fr.run}
	e.Elevator = HelperElevator{Exe: "/usr/bin/wpsdoctor", Start: func(ctx context.Context, exe string, args []string) error {
		starts = append(starts, append([]string{exe}, args...))
		// Play the elevated side in-process over the real file protocol.
		return ServePrivileged(ctx, args[2], args[4], helper)
	}}
	p := Plan{FixID: "t", Steps: []Step{
		execStep([]string{"resolvectl", "flush-caches"}, nil, false),
		execStep([]string{"timedatectl", "set-ntp", "true"}, []string{"timedatectl", "set-ntp", "false"}, true),
		execStep([]string{"systemctl", "restart", "systemd-timesyncd"}, nil, true),
	}}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeApplied {
		t.Fatalf("apply: %v %+v", err, res)
	}
	if len(starts) != 1 || starts[0][1] != "privileged" || starts[0][2] != "--step" || starts[0][4] != "--result" {
		t.Fatalf("two consecutive elevated steps must share one elevation: %q", starts)
	}
	want := [][]string{{"resolvectl", "flush-caches"}, {"timedatectl", "set-ntp", "true"}, {"systemctl", "restart", "systemd-timesyncd"}}
	if !slices.EqualFunc(fr.calls, want, slices.Equal) {
		t.Fatalf("calls %q", fr.calls)
	}
	if res.Steps[2].Output != "ok systemctl" {
		t.Errorf("helper output not carried back: %+v", res.Steps[2])
	}
}

func TestHelperRefusesPerUserAndUnknownWork(t *testing.T) {
	for _, a := range []Action{
		{Kind: KindExec, Argv: []string{"sh", "-c", "id"}},
		{Kind: KindExec, Argv: []string{"/tmp/netsh", "interface"}},
		{Kind: KindExec, Argv: []string{"killall", "-9", "Finder"}},
		{Kind: KindExec, Argv: []string{"networksetup", "-setdnsservers", "Wi-Fi\nrm"}},
		{Kind: KindWriteFile, Path: "/etc/passwd"},
		{Kind: KindWriteFile, Path: "/etc/../etc/shadow"},
		{Kind: KindWriteFile, Path: "/etc/resolv.conf", Data: []byte("nameserver 1.1.1.1\nroot::0:0::/root:/bin/sh\n")},
		{Kind: KindQuarantine, Path: "/home/u/.cache"},
		{Kind: KindCloseApps},
		{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: `SOFTWARE\Microsoft\Windows\CurrentVersion\Run`, Name: "x"}},
	} {
		if err := ValidatePrivileged(a); err == nil {
			t.Errorf("accepted %+v", a)
		}
	}
	for _, a := range []Action{
		{Kind: KindExec, Argv: []string{"netsh", "interface", "ipv4", "set", "dnsservers", "name=12", "source=dhcp"}},
		{Kind: KindWriteFile, Path: "/etc/resolv.conf", Data: []byte("# c\nnameserver 223.5.5.5\nnameserver fe80::1%eth0\nsearch lan\noptions edns0\n")},
		{Kind: KindExec, Argv: []string{"nft", "insert", "rule", "inet", "filter", "output", "tcp", "dport", "{ 80, 443 }", "accept", "comment", "wpsdoctor"}},
	} {
		if err := ValidatePrivileged(a); err != nil {
			t.Errorf("rejected %+v: %v", a, err)
		}
	}
}

func TestCancelledElevationRollsBackAndSaysCancelled(t *testing.T) {
	e, _ := newTestEngine(t, &Env{OS: "linux"})
	e.Elevated = false
	fr := &fakeRun{}
	e.Local.Run = fr.run
	// The user dismisses the prompt: the mechanism says so, the helper
	// never runs, no result file.
	e.Elevator = HelperElevator{Exe: "/x", Start: func(context.Context, string, []string) error { return elevate.ErrCancelled }}
	p := Plan{FixID: "t", Steps: []Step{
		execStep([]string{"resolvectl", "flush-caches"}, []string{"undo-local"}, false),
		execStep([]string{"timedatectl", "set-ntp", "true"}, []string{"timedatectl", "set-ntp", "false"}, true),
	}}
	res, err := e.Apply(context.Background(), p, nil)
	if err != nil || res.Outcome != OutcomeCancelled {
		t.Fatalf("got %v %+v", err, res)
	}
	if !slices.ContainsFunc(fr.calls, func(c []string) bool { return c[0] == "undo-local" }) {
		t.Errorf("the step done before the cancel was not rolled back: %q", fr.calls)
	}
	if !errors.Is(errors.New(res.Error), elevate.ErrCancelled) && !strings.Contains(res.Error, "cancelled") {
		t.Errorf("error %q", res.Error)
	}
}

// TestElevationRefusalsChangeNothing: a prompt refused (polkit or sudo
// says no), no way to ask, or a helper that ran but wrote no result: the
// local step done before is rolled back, the outcome says so, and the
// journal records it.
func TestElevationRefusalsChangeNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		start error
		want  Outcome
	}{
		{"not authorized", elevate.ErrNotAuthorized, OutcomeDenied},
		{"no mechanism", elevate.ErrUnavailable, OutcomeDenied},
		{"no result file", nil, OutcomeRolledBack},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, state := newTestEngine(t, &Env{OS: "linux"})
			e.Elevated = false
			fr := &fakeRun{}
			e.Local.Run = fr.run
			e.Elevator = HelperElevator{Exe: "/x", Start: func(context.Context, string, []string) error { return tt.start }}
			p := Plan{FixID: "t", Steps: []Step{
				execStep([]string{"resolvectl", "flush-caches"}, []string{"undo-local"}, false),
				execStep([]string{"timedatectl", "set-ntp", "true"}, []string{"timedatectl", "set-ntp", "false"}, true),
			}}
			res, err := e.Apply(context.Background(), p, nil)
			if err != nil || res.Outcome != tt.want {
				t.Fatalf("got outcome %q (error %v), want %q", res.Outcome, err, tt.want)
			}
			if !slices.ContainsFunc(fr.calls, func(c []string) bool { return c[0] == "undo-local" }) {
				t.Errorf("got calls %q, want the local step rolled back", fr.calls)
			}
			if tt.start == nil && !strings.Contains(res.Error, "nothing was changed") {
				t.Errorf("got error %q, want it to say nothing was changed", res.Error)
			}
			b, _ := os.ReadFile(filepath.Join(state, "journal.jsonl"))
			if !strings.Contains(string(b), `"outcome":"`+string(tt.want)+`"`) {
				t.Errorf("the journal does not record %q:\n%s", tt.want, b)
			}
		})
	}
}

func TestRefusedPlanChangesNothing(t *testing.T) {
	e, state := newTestEngine(t, &Env{OS: "linux"})
	m := health.Msg("fix.dns.captive")
	_, err := e.Apply(context.Background(), Plan{FixID: "t", Refusal: &m, Steps: []Step{execStep([]string{"x"}, nil, false)}}, nil)
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(filepath.Join(state, "journal.jsonl")); !os.IsNotExist(err) {
		t.Error("journal written for a refused plan")
	}
}

func TestJudge(t *testing.T) {
	f := func(id string, s health.Status) health.Finding { return health.Finding{Check: id, Status: s} }
	ids := []string{"a", "b"}
	before := []health.Finding{f("a", health.StatusFail), f("b", health.StatusFail)}
	cases := []struct {
		after []health.Finding
		want  Outcome
	}{
		{[]health.Finding{f("a", health.StatusOK), f("b", health.StatusInfo)}, OutcomeFixed},
		{[]health.Finding{f("a", health.StatusOK), f("b", health.StatusFail)}, OutcomePartly},
		{[]health.Finding{f("a", health.StatusWarn), f("b", health.StatusFail)}, OutcomePartly},
		{[]health.Finding{f("a", health.StatusFail), f("b", health.StatusFail)}, OutcomeNotFixed},
		{nil, OutcomeApplied},
	}
	for i, c := range cases {
		if got := judge(ids, before, c.after); got != c.want {
			t.Errorf("case %d: %s, want %s", i, got, c.want)
		}
	}
}

func TestVerifyRunsAfterApply(t *testing.T) {
	e, _ := newTestEngine(t, &Env{OS: "linux"})
	e.Local.Run = (&fakeRun{}).run
	calls := 0
	e.Verify = func(_ context.Context, ids []string) []health.Finding {
		calls++
		st := health.StatusFail
		if calls > 1 {
			st = health.StatusOK
		}
		return []health.Finding{{Check: ids[0], Status: st}}
	}
	res, err := e.Apply(context.Background(), Plan{FixID: "t", Verify: []string{"dns.resolve"}, Steps: []Step{execStep([]string{"x"}, nil, false)}}, nil)
	if err != nil || res.Outcome != OutcomeFixed || res.Before[0].Status != health.StatusFail || res.After[0].Status != health.StatusOK {
		t.Fatalf("%v %+v", err, res)
	}
	if en, _ := e.Entry(res.EntryID); en.State != "verified" || en.Outcome != OutcomeFixed || en.Pending() {
		t.Errorf("journal %+v", en)
	}
}

// Every message a plan can carry exists in both languages.
func TestPlanMessagesAreTranslated(t *testing.T) {
	en, err := i18n.Table("en")
	if err != nil {
		t.Fatal(err)
	}
	zh, _ := i18n.Table("zh-CN")
	src, _ := filepathGlobGo()
	for _, key := range src {
		if _, ok := en[key]; !ok {
			t.Errorf("missing en key %q", key)
		}
		if _, ok := zh[key]; !ok {
			t.Errorf("missing zh-CN key %q", key)
		}
	}
	for _, f := range Catalogue() {
		for _, k := range []string{f.Title.Key, f.Description.Key} {
			if en[k] == "" || zh[k] == "" {
				t.Errorf("%s: %q untranslated", f.ID, k)
			}
		}
	}
}

// filepathGlobGo collects the literal message keys used in this package.
func filepathGlobGo() ([]string, error) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, part := range strings.Split(string(b), `"fix.`)[1:] {
			k := "fix." + part[:strings.IndexByte(part, '"')]
			if !strings.HasSuffix(k, ".") && !strings.Contains(k, " ") {
				keys = append(keys, k)
			}
		}
	}
	return keys, nil
}

// TestJournalSurvivesKill runs a plan in a subprocess, kills it with
// SIGKILL between steps, then finds the entry pending and undoes it.
func TestJournalSurvivesKill(t *testing.T) {
	if os.Getenv("WPSD_KILL_HELPER") != "" {
		killHelper()
		return
	}
	env, home := linuxCacheEnv(t)
	before := snapshot(t, home)
	state := t.TempDir()
	mark := filepath.Join(t.TempDir(), "mark")
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalSurvivesKill$")
	cmd.Env = append(os.Environ(), "WPSD_KILL_HELPER=1", "WPSD_HOME="+home, "WPSD_STATE="+state, "WPSD_MARK="+mark)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(mark); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("helper never reached the blocking step")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	e, err := NewEngine(state, env)
	if err != nil {
		t.Fatal(err)
	}
	e.Elevated = true
	pend, err := e.Pending()
	if err != nil || len(pend) != 1 {
		t.Fatalf("pending after kill: %v %+v", err, pend)
	}
	en := pend[0]
	if en.State != "in_progress" || len(en.Done) == 0 || slices.Contains(en.Done, len(en.Plan.Steps)-1) {
		t.Fatalf("entry: %+v", en)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d == "" {
		t.Fatal("the killed run changed nothing; the test proves nothing")
	}
	res, err := e.Undo(context.Background(), en.ID, nil)
	if err != nil || res.Outcome != OutcomeUndone {
		t.Fatalf("undo: %v %+v", err, res)
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("tree differs after undo:\n%s", d)
	}
	if pend, _ := e.Pending(); len(pend) != 0 {
		t.Errorf("still pending: %+v", pend)
	}
}

// killHelper applies a cache-clear plan with a step in the middle that
// signals the parent and blocks, so the parent kills us between steps.
func killHelper() {
	home := os.Getenv("WPSD_HOME")
	in := wpsDiscoverLinux(home)
	env := &Env{OS: "linux", Home: home, Install: func() (wpsInstall, error) { return in, nil }}
	e, err := NewEngine(os.Getenv("WPSD_STATE"), env)
	if err != nil {
		os.Exit(3)
	}
	e.Elevated = true
	p, err := e.Plan(context.Background(), health.FixCacheClear)
	if err != nil || len(p.Steps) < 2 {
		os.Exit(4)
	}
	block := Step{Description: p.Steps[0].Description, Actions: []Action{{Kind: KindExec,
		// It blocks while the mark exists: the parent's temporary directory
		// going away ends it, so no sleeper outlives the test (holding its
		// stdout, or a lock the test run was started under).
		Argv: []string{"sh", "-c", `touch "$0" && while [ -e "$0" ]; do sleep 0.2; done`, os.Getenv("WPSD_MARK")}}}}
	mid := len(p.Steps) / 2
	p.Steps = append(p.Steps[:mid], append([]Step{block}, p.Steps[mid:]...)...)
	_, _ = e.Apply(context.Background(), p, nil)
	os.Exit(5) // never reached: the parent kills us first
}

// WPS that does not close (it is asking about unsaved work) fails the
// step; nothing is moved and nothing is killed.
func TestCloseStepWaitsAndNeverKills(t *testing.T) {
	env, home := linuxCacheEnv(t)
	before := snapshot(t, home)
	running := []proc.Process{{PID: 4242, Name: "wpscloudsvr"}} // holds files open, no documents
	env.Processes = func(context.Context) ([]proc.Process, error) { return running, nil }
	e, _ := newTestEngine(t, env)
	e.Local.CloseTimeout = 5 * time.Millisecond
	fr := &fakeRun{}
	e.Local.Run = fr.run
	p, err := e.Plan(context.Background(), health.FixCacheClear)
	if err != nil || p.Refusal != nil {
		t.Fatalf("plan %v %+v", err, p.Refusal)
	}
	res, _ := e.Apply(context.Background(), p, nil)
	if res.Outcome != OutcomeRolledBack || !strings.Contains(res.Error, "still running") || !slices.ContainsFunc(fr.calls, func(c []string) bool { return slices.Equal(c, []string{"kill", "-TERM", "4242"}) }) {
		t.Fatalf("outcome %s %q", res.Outcome, res.Error)
	}
	for _, c := range fr.calls {
		if slices.Contains(c, "/F") || slices.Contains(c, "-9") || slices.Contains(c, "-KILL") {
			t.Fatalf("killed: %q", c)
		}
	}
	if d := diffSnapshots(before, snapshot(t, home)); d != "" {
		t.Fatalf("files moved although WPS stayed open:\n%s", d)
	}
	// WPS closes when asked: the plan goes through.
	env.Processes = func(context.Context) ([]proc.Process, error) {
		if len(fr.calls) > 1 {
			return nil, nil
		}
		return running, nil
	}
	e.Local.Processes = env.Processes
	if res, _ = e.Apply(context.Background(), p, nil); res.Outcome != OutcomeApplied {
		t.Fatalf("outcome %s %q", res.Outcome, res.Error)
	}
}
