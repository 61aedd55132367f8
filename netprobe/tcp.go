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
	Error   string        `json:"error,omitempty"`
}

// dialTCP connects and returns the open connection on success.
func dialTCP(ctx context.Context, addr string, timeout time.Duration) (TCPResult, net.Conn) {
	res := TCPResult{Addr: addr}
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	start := time.Now()
	c, err := d.DialContext(ctx, "tcp", addr)
	res.RTT = time.Since(start)
	res.MS = Millis(res.RTT)
	res.Outcome = ClassifyError(err)
	if err != nil {
		res.Error = err.Error()
		return res, nil
	}
	return res, c
}

// DialTCP measures one TCP handshake to addr ("host:port", host usually an
// IP already resolved by the caller) and closes the connection at once.
func DialTCP(ctx context.Context, addr string, timeout time.Duration) TCPResult {
	res, c := dialTCP(ctx, addr, timeout)
	if c != nil {
		c.Close()
	}
	return res
}
