package netprobe

import (
	"context"
	"time"
)

// RetryAfter is when a probe that has had no answer tries again: a lost
// datagram (or SYN) is the common cause of silence, and one lost packet
// must not become a verdict. It matches the initial retransmission timeout
// of TCP on Linux and macOS (RFC 6298: 1 s).
const RetryAfter = time.Second

// DNSAttempts is how many queries a DNS probe sends for each question
// (and an SNTP probe for each server) before it calls the server silent.
const DNSAttempts = 3

// ConnectAttempts is how many TCP connects (TLS handshakes) a probe makes
// before it calls an endpoint filtered.
const ConnectAttempts = 2

// datagramInterval spaces n datagram attempts so that all of them start
// within timeout: RetryAfter, or less when the timeout is short.
func datagramInterval(timeout time.Duration, n int) time.Duration {
	if n > 1 && timeout > 0 && timeout/time.Duration(n) < RetryAfter {
		return timeout / time.Duration(n)
	}
	return RetryAfter
}

// retry runs up to n attempts of try, starting attempt i+1 when attempt i
// has had no final answer for interval (or as soon as every running
// attempt has ended without one). Earlier attempts keep listening, so a
// late answer to the first query still counts. It returns the first
// result final accepts and its attempt number (1-based); when none is
// final, the last result to arrive and the number of attempts made. The
// attempts share ctx: retrying never extends the caller's deadline.
func retry[T any](ctx context.Context, n int, interval time.Duration, try func(ctx context.Context) T, final func(T) bool) (T, int) {
	if n < 1 {
		n = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		v T
		i int
	}
	ch := make(chan result, n) // buffered: abandoned attempts never block
	started, running := 0, 0
	start := func() {
		i := started
		started++
		running++
		go func() { ch <- result{try(ctx), i} }()
	}
	start()
	timer := time.NewTimer(interval)
	defer timer.Stop()
	var last result
	for running > 0 {
		select {
		case r := <-ch:
			running--
			if final(r.v) {
				return r.v, r.i + 1
			}
			last = r
			if running == 0 && started < n && ctx.Err() == nil {
				start()
				timer.Reset(interval)
			}
		case <-timer.C:
			if started < n && ctx.Err() == nil {
				start()
				timer.Reset(interval)
			}
		}
	}
	return last.v, started
}
