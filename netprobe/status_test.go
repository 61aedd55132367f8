package netprobe

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"wpsdoctor/netprobe/probetest"
)

func TestProbeStatus(t *testing.T) {
	ca, err := probetest.NewCA("status test root")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Leaf([]string{"svc.test"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var gotPath string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		rw.Header().Set("Retry-After", "120")
		rw.Header().Set("Content-Type", "text/html")
		rw.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(rw, strings.Repeat("x", StatusBodyBytes+100))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	ctx := context.Background()

	t.Run("answer", func(t *testing.T) {
		r := ProbeStatus(ctx, addr, "svc.test", 443, "/api/time", TLSOptions{Roots: ca.Pool, Timeout: 2 * time.Second})
		if !r.Answered() || r.Status != 503 || r.RetryAfter != "120" || r.ContentType != "text/html" {
			t.Errorf("got %+v, want an answered 503 with Retry-After 120", r)
		}
		if len(r.Body) != StatusBodyBytes || gotPath != "/api/time" || r.URL != "https://svc.test/api/time" {
			t.Errorf("got body %d bytes, path %q, URL %q; want %d, /api/time, https://svc.test/api/time", len(r.Body), gotPath, r.URL, StatusBodyBytes)
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		other, _ := probetest.NewCA("other root")
		r := ProbeStatus(ctx, addr, "svc.test", 8443, "/", TLSOptions{Roots: other.Pool, Timeout: 2 * time.Second})
		if r.Answered() || r.Error == "" || r.URL != "https://svc.test:8443/" {
			t.Errorf("got %+v, want no answer with an error and the port in the URL", r)
		}
	})
	t.Run("refused", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		dead := l.Addr().String()
		l.Close()
		r := ProbeStatus(ctx, dead, "svc.test", 443, "/", TLSOptions{Roots: ca.Pool, Timeout: 2 * time.Second})
		if r.Answered() || r.Outcome != TCPRefused {
			t.Errorf("got %+v, want refused", r)
		}
	})
}
