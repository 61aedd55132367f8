package netprobe

import (
	"context"
	"errors"
	"net"
	"sort"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// DNSOutcome classifies what a resolver said.
type DNSOutcome string

const (
	DNSOK       DNSOutcome = "ok"
	DNSNXDomain DNSOutcome = "nxdomain" // the name does not exist (or the resolver lies that it does not)
	DNSNoData   DNSOutcome = "nodata"   // the name exists but has no address
	DNSTimeout  DNSOutcome = "timeout"  // no answer before the deadline
	DNSServFail DNSOutcome = "servfail"
	DNSRefused  DNSOutcome = "refused"
	DNSError    DNSOutcome = "error" // anything else (unreachable resolver, malformed answer)
)

// SystemResolver names the OS resolver in evidence.
const SystemResolver = "system"

// DNSAnswer is what one resolver said about one host.
type DNSAnswer struct {
	Resolver string        `json:"resolver"`
	Host     string        `json:"host"`
	Outcome  DNSOutcome    `json:"outcome"`
	Addrs    []string      `json:"addrs,omitempty"`
	RTT      time.Duration `json:"-"`
	MS       float64       `json:"ms"`
	// Attempts is the attempt that got the answer (1 when the first query
	// was answered; more means earlier datagrams were lost), or how many
	// were made when none was answered.
	Attempts int    `json:"attempts,omitempty"`
	Error    string `json:"error,omitempty"`

	// answerRTT is the round trip of the query that was answered (not of
	// the whole probe, which includes the wait before a retry).
	answerRTT time.Duration
}

// finish sets the round trip: the answered query's own when there is one
// (a retried query is not a slow resolver), else the whole probe's.
func (a *DNSAnswer) finish(start time.Time) {
	a.RTT = time.Since(start)
	if a.answerRTT > 0 {
		a.RTT = a.answerRTT
	}
	a.MS = Millis(a.RTT)
	sort.Strings(a.Addrs)
}

// QueryDNS asks server ("ip" or "ip:port", port 53 by default) for the A and
// AAAA records of host directly, bypassing the system resolver, as the
// cross-check of what the system resolver says. A question without an
// answer is asked again (DNSAttempts in all, RetryAfter apart or closer
// when timeout is short), within timeout: one lost datagram is not a
// silent resolver.
func QueryDNS(ctx context.Context, server, host string, timeout time.Duration) (ans DNSAnswer) {
	if _, _, err := net.SplitHostPort(server); err != nil {
		server = net.JoinHostPort(server, "53")
	}
	ans = DNSAnswer{Resolver: server, Host: host}
	start := time.Now()
	defer func() { ans.finish(start) }()
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	interval := datagramInterval(budget(ctx, timeout), DNSAttempts)

	var wg sync.WaitGroup
	res := make([]exchange, 2)
	for i, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
		wg.Add(1)
		go func(i int, qt uint16) {
			defer wg.Done()
			res[i], res[i].attempt = retry(ctx, DNSAttempts, interval, func(ctx context.Context) exchange {
				return exchangeOnce(ctx, server, host, qt, timeout)
			}, exchange.final)
		}(i, qt)
	}
	wg.Wait()
	judgeExchanges(&ans, ctx, res)
	return ans
}

// exchange is one question's answer (or error) and the attempt that got it.
type exchange struct {
	msg     *dns.Msg
	err     error
	rtt     time.Duration
	attempt int
}

// final: an answer of any kind, or an error other than silence.
func (e exchange) final() bool { return e.err == nil || !isTimeout(e.err) }

func exchangeOnce(ctx context.Context, server, host string, qt uint16, timeout time.Duration) exchange {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(host), qt)
	m.RecursionDesired = true
	c := &dns.Client{Net: "udp", Timeout: budget(ctx, timeout)}
	t0 := time.Now()
	r, _, err := c.ExchangeContext(ctx, m, server)
	if err == nil && r != nil && r.Truncated {
		c.Net = "tcp"
		r, _, err = c.ExchangeContext(ctx, m, server)
	}
	if err == nil && r == nil {
		err = errors.New("empty DNS response")
	}
	return exchange{msg: r, err: err, rtt: time.Since(t0)}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// judgeExchanges turns the A and AAAA exchanges into one outcome. "No
// data" needs both questions answered: a question that timed out may well
// have had the address.
func judgeExchanges(ans *DNSAnswer, ctx context.Context, res []exchange) {
	var firstErr error
	rcodes := map[int]bool{}
	answered := false
	for _, r := range res {
		ans.Attempts = max(ans.Attempts, r.attempt)
		if r.err != nil {
			if firstErr == nil || isTimeout(r.err) && !isTimeout(firstErr) {
				firstErr = r.err
			}
			continue
		}
		answered = true
		rcodes[r.msg.Rcode] = true
		if r.msg.Rcode == dns.RcodeSuccess {
			ans.answerRTT = max(ans.answerRTT, r.rtt)
		}
		for _, rr := range r.msg.Answer {
			switch v := rr.(type) {
			case *dns.A:
				ans.Addrs = append(ans.Addrs, v.A.String())
			case *dns.AAAA:
				ans.Addrs = append(ans.Addrs, v.AAAA.String())
			}
		}
	}
	switch {
	case len(ans.Addrs) > 0:
		ans.Outcome = DNSOK
	case rcodes[dns.RcodeNameError]:
		ans.Outcome = DNSNXDomain
	case rcodes[dns.RcodeServerFailure]:
		ans.Outcome = DNSServFail
	case rcodes[dns.RcodeRefused]:
		ans.Outcome = DNSRefused
	case firstErr != nil:
		ans.Outcome, ans.Error = classifyDNSErr(ctx, firstErr)
	case answered && rcodes[dns.RcodeSuccess]:
		ans.Outcome = DNSNoData
	default:
		ans.Outcome = DNSError
	}
}

func classifyDNSErr(ctx context.Context, err error) (DNSOutcome, string) {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) || ctx.Err() != nil {
		return DNSTimeout, err.Error()
	}
	return DNSError, err.Error()
}

// ResolveSystem resolves host the way applications do (hosts file, then the
// OS's configured resolvers). When server is not empty, the pure-Go
// resolver is pointed at that address instead, which is how tests inject a
// resolver and how the check names what "system" means in evidence.
//
// A lookup without an answer is started again (DNSAttempts in all,
// RetryAfter apart or closer when timeout is short) while the earlier ones
// keep waiting: Go's resolver resends only after resolv.conf's timeout
// (5 s by default), longer than the whole probe, so one lost datagram
// would otherwise read as a resolver that does not answer. Each attempt
// uses its own net.Resolver: identical concurrent lookups on one resolver
// are merged into one.
func ResolveSystem(ctx context.Context, host, server string, timeout time.Duration) (ans DNSAnswer) {
	ans = DNSAnswer{Resolver: SystemResolver, Host: host}
	start := time.Now()
	defer func() { ans.finish(start) }()
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	if server != "" {
		if _, _, err := net.SplitHostPort(server); err != nil {
			server = net.JoinHostPort(server, "53")
		}
	}
	interval := datagramInterval(budget(ctx, timeout), DNSAttempts)
	var attempt int
	ans, attempt = retry(ctx, DNSAttempts, interval, func(ctx context.Context) DNSAnswer {
		return lookupOnce(ctx, host, server)
	}, func(a DNSAnswer) bool { return a.Outcome != DNSTimeout })
	ans.Attempts = attempt
	return ans
}

// lookupOnce is one system lookup; its answerRTT is its own duration.
func lookupOnce(ctx context.Context, host, server string) DNSAnswer {
	ans := DNSAnswer{Resolver: SystemResolver, Host: host}
	r := &net.Resolver{}
	if server != "" {
		var d net.Dialer
		r = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, server)
		}}
	}
	t0 := time.Now()
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		var de *net.DNSError
		switch {
		case errors.As(err, &de) && de.IsNotFound:
			ans.Outcome = DNSNXDomain
		case errors.As(err, &de) && de.IsTimeout, ctx.Err() != nil:
			ans.Outcome = DNSTimeout
		default:
			ans.Outcome = DNSError
		}
		ans.Error = err.Error()
		return ans
	}
	ans.answerRTT = max(time.Since(t0), time.Nanosecond)
	for _, a := range addrs {
		ans.Addrs = append(ans.Addrs, a.Unmap().String())
	}
	ans.Outcome = DNSOK
	if len(ans.Addrs) == 0 {
		ans.Outcome = DNSNoData
	}
	return ans
}
