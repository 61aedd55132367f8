package netprobe

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
	"time"
)

// TCPOutcome classifies a connection attempt (or a broken connection).
type TCPOutcome string

const (
	TCPOK          TCPOutcome = "ok"
	TCPRefused     TCPOutcome = "refused"     // RST to our SYN: host up, nothing listening, or a firewall rejecting
	TCPTimeout     TCPOutcome = "timeout"     // no answer: filtered (dropped) on the way
	TCPReset       TCPOutcome = "reset"       // connection torn down after it was up: middlebox interference
	TCPClosed      TCPOutcome = "closed"      // peer closed cleanly before answering
	TCPUnreachable TCPOutcome = "unreachable" // ICMP host unreachable
	TCPNoRoute     TCPOutcome = "no_route"    // no route to that network from here
	TCPBlocked     TCPOutcome = "blocked"     // the local firewall refused to send
	TCPError       TCPOutcome = "error"
)

// Classify maps a network error to an outcome; nil is TCPOK.
func ClassifyError(err error) TCPOutcome {
	if err == nil {
		return TCPOK
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if o := classifyErrno(errno); o != TCPError {
			return o
		}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || (errors.As(err, &ne) && ne.Timeout()) {
		return TCPTimeout
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return TCPClosed
	}
	return TCPError
}

// TCPResult is one connection attempt.
type TCPResult struct {
	Addr    string        `json:"addr"`
	Outcome TCPOutcome    `json:"outcome"`
	RTT     time.Duration `json:"-"`
	MS      float64       `json:"ms"`
	// Attempts is the connect that got through (2: the first had no
	// answer after RetryAfter), or how many were made when none did.
	Attempts int `json:"attempts,omitempty"`
	// Resent says the connection was made only after a SYN was sent
	// again: by a second connect, or by the kernel (a connect that took
	// SYNResent or longer). That is a lost packet, not a slow path.
	Resent bool   `json:"resent,omitempty"`
	Error  string `json:"error,omitempty"`
}

// SYNResent is how long a connect takes when its first SYN (or the
// answer) was lost and the kernel sent it again: the initial
// retransmission timeout is 1 s on Linux and macOS (RFC 6298), and no
// real path has a round trip that long.
const SYNResent = time.Second

// connectPolicy is how connects are made and retried; tests shorten the
// times and inject a dialer that loses the first attempt.
type connectPolicy struct {
	dial   func(ctx context.Context, network, addr string) (net.Conn, error)
	after  time.Duration // start another attempt when none got through (RetryAfter)
	resent time.Duration // a connect this slow waited for a resent SYN (SYNResent)
}

var defaultConnect = connectPolicy{dial: (&net.Dialer{}).DialContext, after: RetryAfter, resent: SYNResent}

// dialTCP connects and returns the open connection on success.
func dialTCP(ctx context.Context, addr string, timeout time.Duration) (TCPResult, net.Conn) {
	return defaultConnect.dialTCP(ctx, addr, timeout)
}

func (p connectPolicy) dialTCP(ctx context.Context, addr string, timeout time.Duration) (TCPResult, net.Conn) {
	res := TCPResult{Addr: addr}
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	c, err := p.dial(ctx, "tcp", addr)
	res.RTT = time.Since(start)
	res.MS = Millis(res.RTT)
	res.Outcome = ClassifyError(err)
	if err != nil {
		res.Error = err.Error()
		return res, nil
	}
	return res, c
}

// DialTCP measures a TCP handshake to addr ("host:port", host usually an
// IP already resolved by the caller) and closes the connection at once.
// A connect that has not got through after RetryAfter is joined by a
// second one (ConnectAttempts in all, each bounded by timeout): an
// endpoint is "filtered" only when every attempt timed out. A refusal,
// reset or unreachable answers at once.
func DialTCP(ctx context.Context, addr string, timeout time.Duration) TCPResult {
	return defaultConnect.dialRetry(ctx, addr, timeout)
}

func (p connectPolicy) dialRetry(ctx context.Context, addr string, timeout time.Duration) TCPResult {
	res, n := retry(ctx, ConnectAttempts, p.after, func(ctx context.Context) TCPResult {
		return p.dialOnce(ctx, addr, timeout)
	}, func(r TCPResult) bool { return r.Outcome != TCPTimeout })
	res.Attempts = n
	res.Resent = res.Outcome == TCPOK && (n > 1 || res.RTT >= p.resent)
	return res
}

// dialOnce is a single connect (a quality sample: never retried).
func (p connectPolicy) dialOnce(ctx context.Context, addr string, timeout time.Duration) TCPResult {
	res, c := p.dialTCP(ctx, addr, timeout)
	if c != nil {
		c.Close()
	}
	return res
}
