package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// figureTray reuses the tray's own GUI harness (tray/bench_gui_test.go:
// private D-Bus session, Go StatusNotifierWatcher, xdotool window search)
// under xvfb-run, and turns the `name: value unit` lines it prints into
// figures with their goals.
func figureTray(ctx context.Context, cfg config) error {
	if _, err := exec.LookPath("xvfb-run"); err != nil {
		fmt.Println("tray_idle: skipped (xvfb-run missing: make deps installs it)")
		return nil
	}
	idle, err := trayBench(ctx, cfg, "^BenchmarkTrayIdle$", "1x")
	if err != nil {
		return err
	}
	cpu, okCPU := idle["tray_idle_cpu"]
	rss, okRSS := idle["tray_rss"]
	if !okCPU || !okRSS {
		return fmt.Errorf("the tray idle benchmark printed no figures (have %v)", idle)
	}
	line("tray_idle_cpu", cpu, "% of a core", fmt.Sprintf("%.2fx the 0.2 %% goal; over %s after the first check", cpu/0.2, cfg.idle))
	line("tray_idle_rss", rss, "MiB", fmt.Sprintf("%.2fx the 60 MB goal", rss/(60*1e6/(1<<20))))
	if err := figureReaction(ctx, cfg); err != nil {
		return err
	}
	return figureWindow(ctx, cfg)
}

// figureReaction: how fast the icon and tooltip follow a network change
// and a report the window saved (goal: under 2 s, no poll in the path).
func figureReaction(ctx context.Context, cfg config) error {
	out, err := trayBenchOutput(ctx, cfg, "^BenchmarkTrayReaction$", "1x")
	if err != nil {
		return err
	}
	shown := 0
	for _, l := range strings.Split(out, "\n") {
		name, rest, ok := strings.Cut(l, ": ")
		if !ok || (name != "tray_net_reaction" && name != "tray_report_reaction") {
			continue
		}
		shown++
		f := strings.Fields(rest)
		v, err := strconv.ParseFloat(f[0], 64)
		open, end := strings.IndexByte(rest, '('), strings.LastIndexByte(rest, ')')
		if err != nil || open < 0 || end < open { // "skipped (why)"
			fmt.Printf("%s: %s\n", name, rest)
			continue
		}
		detail := rest[open+1 : end]
		line(name, v, "ms", fmt.Sprintf("%.2fx the 2 s goal; %s", v/2000, detail))
	}
	if shown != 2 {
		return fmt.Errorf("the reaction benchmark printed %d of 2 figures:\n%s", shown, out)
	}
	return nil
}

// figureWindow: the window's cold open, RSS and idle CPU, each also as a
// ratio to a plain Fyne window with one label measured in the same run.
func figureWindow(ctx context.Context, cfg config) error {
	win, err := trayBench(ctx, cfg, "^BenchmarkWindowColdOpen$", "3x")
	if err != nil {
		return err
	}
	for _, k := range []string{"window_cold_open", "window_rss", "window_idle_cpu", "plain_cold_open", "plain_rss", "plain_idle_cpu"} {
		if _, ok := win[k]; !ok {
			return fmt.Errorf("the window benchmark printed no %s (have %v)", k, win)
		}
	}
	ratio := func(a, b float64) string {
		if b == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.2fx", a/b)
	}
	line("window_cold_open", win["window_cold_open"], "ms", fmt.Sprintf("%s the plain Fyne window (%.0f ms); exec -> window mapped, mean of 3",
		ratio(win["window_cold_open"], win["plain_cold_open"]), win["plain_cold_open"]))
	line("window_rss", win["window_rss"], "MiB", fmt.Sprintf("%s the plain Fyne window (%.1f MiB)", ratio(win["window_rss"], win["plain_rss"]), win["plain_rss"]))
	line("window_idle_cpu", win["window_idle_cpu"], "% of a core", fmt.Sprintf("%s the plain Fyne window (%.2f %%); over 10 s, 2 s after it opened",
		ratio(win["window_idle_cpu"], win["plain_idle_cpu"]), win["plain_idle_cpu"]))
	return nil
}

// trayBench runs one tray GUI benchmark and returns its printed figures.
func trayBench(ctx context.Context, cfg config, re, times string) (map[string]float64, error) {
	out, err := trayBenchOutput(ctx, cfg, re, times)
	if err != nil {
		return nil, err
	}
	return parseFigures([]byte(out)), nil
}

// trayBenchOutput runs one tray GUI benchmark and returns its output.
func trayBenchOutput(ctx context.Context, cfg config, re, times string) (string, error) {
	// -noreset: a window opened after the last X client left must not meet
	// a server in the middle of its reset (make test-gui does the same).
	cmd := exec.CommandContext(ctx, "xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -noreset",
		"go", "test", "-tags", "gui", "-count", "1", "-run", "^$", "-bench", re, "-benchtime", times, "-timeout", "8m", "./tray/")
	cmd.Env = append(os.Environ(), "WSD_BENCH_IDLE="+cfg.idle.String())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go test -bench %s ./tray/: %v\n%s", re, err, out.String())
	}
	return out.String(), nil
}

// parseFigures reads `name: value unit...` lines; other lines are ignored.
func parseFigures(out []byte) map[string]float64 {
	m := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ": ")
		if !ok || strings.ContainsAny(name, " \t") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		if v, err := strconv.ParseFloat(f[0], 64); err == nil {
			m[name] = v
		}
	}
	return m
}
