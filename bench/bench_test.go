package main

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"wpsdoctor/health"
)

func TestMinMedian(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		in      []time.Duration
		lo, med time.Duration
	}{
		{nil, 0, 0},
		{[]time.Duration{5 * ms}, 5 * ms, 5 * ms},
		{[]time.Duration{9 * ms, 1 * ms, 5 * ms}, 1 * ms, 5 * ms},
		{[]time.Duration{4 * ms, 1 * ms, 2 * ms, 8 * ms}, 1 * ms, 3 * ms},
	} {
		in := append([]time.Duration(nil), c.in...)
		lo, med := minMedian(c.in)
		if lo != c.lo || med != c.med {
			t.Errorf("minMedian(%v) = %v, %v; want %v, %v", c.in, lo, med, c.lo, c.med)
		}
		for i := range in {
			if in[i] != c.in[i] {
				t.Fatalf("minMedian reordered its input: %v", c.in)
			}
		}
	}
}

func TestParseFigures(t *testing.T) {
	out := "goos: linux\ntray_idle_cpu: 0.017 % (over 1m0s)\ntray_rss: 33.0 MiB\n" +
		"BenchmarkTrayIdle-2  1  600 ns/op\nbad line: notanumber\nwindow_cold_open: 247 ms\n"
	got := parseFigures([]byte(out))
	want := map[string]float64{"tray_idle_cpu": 0.017, "tray_rss": 33.0, "window_cold_open": 247}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

func TestCountLines(t *testing.T) {
	n, err := countLines(strings.NewReader(strings.Repeat("a/b\n", 70000)))
	if err != nil || n != 70000 {
		t.Fatalf("countLines = %d, %v; want 70000", n, err)
	}
}

func TestTrimFloat(t *testing.T) {
	for v, want := range map[float64]string{402.4: "402", 12.34: "12.3", 3.005: "3.00", 0.0171: "0.017"} {
		if got := trimFloat(v); got != want {
			t.Errorf("trimFloat(%v) = %q, want %q", v, got, want)
		}
	}
}

// The delaying proxy forwards both ways and Close ends held connections.
func TestDelayProxy(t *testing.T) {
	echo, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer echo.Close()
	go func() {
		for {
			c, err := echo.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(c, c); c.Close() }()
		}
	}()
	p, err := startDelayProxy(echo.Addr().String(), time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "ping" {
		t.Fatalf("read %q, %v", buf, err)
	}
	// A second connection still held back must not block Close.
	held, err := startDelayProxy(echo.Addr().String(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	h, err := net.Dial("tcp", held.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	held.Close()
	p.Close()
	if _, err := h.Read(buf); err == nil {
		t.Fatal("held connection still open after Close")
	}
}

// The loopback world is healthy: every network check passes against it,
// so the wall-time figure measures a clean run.
func TestWorldHealthy(t *testing.T) {
	w, err := newWorld(20 * time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cat, err := w.catalogue()
	if err != nil {
		t.Fatal(err)
	}
	r := w.runner()
	fs := r.Run(context.Background(), mainlandEnv(cat))
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range fs {
		if f.Status != health.StatusOK && f.Status != health.StatusInfo {
			t.Errorf("%s: %s %s %v", f.Check, f.Status, f.Code, f.Evidence)
		}
	}
	if _, err := w.slowestProbe(context.Background()); err != nil {
		t.Errorf("probe through the proxy: %v", err)
	}
}
