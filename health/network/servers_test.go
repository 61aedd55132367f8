package network

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/health/wording"
	"wpsdoctor/i18n"
	"wpsdoctor/netprobe"
)

// serveTLS starts a TLS server for the world's names (and 127.0.0.1)
// from the world's CA, answering with h; it returns the port.
func (w *world) serveTLS(h http.HandlerFunc) string {
	w.t.Helper()
	cert, err := w.ca.Leaf(append(slices.Clone(testNames), "127.0.0.1"), time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	if err != nil {
		w.t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	w.t.Cleanup(srv.Close)
	return port(srv.Listener.Addr().String())
}

// closedPort is a loopback port nothing listens on (connection refused).
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := newLoopbackListener()
	if err != nil {
		t.Fatal(err)
	}
	p := port(l.Addr().String())
	l.Close()
	return p
}

// blackHole is a loopback port whose listener never accepts: the kernel
// completes TCP, nothing ever answers the TLS handshake.
func blackHole(t *testing.T) string {
	t.Helper()
	l, err := newLoopbackListener()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return port(l.Addr().String())
}

func answer(status int, header map[string]string, contentType, body string) http.HandlerFunc {
	return func(rw http.ResponseWriter, _ *http.Request) {
		for k, v := range header {
			rw.Header().Set(k, v)
		}
		rw.Header().Set("Content-Type", contentType)
		rw.WriteHeader(status)
		io.WriteString(rw, body)
	}
}

func TestServersCheck(t *testing.T) {
	const html = "text/html; charset=utf-8"
	cases := []struct {
		name   string
		login  http.HandlerFunc // nil: the login host's port is closed
		status health.Status
		code   string
	}{
		{"200 OK", answer(200, nil, "application/json", `{"result":"ok"}`), health.StatusOK, CodeServersOK},
		{"404 is an answer", answer(404, nil, "text/plain", "not found"), health.StatusOK, CodeServersOK},
		{"403 userNotLogin is an answer", answer(403, nil, "application/json", `{"result":"userNotLogin"}`), health.StatusOK, CodeServersOK},
		{"503", answer(503, nil, "text/plain", "upstream down"), health.StatusWarn, CodeServersError},
		{"502 HTML error page", answer(502, nil, html, "<html><title>502 Bad Gateway</title></html>"), health.StatusWarn, CodeServersError},
		{"503 with Retry-After", answer(503, map[string]string{"Retry-After": "3600"}, "text/plain", "later"), health.StatusWarn, CodeServersMaintenance},
		{"maintenance page 200 (zh title)", answer(200, nil, html, "<html><head><title>系统维护中</title></head><body>请稍后</body></html>"), health.StatusWarn, CodeServersMaintenance},
		{"maintenance page 200 (en heading)", answer(200, nil, html, "<html><body><h1>Scheduled Maintenance</h1></body></html>"), health.StatusWarn, CodeServersMaintenance},
		{"maintenance JSON 500", answer(500, nil, "application/json", `{"msg":"系统升级中"}`), health.StatusWarn, CodeServersMaintenance},
		{"normal page that mentions maintenance", answer(200, nil, html, "<html><title>WPS</title><body><p>Privacy and maintenance policy</p></body></html>"), health.StatusOK, CodeServersOK},
		{"connection refused", nil, health.StatusInfo, CodeServersUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			if c.login == nil {
				w.accountTLS = closedPort(t)
			} else {
				w.accountTLS = w.serveTLS(c.login)
			}
			f := w.check(IDServers)
			expect(t, f, c.status, c.code)
			for _, p := range wording.Problems(f) {
				t.Errorf("wording: %s", p)
			}
			if c.status == health.StatusWarn {
				en := i18n.T("en", f.Message.Key, f.Message.Args)
				if !strings.Contains(en, "try later") || !strings.Contains(en, "https://helpdesk.wps.cn/") || !strings.Contains(en, "account.wps.test") {
					t.Errorf("got %q, want the host, \"try later\" and the mainland help link", en)
				}
			}
		})
	}
}

// A service that cannot be connected to is not the servers' fault: the
// other answered, the finding says which could not be asked.
func TestServersUnreachableIsLeftToTheConnectionChecks(t *testing.T) {
	cases := []struct {
		name          string
		login, drive  func(w *world) string
		key           string
		wantNoAnswers int
	}{
		{"login refused, drive fine", func(w *world) string { return closedPort(t) }, nil, "servers.partly", 1},
		{"both refused", func(w *world) string { return closedPort(t) }, func(w *world) string { return closedPort(t) }, "servers.unknown", 2},
		{"login untrusted certificate", func(w *world) string {
			other := newWorld(t)
			return other.serveTLS(answer(503, nil, "text/plain", "x"))
		}, nil, "servers.partly", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			w.accountTLS = c.login(w)
			if c.drive != nil {
				w.driveTLS = c.drive(w)
			}
			f := w.check(IDServers)
			expect(t, f, health.StatusInfo, CodeServersUnknown)
			if f.Message.Key != c.key {
				t.Errorf("got key %s, want %s", f.Message.Key, c.key)
			}
			probes, _ := f.Evidence["requests"].([]*serverProbe)
			n := 0
			for _, p := range probes {
				if p.Verdict == serverNoAnswer {
					n++
				}
			}
			if n != c.wantNoAnswers {
				t.Errorf("got %d requests without an answer, want %d: %+v", n, c.wantNoAnswers, probes)
			}
		})
	}
}

func TestServersStatusPath(t *testing.T) {
	w := newWorld(t)
	var got []string
	w.accountTLS = w.serveTLS(func(rw http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.Path)
		io.WriteString(rw, "ok")
	})
	cat := w.catalogue()
	for i, e := range cat.Families["mainland"].Endpoints {
		if e.Role == "login" {
			cat.Families["mainland"].Endpoints[i].StatusPath = "/api/time"
		}
	}
	env := w.env()
	env.Catalog = cat
	c := checkByID(t, w, IDServers)
	f := runWith(t, c, env)
	expect(t, f, health.StatusOK, CodeServersOK)
	if !slices.Equal(got, []string{"/api/time"}) {
		t.Errorf("got requests for %v, want [/api/time]", got)
	}
}

func TestSigninProviders(t *testing.T) {
	cases := []struct {
		name    string
		ports   map[string]func(w *world) string // provider id -> its port on 127.0.0.1
		status  health.Status
		code    string
		blocked []string
	}{
		{"all reachable", map[string]func(*world) string{
			"wechat": func(w *world) string { return w.serveTLS(answer(200, nil, "text/plain", "ok")) },
			"qq":     func(w *world) string { return w.serveTLS(answer(200, nil, "text/plain", "ok")) },
		}, health.StatusOK, CodeSigninOK, nil},
		{"one black-holed", map[string]func(*world) string{
			"wechat": func(w *world) string { return w.serveTLS(answer(200, nil, "text/plain", "ok")) },
			"qq":     func(w *world) string { return blackHole(t) },
		}, health.StatusWarn, CodeSigninBlocked, []string{"qq"}},
		{"one closed port", map[string]func(*world) string{
			"wechat": func(w *world) string { return closedPort(t) },
			"qq":     func(w *world) string { return w.serveTLS(answer(200, nil, "text/plain", "ok")) },
		}, health.StatusWarn, CodeSigninBlocked, []string{"wechat"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			for _, id := range []string{"wechat", "qq"} {
				w.extra += fmt.Sprintf("\n[[families.mainland.signin_providers]]\nid = %q\nhost = \"127.0.0.1\"\nport = %s\n", id, c.ports[id](w))
			}
			start := time.Now()
			f := w.check(IDSignin)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v, want within the probe deadline", took)
			}
			expect(t, f, c.status, c.code)
			got, _ := f.Evidence["blocked"].([]string)
			if !slices.Equal(got, c.blocked) {
				t.Errorf("got blocked %v, want %v", got, c.blocked)
			}
			for _, p := range wording.Problems(f) {
				t.Errorf("wording: %s", p)
			}
			if _, err := json.Marshal(f.Evidence); err != nil {
				t.Errorf("evidence: %v", err)
			}
		})
	}
}

func TestSigninNoProviders(t *testing.T) {
	w := newWorld(t)
	expect(t, w.check(IDSignin), health.StatusInfo, CodeSigninNone)
}

// The sentences name each blocked provider in the reader's language.
func TestSigninWording(t *testing.T) {
	var probes []*providerProbe
	for _, id := range catalog.SigninProviderIDs {
		probes = append(probes, &providerProbe{Provider: id, Host: id + ".example", Blocked: id == "wechat" || id == "google"})
	}
	f := signinFinding(probes)
	for _, p := range wording.Problems(f) {
		t.Errorf("wording: %s", p)
	}
	for lang, want := range map[string][]string{
		"en":    {"WeChat sign-in is blocked on this network", "Google sign-in is blocked", "Use your phone number or e-mail to sign in"},
		"zh-CN": {"此网络屏蔽了微信登录", "此网络屏蔽了谷歌（Google）登录", "请改用手机号或邮箱登录"},
	} {
		got := i18n.T(lang, f.Message.Key, f.Message.Args)
		for _, s := range want {
			if !strings.Contains(got, s) {
				t.Errorf("%s: got %q, want it to contain %q", lang, got, s)
			}
		}
		if strings.Contains(got, "QQ") || strings.Contains(got, "Apple") {
			t.Errorf("%s: got %q, which names reachable providers", lang, got)
		}
	}
	for _, lang := range i18n.Languages {
		table, _ := i18n.Table(lang)
		for _, id := range catalog.SigninProviderIDs {
			if _, ok := table[i18n.MemberKey("servers.provider", id)]; !ok {
				t.Errorf("%s: got no name for provider %q", lang, id)
			}
		}
	}
}

func TestProviderBlocked(t *testing.T) {
	for o, want := range map[netprobe.TLSOutcome]bool{
		netprobe.TLSOK: false, netprobe.TLSUntrusted: false, netprobe.TLSExpired: false, netprobe.TLSNotYetValid: false,
		netprobe.TLSTimeout: true, netprobe.TLSReset: true, netprobe.TLSClosed: true, netprobe.TLSNoConnect: true,
		netprobe.TLSWrongHost: true, netprobe.TLSError: true,
	} {
		if got := providerBlocked(o); got != want {
			t.Errorf("providerBlocked(%s) = %v, want %v", o, got, want)
		}
	}
}

// The built-in catalogue lists the providers of issue 16 and a status
// path for the mainland services.
func TestBuiltinServersData(t *testing.T) {
	c := catalog.Default()
	ids := func(fam string) []string {
		var out []string
		for _, p := range c.Family(fam).SigninProviders {
			out = append(out, p.ID)
		}
		return out
	}
	if got := ids("mainland"); !slices.Equal(got, []string{"wechat", "qq"}) {
		t.Errorf("mainland providers %v, want [wechat qq]", got)
	}
	if got := ids("international"); !slices.Equal(got, []string{"google", "apple", "facebook"}) {
		t.Errorf("international providers %v, want [google apple facebook]", got)
	}
	if len(c.Servers.MaintenanceMarkers) == 0 || !slices.Contains(c.Servers.RetryAfterStatuses, 503) {
		t.Errorf("servers data %+v, want markers and 503", c.Servers)
	}
	s := &session{cat: c, o: Options{PlainHTTPPorts: []int{80}}}
	var got []string
	for _, t := range s.serverTargets([]string{"mainland"}) {
		got = append(got, t.Role+" "+joinHostPort(t.Host, t.Port)+s.statusPath(t))
	}
	want := []string{"login account.wps.cn:443/api/time", "drive drive.wps.cn:443/api/time"}
	if !slices.Equal(got, want) {
		t.Errorf("got targets %v, want %v", got, want)
	}
}

func checkByID(t *testing.T, w *world, id string) health.Check {
	t.Helper()
	for _, c := range ChecksWith(w.opts()) {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s", id)
	return health.Check{}
}

func runWith(t *testing.T, c health.Check, env *health.Env) health.Finding {
	t.Helper()
	r := health.Runner{Checks: []health.Check{c}, Deadline: 10 * time.Second}
	fs := r.Run(t.Context(), env)
	if len(fs) != 1 {
		t.Fatalf("got %d findings, want 1", len(fs))
	}
	return fs[0]
}

// In the healthy world, through the real runner, both checks run and pass.
func TestServersHealthyRun(t *testing.T) {
	w := newWorld(t)
	fs := w.runAll()
	expect(t, fs[IDServers], health.StatusOK, CodeServersOK)
	expect(t, fs[IDSignin], health.StatusInfo, CodeSigninNone)
}

// When WPS itself cannot be reached, a blocked provider is not news (and
// "use phone or e-mail" would be wrong): the check hides behind net.tls.
func TestSigninHiddenWhenWPSUnreachable(t *testing.T) {
	w := newWorld(t)
	w.accountTLS = closedPort(t)
	w.extra = fmt.Sprintf("\n[[families.mainland.signin_providers]]\nid = \"qq\"\nhost = \"127.0.0.1\"\nport = %s\n", closedPort(t))
	fs := w.runAll()
	if f := fs[IDSignin]; f.SuppressedBy == "" {
		t.Errorf("got %s %s (not suppressed), want it hidden behind the connection checks", f.Status, f.Code)
	}
}
