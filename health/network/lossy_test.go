package network

import (
	"context"
	"slices"
	"testing"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/netprobe"
	"wpsdoctor/netprobe/probetest"
)

// One lost DNS datagram per question is not a DNS fault: the old probe
// asked once and reported WSD-DNS-004 with dns.set.
func TestDNSLostDatagramIsNoFault(t *testing.T) {
	w := newWorld(t)
	for _, n := range testNames {
		w.sys.Set(n, probetest.Answer{Addrs: []string{"127.0.0.1"}, DropFirst: 1})
		w.pub.Set(n, probetest.Answer{Addrs: []string{"127.0.0.1"}, DropFirst: 1})
	}
	w.ntp.DropNext(1)
	fs := w.runAll()
	expect(t, fs[IDDNS], health.StatusOK, CodeDNSOK)
	expect(t, fs[IDClock], health.StatusOK, CodeClockOK)
	// The retries are loss seen directly, and net.quality says so.
	r, _ := fs[IDQuality].Evidence["reach"].(reach)
	if !slices.Contains(r.Retried, "dns account.wps.test") || !slices.Contains(r.Retried, "sntp "+w.ntp.Addr) {
		t.Errorf("got retried %v, want the system lookup of account.wps.test and the SNTP server among them", r.Retried)
	}
}

// When net.quality fails, every reachability check is hidden behind it
// (dns.resolve directly, the others through it): the report names loss,
// not DNS or a firewall. On the old wiring net.quality hung below net.tcp.
func TestQualityFailureHidesReachChecks(t *testing.T) {
	w := newWorld(t)
	cs := ChecksWith(w.opts())
	for i := range cs {
		switch cs[i].ID {
		case IDQuality:
			cs[i].Run = func(context.Context, *health.Env) health.Finding {
				return health.Fail(CodeLossHigh, health.Msg("net.quality.loss_timeouts", "percent", 20.0, "limit", 5.0, "addr", "a", "count", 2))
			}
		case IDDNS:
			cs[i].Run = func(context.Context, *health.Env) health.Finding {
				return health.Fail(CodeDNSNoAnswer, health.Msg("net.dns.no_answer", "hosts", []string{"account.wps.test"})).Suggest(health.FixDNSSet)
			}
		}
	}
	r := health.Runner{Checks: cs, Deadline: 10 * time.Second}
	fs := map[string]health.Finding{}
	for _, f := range r.Run(context.Background(), w.env()) {
		fs[f.Check] = f
	}
	expect(t, fs[IDQuality], health.StatusFail, CodeLossHigh)
	for _, id := range []string{IDDNS, IDTCP, IDTLS, IDClock, IDRegion} {
		if fs[id].SuppressedBy != IDQuality || len(fs[id].Fixes) > 0 {
			t.Errorf("%s: got %s %s suppressed by %q fixes %v, want hidden behind %s", id, fs[id].Status, fs[id].Code, fs[id].SuppressedBy, fs[id].Fixes, IDQuality)
		}
	}
	for _, id := range []string{IDOnline, IDCaptive, IDProxy, IDVPN} {
		if fs[id].SuppressedBy != "" {
			t.Errorf("%s hidden behind %s, want it judged on its own", id, fs[id].SuppressedBy)
		}
	}
}

func TestQualityExplainsTimeouts(t *testing.T) {
	clean := netprobe.Quality{Addr: "a", Sent: 10, Received: 10, AvgMS: 20, JitterMS: 3}
	lossy := netprobe.Quality{Addr: "a", Sent: 10, Received: 7, Retransmitted: 1, LossPercent: 30, AvgMS: 20}
	slow := netprobe.Quality{Addr: "a", Sent: 10, Received: 10, AvgMS: 250}
	// Loss under its limit: the latency carries the verdict.
	slowLossy := netprobe.Quality{Addr: "a", Sent: 30, Received: 29, LossPercent: 3.3, AvgMS: 250}
	dark := netprobe.Quality{Addr: "a", Sent: 10, LossPercent: 100}
	timedOut := reach{TimedOut: []string{"dns drive.wps.test", "tls drive.wps.test:443"}}
	retried := reach{TimedOut: timedOut.TimedOut, Retried: []string{"tcp account.wps.test:443"}}
	cases := []struct {
		name   string
		q      netprobe.Quality
		r      reach
		status health.Status
		code   string
	}{
		{"loss over the limit explains timeouts", lossy, timedOut, health.StatusFail, CodeLossHigh},
		{"loss over the limit, nothing timed out", lossy, reach{}, health.StatusWarn, CodeLossHigh},
		{"latency with packets seen lost explains timeouts", slowLossy, timedOut, health.StatusFail, CodeLatencyHigh},
		{"latency with probes retried explains timeouts", slow, retried, health.StatusFail, CodeLatencyHigh},
		// A handshake stalled on a slow but clean path is not loss: a
		// middlebox stays the suspect (net.tls reports it).
		{"latency without any loss explains nothing", slow, timedOut, health.StatusWarn, CodeLatencyHigh},
		{"clean path explains nothing", clean, timedOut, health.StatusOK, CodeQualityOK},
		// Nothing got through: an endpoint out of reach, not a lossy link.
		{"no handshake got through", dark, timedOut, health.StatusSkipped, CodeQualityOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := qualityFinding([]netprobe.Quality{c.q}, nil, c.r, 100, 30, 5, 1, 5)
			expect(t, f, c.status, c.code)
		})
	}
}

// reachability sorts the shared probes into silent and retried ones.
func TestReachability(t *testing.T) {
	w := newWorld(t)
	silent, err := probetest.StartSilent()
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	w.driveTLS = port(silent.Addr) // TCP connects, the handshake never answers
	w.sys.Set("account.wps.test", probetest.Answer{Addrs: []string{"127.0.0.1"}, DropFirst: 1})
	env := w.env()
	reg := &registry{o: w.opts()}
	reg.o.Info = w.info
	s := reg.session(env)
	ctx, cancel := context.WithTimeout(context.Background(), s.deadline)
	defer cancel()
	fams, _ := s.families()
	r := s.reachability(ctx, fams)
	want := "tls drive.wps.test:" + w.driveTLS
	if !slices.Contains(r.TimedOut, want) || len(r.TimedOut) != 1 {
		t.Errorf("got timed out %v, want only %s", r.TimedOut, want)
	}
	if !slices.Contains(r.Retried, "dns account.wps.test") {
		t.Errorf("got retried %v, want the system lookup of account.wps.test", r.Retried)
	}
}
