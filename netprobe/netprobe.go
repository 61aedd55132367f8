// Package netprobe holds single network measurements: one DNS query, one TCP
// connect, one TLS handshake, one clock sample, one captive-portal probe, a
// few handshakes for latency. Every probe takes a deadline and classifies
// its failure precisely, because "refused", "filtered" and "reset" point to
// different culprits. Probes only observe; they talk to the address they are
// given and to nothing else.
package netprobe

import (
	"context"
	"time"
)

// withTimeout bounds ctx by d (when d > 0).
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// budget is the time left before ctx's deadline, capped at d.
func budget(ctx context.Context, d time.Duration) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < d || d <= 0 {
			if left < 0 {
				return 0
			}
			return left
		}
	}
	return d
}

// Millis converts a duration to fractional milliseconds for evidence.
func Millis(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
