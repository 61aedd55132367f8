//go:build e2e && linux

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/health/network"
	"wpsdoctor/platform/sqlitefile/sqlitecli"
)

// The account side of issue 16 in the world: WPS's own servers failing
// (items 5), a sign-in provider black-holed (item 6), and a fake home
// with the client's sync database and account folders (items 1-3).

// Sign-in provider test hosts: IP literals in TEST-NET-2 that topology.go
// leaves free, served by a second nginx with a certificate for the
// addresses from the harness's own providers CA (added to the doctor's
// SSL_CERT_FILE), so the shared world stays as it is.
var testProviders = []struct{ family, id, addr string }{
	{"mainland", "wechat", "198.51.100.30"},
	{"mainland", "qq", "198.51.100.31"},
	{"international", "google", "198.51.100.32"},
}

const srvProviders = "nginx-providers"

// providerWorld is what TestAccountScenarios adds to the world.
type providerWorld struct {
	override string // the world's catalogue override with the providers
	certFile string // the world's CA and the providers CA
}

// addProviders configures the provider addresses in the cloud namespace,
// serves them and writes the override; undo removes all of it.
func addProviders(w *world) (pw providerWorld, undo func(), err error) {
	dir := filepath.Join(w.dir, "providers")
	var addrs []string
	undo = func() {
		if p := w.procs[srvProviders]; p != nil {
			p.stop()
			delete(w.procs, srvProviders)
		}
		for _, a := range addrs {
			_ = run("ip", "-n", CloudNS, "addr", "del", a+"/32", "dev", CloudIf)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return pw, undo, err
	}
	for _, p := range testProviders {
		if err := run("ip", "-n", CloudNS, "addr", "add", p.addr+"/32", "dev", CloudIf); err != nil {
			return pw, undo, err
		}
		addrs = append(addrs, p.addr)
	}
	conf, err := providerFiles(w, dir, addrs)
	if err != nil {
		return pw, undo, err
	}
	pw = providerWorld{override: filepath.Join(dir, "endpoints.toml"), certFile: filepath.Join(dir, "ca-bundle.pem")}
	if err := os.WriteFile(pw.override, []byte(Override()+providersTOML()), 0o644); err != nil {
		return pw, undo, err
	}
	p, err := w.start(srvProviders, CloudNS, NginxArgv(conf, dir, "")...)
	if err != nil {
		return pw, undo, err
	}
	for _, a := range addrs {
		if err := waitListen(p, "tcp", a+":443"); err != nil {
			return pw, undo, err
		}
	}
	return pw, undo, nil
}

// providerFiles writes the providers' certificate, the CA bundle and the
// nginx configuration; it returns the configuration's path.
func providerFiles(w *world, dir string, addrs []string) (string, error) {
	ca, err := NewCA("wpsdoctor e2e sign-in providers")
	if err != nil {
		return "", err
	}
	chain, key, err := issue(ca, addrs, time.Now())
	if err != nil {
		return "", err
	}
	worldCA, err := os.ReadFile(w.caFile)
	if err != nil {
		return "", err
	}
	cert, keyFile := filepath.Join(dir, "providers.crt"), filepath.Join(dir, "providers.key")
	for f, b := range map[string][]byte{cert: chain, keyFile: key, filepath.Join(dir, "ca-bundle.pem"): append(worldCA, ca.PEM()...)} {
		if err := os.WriteFile(f, b, 0o600); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "worker_processes 1;\npid %s;\nerror_log %s warn;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n",
		filepath.Join(dir, "nginx.pid"), filepath.Join(dir, "error.log"))
	for _, t := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(&b, "  %s_temp_path %s;\n", t, filepath.Join(dir, "tmp", t))
	}
	for _, a := range addrs {
		fmt.Fprintf(&b, "  server {\n    listen %s:443 ssl;\n    ssl_certificate %s;\n    ssl_certificate_key %s;\n    location / { return 200 \"sign-in ok\\n\"; }\n  }\n",
			a, cert, keyFile)
	}
	b.WriteString("}\n")
	conf := filepath.Join(dir, "nginx.conf")
	return conf, os.WriteFile(conf, []byte(b.String()), 0o644)
}

// providersTOML adds the test providers to the override's families.
func providersTOML() string {
	var b strings.Builder
	for _, p := range testProviders {
		fmt.Fprintf(&b, "\n[[families.%s.signin_providers]]\nid = %q\nhost = %q\n", p.family, p.id, p.addr)
	}
	return b.String()
}

// accountScenario is a scenario with its own catalogue override and
// environment, and assertions beyond judge's.
type accountScenario struct {
	scenario
	providers bool                                        // use the override with the providers
	extra     func(rep health.Report) (problems []string) // further assertions
}

// loginAnswer makes the world's sign-in host answer with nginx directives.
func loginAnswer(directives string) func(w *world) error {
	return func(w *world) error {
		s := w.healthySite()
		s.LoginAnswer = directives
		return w.setNginx(s, "")
	}
}

func accountScenarios() []accountScenario {
	return []accountScenario{
		{scenario: scenario{
			name:    "login host answers 503",
			break_:  loginAnswer(`return 503 "busy\n";`),
			overall: health.StatusWarn, root: network.IDServers, status: health.StatusWarn,
			codes: []string{network.CodeServersError},
		}, extra: textHas(network.IDServers, "try later", LoginHost)},
		{scenario: scenario{
			name:    "login host answers 503 with Retry-After",
			break_:  loginAnswer(`add_header Retry-After 600 always; return 503 "back soon\n";`),
			overall: health.StatusWarn, root: network.IDServers, status: health.StatusWarn,
			codes: []string{network.CodeServersMaintenance},
		}},
		{scenario: scenario{
			name: "login host answers a maintenance page",
			break_: loginAnswer(`default_type text/html; return 200 "<html><head><title>系统维护中</title></head>` +
				`<body><h1>系统升级维护，请稍后再试</h1></body></html>";`),
			overall: health.StatusWarn, root: network.IDServers, status: health.StatusWarn,
			codes: []string{network.CodeServersMaintenance},
		}, extra: textHas(network.IDServers, "try later", LoginHost)},
		{scenario: scenario{
			name:    "sign-in providers all reachable",
			break_:  func(*world) error { return nil },
			overall: health.StatusOK, complete: true,
			require: map[string]string{network.IDSignin: network.CodeSigninOK, network.IDServers: network.CodeServersOK},
		}, providers: true},
		{scenario: scenario{
			name:    "one sign-in provider black-holed",
			break_:  cloudNFT("ip daddr " + testProviders[1].addr + " tcp dport 443 drop"),
			overall: health.StatusWarn, root: network.IDSignin, status: health.StatusWarn,
			codes: []string{network.CodeSigninBlocked},
		}, providers: true, extra: func(rep health.Report) []string {
			return append(blockedAre(rep, []string{"qq"}), textHas(network.IDSignin, "QQ sign-in is blocked on this network", "phone number or e-mail")(rep)...)
		}},
		// When WPS itself cannot be reached, neither check adds to the
		// connection checks' diagnosis.
		{scenario: scenario{
			name:    "443 dropped on the network, with providers",
			break_:  cloudNFT("tcp dport 443 drop"),
			overall: health.StatusFail, root: network.IDTCP, status: health.StatusFail,
			codes: []string{network.CodeTCPFiltered}, noFixes: []string{health.FixFirewall},
			require: map[string]string{network.IDSignin: health.CodeSuppressed, network.IDServers: network.CodeServersUnknown},
		}, providers: true},
		{scenario: scenario{
			name:    "TLS interception, with providers",
			break_:  func(w *world) error { return w.setNginx(w.siteWith("evil", false), "") },
			overall: health.StatusFail, root: network.IDTLS, status: health.StatusFail,
			codes:   []string{network.CodeTLSIntercept},
			require: map[string]string{network.IDSignin: health.CodeSuppressed, network.IDServers: network.CodeServersUnknown},
		}, providers: true},
	}
}

// textHas demands that check's text contains every one of parts.
func textHas(check string, parts ...string) func(rep health.Report) []string {
	return func(rep health.Report) []string {
		f, ok := findingOf(rep, check)
		if !ok {
			return []string{"no finding of " + check}
		}
		var problems []string
		for _, p := range parts {
			if !strings.Contains(f.Text, p) {
				problems = append(problems, fmt.Sprintf("%s text %q, want it to contain %q", check, f.Text, p))
			}
		}
		return problems
	}
}

// blockedAre compares net.signin_providers' blocked providers with want.
func blockedAre(rep health.Report, want []string) []string {
	f, ok := findingOf(rep, network.IDSignin)
	if !ok {
		return []string{"no finding of " + network.IDSignin}
	}
	var got []string
	b, _ := json.Marshal(f.Evidence["blocked"])
	_ = json.Unmarshal(b, &got)
	if !slices.Equal(got, want) {
		return []string{fmt.Sprintf("blocked providers %v, want %v", got, want)}
	}
	return nil
}

func findingOf(rep health.Report, check string) (health.Finding, bool) {
	i := slices.IndexFunc(rep.Findings, func(f health.Finding) bool { return f.Check == check })
	if i < 0 {
		return health.Finding{}, false
	}
	return rep.Findings[i], true
}

// checkWith runs `wpsdoctor check --json` on the network checks with
// override and extra environment, holding the exit code to the README.
func (w *world) checkWith(ctx context.Context, override string, env []string, only string) (health.Report, error) {
	r := w.doctor(ctx, env, "--lang", "en", "--json", "--config", override, "check", "--only", only)
	var rep health.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		return rep, fmt.Errorf("exit %d, no JSON report: %v\nstderr: %s\nstdout: %.400s", r.code, err, r.stderr, r.stdout)
	}
	if want := readmeExitCode[rep.Overall]; r.code != want {
		return rep, fmt.Errorf("exit code %d does not match overall %q (want %d)", r.code, rep.Overall, want)
	}
	return rep, nil
}

// TestAccountScenarios: WPS's servers failing and a blocked sign-in
// provider, judged like TestScenarios.
func TestAccountScenarios(t *testing.T) {
	if theWorld == nil {
		t.Skip("e2e world not running: " + skipWhy)
	}
	w := theWorld
	pw, undo, err := addProviders(w)
	defer undo()
	if err != nil {
		t.Fatalf("cannot add the sign-in providers: %v", err)
	}
	ctx := context.Background()
	passed, failed := 0, 0
	for _, sc := range accountScenarios() {
		start := time.Now()
		problems, seen := runAccountScenario(ctx, w, pw, sc)
		verdict := "PASS"
		if len(problems) > 0 {
			verdict = "FAIL"
			failed++
			t.Errorf("%s: %s", sc.name, strings.Join(problems, "; "))
		} else {
			passed++
		}
		fmt.Printf("%s  %-44s %5.1fs  %s\n", verdict, sc.name, time.Since(start).Seconds(), seen)
		if err := w.heal(); err != nil {
			t.Fatalf("cannot heal the world after %q: %v", sc.name, err)
		}
	}
	fmt.Printf("account scenarios: %d passed, %d failed\n", passed, failed)
}

func runAccountScenario(ctx context.Context, w *world, pw providerWorld, sc accountScenario) (problems []string, seen string) {
	if err := sc.break_(w); err != nil {
		return []string{"cannot inject the fault: " + err.Error()}, ""
	}
	override, env := w.override, sc.env
	if sc.providers {
		override, env = pw.override, append(slices.Clone(env), "SSL_CERT_FILE="+pw.certFile)
	}
	rep, err := w.checkWith(ctx, override, env, networkCheckIDs())
	if err != nil {
		return []string{err.Error()}, ""
	}
	problems, seen = judge(sc.scenario, rep)
	if sc.extra != nil {
		problems = append(problems, sc.extra(rep)...)
	}
	if os.Getenv("E2E_EVIDENCE") != "" {
		for _, id := range []string{network.IDServers, network.IDSignin} {
			if f, ok := findingOf(rep, id); ok {
				ev, _ := json.Marshal(f.Evidence)
				fmt.Printf("      evidence %s %s: %s\n", id, f.Code, ev)
			}
		}
	}
	return problems, seen
}

// A fake home for the account checks: WPS as the user-installed mainland
// flatpak (cn.wps.wps_365), its per-account sync caches under the
// sandbox's data folder, as platform/wps's Linux layout finds them.
const (
	fakeInstall   = ".local/share/flatpak/app/cn.wps.wps_365/current/active/files/extra/opt/kingsoft/wps-office/office6"
	fakeFilecache = ".var/app/cn.wps.wps_365/data/Kingsoft/WPS Cloud Files/userdata/qing/filecache"
)

// homeScenario is one fake home and what the account checks must say.
type homeScenario struct {
	name string
	// accounts maps an account ID to the sync-error fixture its
	// syncassistant.db is built from (health/local/testdata/syncerrors,
	// the unit tests' own), "" for an account folder without one.
	accounts map[string]string
	// want maps a check to its status and code.
	want map[string][2]string
	// fix is a fix wps.syncdb must suggest; count the accounts
	// account.signin must count (0: not checked).
	fix   string
	count int
}

func homeScenarios() []homeScenario {
	warn, info := string(health.StatusWarn), string(health.StatusInfo)
	return []homeScenario{
		{name: "cloud space full", accounts: map[string]string{"212320004": "quota"},
			want: map[string][2]string{local.IDQuota: {warn, local.CodeQuotaFull}, "wps.syncdb": {warn, local.CodeSyncQuota}}},
		{name: "session expired", accounts: map[string]string{"212320004": "auth"},
			want: map[string][2]string{"wps.syncdb": {warn, local.CodeSyncAuth}}, fix: health.FixResignin},
		{name: "two accounts", accounts: map[string]string{"3172735": "", "285491809": ""},
			want: map[string][2]string{local.IDSignIn: {info, local.CodeSignInUnknown}}, count: 2},
	}
}

// plantHome builds the fake home of sc under dir.
func plantHome(t *testing.T, dir string, sc homeScenario) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, fakeInstall), 0o755); err != nil {
		t.Fatal(err)
	}
	// The program and the cloud component exist (never run: checks only
	// observe).
	for _, exe := range []string{"wps", "wpscloudsvr"} {
		if err := os.WriteFile(filepath.Join(dir, fakeInstall, exe), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for uid, fixture := range sc.accounts {
		acct := filepath.Join(dir, fakeFilecache, "."+uid)
		if err := os.MkdirAll(acct, 0o755); err != nil {
			t.Fatal(err)
		}
		if fixture == "" {
			continue
		}
		sql, err := os.ReadFile(filepath.Join("..", "health", "local", "testdata", "syncerrors", fixture+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		sqlitecli.Exec(t, filepath.Join(acct, "syncassistant.db"), string(sql))
	}
}

// judgeHome holds the report to sc.
func judgeHome(sc homeScenario, rep health.Report) (problems []string, seen string) {
	var got []string
	for id, want := range sc.want {
		f, ok := findingOf(rep, id)
		if !ok {
			problems = append(problems, "no finding of "+id)
			continue
		}
		got = append(got, fmt.Sprintf("%s=%s/%s%v", id, f.Status, f.Code, f.Fixes))
		if string(f.Status) != want[0] || f.Code != want[1] {
			problems = append(problems, fmt.Sprintf("%s is %s %s (%s), want %s %s", id, f.Status, f.Code, f.Text, want[0], want[1]))
		}
	}
	if sc.fix != "" {
		if f, _ := findingOf(rep, "wps.syncdb"); !slices.Contains(f.Fixes, sc.fix) {
			problems = append(problems, fmt.Sprintf("wps.syncdb suggests %v, want %s", f.Fixes, sc.fix))
		}
	}
	if sc.count > 0 {
		f, _ := findingOf(rep, local.IDSignIn)
		if n, _ := f.Message.Args["count"].(float64); int(n) != sc.count {
			problems = append(problems, fmt.Sprintf("account.signin counts %v accounts (%s), want %d", f.Message.Args["count"], f.Text, sc.count))
		}
	}
	slices.Sort(got)
	return problems, strings.Join(got, " ")
}

// TestAccountHomes: the client's sync database and account folders
// planted in a fake home, read by the real binary.
func TestAccountHomes(t *testing.T) {
	if theWorld == nil {
		t.Skip("e2e world not running: " + skipWhy)
	}
	sqlitecli.Require(t)
	w := theWorld
	only := strings.Join([]string{local.IDSignIn, local.IDQuota, "wps.syncdb"}, ",")
	for i, sc := range homeScenarios() {
		start := time.Now()
		home := filepath.Join(w.dir, fmt.Sprintf("account-home-%d", i))
		plantHome(t, home, sc)
		env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
			"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"), "XDG_CACHE_HOME=" + filepath.Join(home, ".cache")}
		rep, err := w.checkWith(context.Background(), w.override, env, only)
		problems, seen := []string{}, ""
		if err != nil {
			problems = append(problems, err.Error())
		} else {
			problems, seen = judgeHome(sc, rep)
		}
		verdict := "PASS"
		if len(problems) > 0 {
			verdict = "FAIL"
			t.Errorf("%s: %s", sc.name, strings.Join(problems, "; "))
		}
		fmt.Printf("%s  %-44s %5.1fs  %s\n", verdict, "home: "+sc.name, time.Since(start).Seconds(), seen)
		_ = os.RemoveAll(home)
	}
}
