//go:build gui

package tray_test

// Measurements for `make bench` (under xvfb-run):
//
//	xvfb-run -a -s "-screen 0 1280x800x24" go test -tags gui -run '^$' -bench . -benchtime 1x ./tray/
//
// Each benchmark also prints `name: value unit` lines. WSD_BENCH_IDLE sets
// the idle window (default 60s).

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const clockTicks = 100 // USER_HZ on Linux

// cpuTicks reads utime+stime of pid from /proc.
func cpuTicks(b *testing.B, pid int) int64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return u + st
}

// rssKiB reads VmRSS of pid.
func rssKiB(b *testing.B, pid int) int64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			v, _ := strconv.ParseInt(f[1], 10, 64)
			return v
		}
	}
	return 0
}

func idleWindow() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("WSD_BENCH_IDLE")); err == nil && d > 0 {
		return d
	}
	return 60 * time.Second
}

// BenchmarkTrayIdle: the tray process with its default schedule, after the
// first check, idling for 60 s: CPU share of one core and resident memory.
func BenchmarkTrayIdle(b *testing.B) {
	needDisplay(b)
	h := newHome(b)
	addr := startBus(b)
	w := startWatcher(b, addr)
	tr := start(b, h.env(addr, "en_US.UTF-8"), "--config", h.catalogue, "--warmup", "500ms")
	w.registered(b, limit)
	tr.waitLog(b, "check done (warmup)", limit)
	pid := tr.cmd.Process.Pid
	idle := idleWindow()
	b.ResetTimer()
	var cpu float64
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), cpuTicks(b, pid)
		time.Sleep(idle)
		c1, el := cpuTicks(b, pid), time.Since(t0)
		cpu = float64(c1-c0) / clockTicks / el.Seconds() * 100
	}
	b.StopTimer()
	rss := float64(rssKiB(b, pid)) / 1024
	b.ReportMetric(cpu, "cpu%")
	b.ReportMetric(rss, "rss-MiB")
	fmt.Printf("tray_idle_cpu: %.3f %% (over %v)\n", cpu, idle)
	fmt.Printf("tray_rss: %.1f MiB\n", rss)
	tr.cmd.Process.Signal(syscall.SIGTERM)
	tr.wait(b, limit)
}

// BenchmarkWindowColdOpen: from exec of `wpsdoctor-tray --window` to its
// window being mapped on the X server (with a saved report to show).
func BenchmarkWindowColdOpen(b *testing.B) {
	needDisplay(b)
	h := newHome(b)
	// a first open runs the (offline) diagnosis and saves a report, so the
	// measured opens draw a full overview
	seed := start(b, h.env("unix:path=/nonexistent", "en_US.UTF-8"), "--window", "--config", h.catalogue)
	pid := windowPID(b, "^WPS Sync Doctor$", limit, nil)
	eventually(b, limit, "the first report", func() bool {
		_, err := os.Stat(h.state + "/last-report.json")
		return err == nil
	})
	syscall.Kill(pid, syscall.SIGTERM)
	seed.wait(b, limit)
	var total time.Duration
	var rssMiB float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		p := start(b, h.env("unix:path=/nonexistent", "en_US.UTF-8"), "--window", "--config", h.catalogue)
		pid := windowPID(b, "^WPS Sync Doctor$", limit, nil)
		total += time.Since(t0)
		b.StopTimer()
		time.Sleep(2 * time.Second)
		t1, c0 := time.Now(), cpuTicks(b, pid)
		time.Sleep(10 * time.Second)
		winCPU := float64(cpuTicks(b, pid)-c0) / clockTicks / time.Since(t1).Seconds() * 100
		rssMiB = float64(rssKiB(b, pid)) / 1024
		fmt.Printf("window_idle_cpu: %.2f %%\n", winCPU)
		syscall.Kill(pid, syscall.SIGTERM)
		p.wait(b, limit)
		b.StartTimer()
	}
	ms := float64(total.Milliseconds()) / float64(b.N)
	b.ReportMetric(ms, "open-ms")
	b.ReportMetric(rssMiB, "rss-MiB")
	fmt.Printf("window_cold_open: %.0f ms\n", ms)
	fmt.Printf("window_rss: %.1f MiB\n", rssMiB)
}
