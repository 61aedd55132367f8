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
	Error    string        `json:"error,omitempty"`
}

func (a *DNSAnswer) finish(start time.Time) {
	a.RTT = time.Since(start)
	a.MS = Millis(a.RTT)
	sort.Strings(a.Addrs)
}

// QueryDNS asks server ("ip" or "ip:port", port 53 by default) for the A and
// AAAA records of host directly, bypassing the system resolver, as the
// cross-check of what the system resolver says.
func QueryDNS(ctx context.Context, server, host string, timeout time.Duration) (ans DNSAnswer) {
	if _, _, err := net.SplitHostPort(server); err != nil {
		server = net.JoinHostPort(server, "53")
	}
	ans = DNSAnswer{Resolver: server, Host: host}
	start := time.Now()
	defer func() { ans.finish(start) }()
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()

	type one struct {
		msg *dns.Msg
		err error
	}
	var wg sync.WaitGroup
	res := make([]one, 2)
	for i, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
		wg.Add(1)
		go func(i int, qt uint16) {
			defer wg.Done()
			m := new(dns.Msg)
			m.SetQuestion(dns.Fqdn(host), qt)
			m.RecursionDesired = true
			c := &dns.Client{Net: "udp", Timeout: budget(ctx, timeout)}
			r, _, err := c.ExchangeContext(ctx, m, server)
			if err == nil && r != nil && r.Truncated {
				c.Net = "tcp"
				r, _, err = c.ExchangeContext(ctx, m, server)
			}
			res[i] = one{r, err}
		}(i, qt)
	}
	wg.Wait()

	var firstErr error
	rcodes := map[int]bool{}
	answered := false
	for _, r := range res {
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
			}
			continue
		}
		answered = true
		rcodes[r.msg.Rcode] = true
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
	case answered && rcodes[dns.RcodeSuccess]:
		ans.Outcome = DNSNoData
	case firstErr != nil:
		ans.Outcome, ans.Error = classifyDNSErr(ctx, firstErr)
	default:
		ans.Outcome = DNSError
	}
	return ans
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
func ResolveSystem(ctx context.Context, host, server string, timeout time.Duration) (ans DNSAnswer) {
	ans = DNSAnswer{Resolver: SystemResolver, Host: host}
	start := time.Now()
	defer func() { ans.finish(start) }()
	ctx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	r := net.DefaultResolver
	if server != "" {
		if _, _, err := net.SplitHostPort(server); err != nil {
			server = net.JoinHostPort(server, "53")
		}
		var d net.Dialer
		r = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, server)
		}}
	}
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
	for _, a := range addrs {
		ans.Addrs = append(ans.Addrs, a.Unmap().String())
	}
	ans.Outcome = DNSOK
	if len(ans.Addrs) == 0 {
		ans.Outcome = DNSNoData
	}
	return ans
}
