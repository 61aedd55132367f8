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
	"os/exec"
	"path/filepath"
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
// window being mapped on the X server (with a saved report to show), then
// its resident memory and idle CPU; and the same for a plain Fyne window
// with one label (tray/testdata/plainwindow, built with the same flags),
// measured in turn with it in the same run, as the reference.
func BenchmarkWindowColdOpen(b *testing.B) {
	needDisplay(b)
	h := newHome(b)
	plain := plainWindow(b)
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
	env := h.env("unix:path=/nonexistent", "en_US.UTF-8")
	var app, ref openFigures
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		app.add(coldOpen(b, "^WPS Sync Doctor$", func() *proc {
			return start(b, env, "--window", "--config", h.catalogue)
		}))
		b.StopTimer()
		ref.add(coldOpen(b, "^Plain Fyne$", func() *proc { return startExe(b, env, plain) }))
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(app.meanMS(), "open-ms")
	b.ReportMetric(app.rss, "rss-MiB")
	fmt.Printf("window_cold_open: %.0f ms\n", app.meanMS())
	fmt.Printf("window_rss: %.1f MiB\n", app.rss)
	fmt.Printf("window_idle_cpu: %.2f %%\n", app.cpu)
	fmt.Printf("plain_cold_open: %.0f ms\n", ref.meanMS())
	fmt.Printf("plain_rss: %.1f MiB\n", ref.rss)
	fmt.Printf("plain_idle_cpu: %.2f %%\n", ref.cpu)
}

// openFigures sums cold opens and keeps the last RSS and idle CPU.
type openFigures struct {
	total    time.Duration
	n        int
	rss, cpu float64
}

func (f *openFigures) add(open time.Duration, rss, cpu float64) {
	f.total += open
	f.n++
	f.rss, f.cpu = rss, cpu
}

func (f *openFigures) meanMS() float64 { return float64(f.total.Milliseconds()) / float64(f.n) }

// coldOpen starts a window process, times exec -> window mapped, then
// reads its RSS and its CPU share over 10 s of idling, and closes it.
func coldOpen(b *testing.B, title string, launch func() *proc) (open time.Duration, rssMiB, cpu float64) {
	t0 := time.Now()
	p := launch()
	pid := windowPID(b, title, limit, p)
	open = time.Since(t0)
	time.Sleep(2 * time.Second)
	t1, c0 := time.Now(), cpuTicks(b, pid)
	time.Sleep(10 * time.Second)
	cpu = float64(cpuTicks(b, pid)-c0) / clockTicks / time.Since(t1).Seconds() * 100
	rssMiB = float64(rssKiB(b, pid)) / 1024
	syscall.Kill(pid, syscall.SIGTERM)
	p.wait(b, limit)
	return open, rssMiB, cpu
}

// plainWindow builds the reference window with the tray's build flags, so
// Fyne's cached cgo objects serve it too.
func plainWindow(b *testing.B) string {
	b.Helper()
	exe := filepath.Join(b.TempDir(), "plainwindow")
	out, err := exec.Command("go", "build", "-ldflags", "-X main.version=gui-test", "-o", exe, "wpsdoctor/tray/testdata/plainwindow").CombinedOutput()
	if err != nil {
		b.Fatalf("build the plain window: %v\n%s", err, out)
	}
	return exe
}
