package netprobe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/beevik/ntp"
)

// ClockSample is one estimate of this computer's clock offset: true time
// minus local time (positive = the local clock is behind).
type ClockSample struct {
	Source   string        `json:"source"`
	Method   string        `json:"method"` // "sntp" or "https_date"
	OK       bool          `json:"ok"`
	Offset   time.Duration `json:"-"`
	OffsetMS float64       `json:"offset_ms"`
	RTT      time.Duration `json:"-"`
	RTTMS    float64       `json:"rtt_ms"`
	Stratum  uint8         `json:"stratum,omitempty"`
	// Attempts is the request that was answered (more than 1: earlier
	// datagrams were lost), or how many were sent when none was.
	Attempts int `json:"attempts,omitempty"`
	// Silent says no answer came at all (every attempt timed out): what
	// packet loss or a filter looks like, as opposed to an answer that
	// could not be used.
	Silent bool   `json:"silent,omitempty"`
	Error  string `json:"error,omitempty"`
}

// SNTPOffset queries an NTP server at addr ("ip:port"; a name is resolved
// by the library without a deadline, so callers resolve first). source
// names the server in evidence. An unprivileged UDP socket is enough. A
// request without an answer is sent again (DNSAttempts in all, RetryAfter
// apart or closer when timeout is short) within timeout.
func SNTPOffset(ctx context.Context, source, addr string, timeout time.Duration) ClockSample {
	t := budget(ctx, timeout)
	if t <= 0 {
		return ClockSample{Source: source, Method: "sntp", Error: context.DeadlineExceeded.Error()}
	}
	ctx, cancel := withTimeout(ctx, t)
	defer cancel()
	type attempt struct {
		s        ClockSample
		timedOut bool
	}
	a, n := retry(ctx, DNSAttempts, datagramInterval(t, DNSAttempts), func(ctx context.Context) attempt {
		s, silent := sntpOnce(ctx, source, addr)
		return attempt{s, silent}
	}, func(a attempt) bool { return !a.timedOut })
	a.s.Attempts, a.s.Silent = n, a.timedOut
	return a.s
}

// sntpOnce is one request; timedOut says no answer came (worth retrying).
func sntpOnce(ctx context.Context, source, addr string) (s ClockSample, timedOut bool) {
	s = ClockSample{Source: source, Method: "sntp"}
	t := budget(ctx, 0)
	if t <= 0 {
		s.Error = context.DeadlineExceeded.Error()
		return s, true
	}
	type out struct {
		r   *ntp.Response
		err error
	}
	ch := make(chan out, 1)
	go func() {
		r, err := ntp.QueryWithOptions(addr, ntp.QueryOptions{Timeout: t})
		ch <- out{r, err}
	}()
	select {
	case <-ctx.Done():
		s.Error = ctx.Err().Error()
		return s, true
	case o := <-ch:
		if o.err != nil {
			s.Error = o.err.Error()
			return s, isTimeout(o.err)
		}
		if err := o.r.Validate(); err != nil {
			s.Error = err.Error()
			return s, false
		}
		s.OK = true
		s.Offset, s.RTT, s.Stratum = o.r.ClockOffset, o.r.RTT, o.r.Stratum
		s.OffsetMS, s.RTTMS = Millis(s.Offset), Millis(s.RTT)
		return s, false
	}
}

// HTTPSDateOffset reads the Date header of an HTTPS server at addr (SNI
// serverName). It works where UDP 123 is blocked. Certificates are not
// verified for this probe only: with a badly wrong clock every certificate
// looks expired, and the Date header is exactly what we need then. The
// header has 1 s resolution, so half a second is added and the midpoint of
// the round trip is used.
func HTTPSDateOffset(ctx context.Context, addr, serverName string, timeout time.Duration) ClockSample {
	s := ClockSample{Source: serverName, Method: "https_date"}
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	tr := pinnedTransport(addr, &tls.Config{ServerName: serverName, InsecureSkipVerify: true}) //nolint:gosec // Date only
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, "https://"+hostForURL(serverName)+"/", nil)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	t0 := time.Now()
	resp, err := tr.RoundTrip(req)
	t1 := time.Now()
	if err != nil {
		s.Error, s.Silent = err.Error(), isTimeout(err) || ctx.Err() != nil
		return s
	}
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		s.Error = fmt.Sprintf("no usable Date header (%q)", resp.Header.Get("Date"))
		return s
	}
	mid := t0.Add(t1.Sub(t0) / 2)
	s.OK = true
	s.Offset = date.Add(500 * time.Millisecond).Sub(mid)
	s.RTT = t1.Sub(t0)
	s.OffsetMS, s.RTTMS = Millis(s.Offset), Millis(s.RTT)
	return s
}

func hostForURL(h string) string {
	if ip := net.ParseIP(h); ip != nil && ip.To4() == nil {
		return "[" + h + "]"
	}
	return h
}
