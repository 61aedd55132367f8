package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// minMedian returns the smallest and the median of ds (zero for none).
func minMedian(ds []time.Duration) (lo, med time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		med = s[n/2]
	} else {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return s[0], med
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// line prints one figure in the issue's format.
func line(name string, value float64, unit, ratio string) {
	fmt.Printf("%s: %s %s (%s)\n", name, trimFloat(value), unit, ratio)
}

// trimFloat prints a figure with as many decimals as its size deserves.
func trimFloat(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 0.1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.3f", v)
	}
}

// printMachine says what the figures were measured on.
func printMachine() {
	cpu := "unknown"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := "unknown"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemTotal:" {
				var kib float64
				fmt.Sscan(f[1], &kib)
				mem = fmt.Sprintf("%.1f GiB", kib/(1<<20))
			}
		}
	}
	kernel := "unknown"
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = strings.TrimSpace(string(data))
	}
	gover := runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		gover = strings.TrimSpace(string(out))
	}
	fmt.Printf("machine: %d cores (%s), %s RAM, kernel %s, %s %s/%s\n",
		runtime.NumCPU(), cpu, mem, kernel, gover, runtime.GOOS, runtime.GOARCH)
	fmt.Printf("date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
}
