package network

import (
	"context"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe/probetest"
)

// benchRun runs the whole network set once and returns the wall time and
// the slowest single check.
func benchRun(w *world) (wall, slowest time.Duration) {
	r := health.Runner{Checks: ChecksWith(w.opts()), Deadline: 10 * time.Second}
	start := time.Now()
	fs := r.Run(context.Background(), w.env())
	wall = time.Since(start)
	for _, f := range fs {
		if d := time.Duration(f.DurationMS) * time.Millisecond; d > slowest {
			slowest = d
		}
	}
	return wall, slowest
}

func benchWorld(b *testing.B, fault func(w *world)) {
	var ratio float64
	var walls time.Duration
	for b.Loop() {
		b.StopTimer()
		w := newWorld(b)
		if fault != nil {
			fault(w)
		}
		b.StartTimer()
		wall, slowest := benchRun(w)
		walls += wall
		if slowest > 0 {
			ratio += float64(wall) / float64(slowest)
		}
	}
	b.ReportMetric(ratio/float64(b.N), "wall/slowest")
	b.ReportMetric(float64(walls.Milliseconds())/float64(b.N), "wall-ms")
}

// BenchmarkNetworkHealthy is the full set against healthy loopback servers.
func BenchmarkNetworkHealthy(b *testing.B) { benchWorld(b, nil) }

// BenchmarkNetworkBlackholeDNS: no resolver ever answers; every probe runs
// into its deadline (probe_timeout_ms 800 in the test catalogue).
func BenchmarkNetworkBlackholeDNS(b *testing.B) {
	benchWorld(b, func(w *world) {
		for _, n := range testNames {
			w.sys.Set(n, probetest.Answer{Drop: true})
			w.pub.Set(n, probetest.Answer{Drop: true})
		}
	})
}

// BenchmarkNetworkSilentTLS: every TLS endpoint accepts TCP and never
// answers, and SNTP is mute.
func BenchmarkNetworkSilentTLS(b *testing.B) {
	benchWorld(b, func(w *world) {
		s, err := probetest.StartSilent()
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(s.Close)
		p := port(s.Addr)
		w.accountTLS, w.driveTLS, w.intlTLS = p, p, p
		w.ntp.Close()
	})
}
