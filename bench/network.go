package main

import (
	"context"
	"fmt"
	"time"

	"wpsdoctor/health"
)

// slowDelay is how long the delayed endpoint holds each connection back.
const slowDelay = 300 * time.Millisecond

// figureNetwork: the full network check set (health.Runner with
// network.ChecksWith, in process) against loopback servers where one
// endpoint answers its TLS handshake 300 ms late; wall time divided by the
// slowest single probe (one TLS handshake through the same proxy).
func figureNetwork(ctx context.Context, cfg config) error {
	w, err := newWorld(slowDelay)
	if err != nil {
		return err
	}
	defer w.Close()
	cat, err := w.catalogue()
	if err != nil {
		return err
	}
	var walls, probes, checks []time.Duration
	slowID := ""
	for i := 0; i <= cfg.runs; i++ { // run 0 warms up
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p, err := w.slowestProbe(ctx)
		if err != nil {
			return fmt.Errorf("reference probe: %w", err)
		}
		r := w.runner()
		start := time.Now()
		fs := r.Run(ctx, mainlandEnv(cat))
		wall := time.Since(start)
		var slowest time.Duration
		for _, f := range fs {
			if f.Status != health.StatusOK && f.Status != health.StatusInfo {
				return fmt.Errorf("healthy loopback world: %s is %s %s", f.Check, f.Status, f.Code)
			}
			if d := time.Duration(f.DurationMS) * time.Millisecond; d > slowest {
				slowest, slowID = d, f.Check
			}
		}
		if i == 0 {
			continue
		}
		walls, probes, checks = append(walls, wall), append(probes, p), append(checks, slowest)
	}
	_, wall := minMedian(walls)
	_, probe := minMedian(probes)
	_, check := minMedian(checks)
	// The reference is the slowest single probe: the delayed TLS handshake
	// measured on its own, or a check that is one long probe (net.quality
	// samples 5 handshakes 100 ms apart), whichever is longer.
	ref, refName := probe, "TLS handshake to the 300 ms endpoint"
	if check > ref {
		ref, refName = check, slowID
	}
	line("check_wall_vs_slowest_probe", msf(wall), "ms",
		fmt.Sprintf("%.2fx slowest probe %.0f ms (%s), goal <= 1.2; delayed TLS probe %.0f ms; median of %d runs",
			msf(wall)/msf(ref), msf(ref), refName, msf(probe), len(walls)))
	return nil
}
