// Package network holds the checks that tell why WPS cannot reach its
// cloud: route, DNS, TCP, TLS, captive portal, quality, proxy, VPN, clock
// and service region. net.online is the root of all of them, net.quality
// the root of the reachability checks (a lossy link, not DNS or a
// firewall, explains their timeouts), and the probes
// are shared between checks (one DNS answer per host, one TCP connect per
// port), so a full run costs about as long as its slowest probe.
package network

import (
	"crypto/x509"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/netinfo"
)

// Check IDs.
const (
	IDOnline  = "net.online"
	IDDNS     = "dns.resolve"
	IDTCP     = "net.tcp"
	IDTLS     = "net.tls"
	IDCaptive = "net.captive"
	IDQuality = "net.quality"
	IDProxy   = "net.proxy"
	IDVPN     = "net.vpn"
	IDClock   = "clock.skew"
	IDRegion  = "account.region"
)

// Finding codes. Stable: helpdesk scripts match on them.
const (
	CodeOnline        = "WSD-NET-000" // a default route exists on an interface that is up
	CodeNoRoute       = "WSD-NET-001" // no default route: the computer is offline
	CodeLinkDown      = "WSD-NET-002" // the default route's interface is down
	CodeRouteUnknown  = "WSD-NET-009" // the routing table could not be read
	CodeTCPOK         = "WSD-NET-010" // every endpoint accepts TCP on its ports
	CodeTCPRefused    = "WSD-NET-011" // connection refused (RST): a firewall rejects, or nothing listens
	CodeTCPFiltered   = "WSD-NET-012" // connection timed out: packets dropped (filtered) on the way
	CodeTCPReset      = "WSD-NET-013" // connection reset: a middlebox tears connections down
	CodeTCPNoRoute    = "WSD-NET-014" // host or network unreachable (ICMP / no route)
	CodeTCPBlocked    = "WSD-NET-015" // the local firewall refused to send
	CodeTCPPort80     = "WSD-NET-016" // only plain-HTTP port 80 fails (443 works)
	CodeTCPNone       = "WSD-NET-017" // no endpoint address to connect to
	CodeCaptive       = "WSD-NET-020" // a captive portal answers instead of WPS
	CodeCaptiveClear  = "WSD-NET-021" // the plain-HTTP probe reached WPS itself
	CodeCaptiveNA     = "WSD-NET-022" // the captive-portal probe could not run
	CodeQualityOK     = "WSD-NET-030" // latency, jitter and loss within limits
	CodeLatencyHigh   = "WSD-NET-031" // average handshake time above latency_ms
	CodeJitterHigh    = "WSD-NET-032" // jitter above jitter_ms
	CodeLossHigh      = "WSD-NET-033" // handshake loss above loss_percent
	CodeUplinkSlow    = "WSD-NET-034" // uplink below uplink_mbps
	CodeUplinkLarge   = "WSD-NET-035" // uplink below uplink_large_mbps: large files will be slow
	CodeVPNNone       = "WSD-NET-040" // no VPN interface is up
	CodeVPNDefault    = "WSD-NET-041" // the default route (WPS traffic) goes through a VPN
	CodeVPNPresent    = "WSD-NET-042" // a VPN is up but WPS traffic does not use it
	CodeDNSOK         = "WSD-DNS-000" // every endpoint resolves to plausible addresses
	CodeDNSDown       = "WSD-DNS-001" // no resolver answers for any endpoint: DNS or the internet is down
	CodeDNSNXDomain   = "WSD-DNS-002" // system resolver says a WPS host does not exist while public resolvers know it
	CodeDNSBogus      = "WSD-DNS-003" // system resolver answers 0.0.0.0 / private / redirected addresses
	CodeDNSNoAnswer   = "WSD-DNS-004" // system resolver fails (timeout, error) while public resolvers answer
	CodeDNSSlow       = "WSD-DNS-005" // system resolver answers slower than dns_slow_ms
	CodeDNSGone       = "WSD-DNS-006" // no resolver knows the host (catalogue out of date?)
	CodeDNSFakeIP     = "WSD-DNS-007" // a proxy tool in fake-IP mode answers (198.18.0.0/15)
	CodeDNSUnverified = "WSD-DNS-008" // private answers that public resolvers could not confirm
	CodeTLSOK         = "WSD-TLS-001" // valid certificate for each host, trusted chain
	CodeTLSIntercept  = "WSD-TLS-002" // chain not trusted: HTTPS interception by a proxy or antivirus
	CodeTLSWrongHost  = "WSD-TLS-003" // certificate issued for another host
	CodeTLSClock      = "WSD-TLS-004" // certificates look expired / not yet valid because the clock is wrong
	CodeTLSExpired    = "WSD-TLS-005" // certificate expired (and the clock is right)
	CodeTLSStalled    = "WSD-TLS-006" // TCP connects but the TLS handshake never completes
	CodeTLSReset      = "WSD-TLS-007" // connection reset or closed during the handshake
	CodeTLSError      = "WSD-TLS-008" // other handshake error
	CodeClockOK       = "WSD-CLK-000" // offset within clock_warn_seconds
	CodeClockWarn     = "WSD-CLK-001" // offset above clock_warn_seconds
	CodeClockFail     = "WSD-CLK-002" // offset above clock_fail_seconds: sign-in and TLS break
	CodeClockZone     = "WSD-CLK-003" // offset is (near) whole hours: wrong time zone, clock moved to compensate
	CodeClockNTPOff   = "WSD-CLK-004" // clock right now, but automatic network time is off
	CodeClockNoSample = "WSD-CLK-005" // no time source answered
	CodeProxyNone     = "WSD-PRX-001" // no proxy configured
	CodeProxyDead     = "WSD-PRX-002" // WPS traffic goes to a proxy that does not answer or refuses
	CodeProxyPAC      = "WSD-PRX-003" // automatic proxy configuration (PAC/WPAD) may route WPS traffic
	CodeProxyWorks    = "WSD-PRX-004" // WPS traffic goes through a proxy that works
	CodeProxyBypass   = "WSD-PRX-005" // a proxy is set but WPS hosts bypass it
	CodeProxyUnknown  = "WSD-PRX-009" // proxy settings could not be read
	CodeRegionOK      = "WSD-ACC-001" // the installed edition's service family answers from here
	CodeRegionWrong   = "WSD-ACC-002" // only the other family answers: edition and region do not match
	CodeRegionFar     = "WSD-ACC-003" // the other family is much closer: consider the matching edition
	CodeRegionInfo    = "WSD-ACC-004" // edition unknown: which families answer
	CodeRegionNone    = "WSD-ACC-005" // no family answers
)

// Options makes the checks testable: tests point them at loopback
// servers; the zero value means the real system.
type Options struct {
	// SystemResolver, when set ("127.0.0.1:5353"), is used in place of the
	// OS resolver.
	SystemResolver string
	// Roots is the TLS trust store; nil means the system's.
	Roots *x509.CertPool
	// Info reads OS facts; nil means netinfo.System().
	Info netinfo.Provider
	// PlainHTTPPorts are endpoint ports spoken as plain HTTP (the captive
	// probe uses them); every other port is TLS. Default {80}.
	PlainHTTPPorts []int
	// QualitySamples is the number of handshakes net.quality makes (10,
	// 50 ms apart: loss is a rate, and 5 samples miss 10 % loss too often).
	QualitySamples int
	// UplinkDuration bounds the uplink test (2 s).
	UplinkDuration time.Duration
}

// Checks returns the network checks for the real system.
func Checks() []health.Check { return ChecksWith(Options{}) }

// ChecksWith returns the network checks observing through o.
func ChecksWith(o Options) []health.Check {
	if o.Info == nil {
		o.Info = netinfo.System()
	}
	if len(o.PlainHTTPPorts) == 0 {
		o.PlainHTTPPorts = []int{80}
	}
	if o.QualitySamples <= 0 {
		o.QualitySamples = 10
	}
	if o.UplinkDuration <= 0 {
		o.UplinkDuration = 2 * time.Second
	}
	r := &registry{o: o}
	cs := []health.Check{
		{ID: IDOnline, Area: health.AreaNetwork, Light: true, Offline: true, Run: r.run(checkOnline)},
		{ID: IDCaptive, Area: health.AreaNetwork, DependsOn: []string{IDOnline}, Run: r.run(checkCaptive)},
		// net.quality is the root of the reachability checks: it fails
		// only when loss it measured explains their timeouts, and then
		// hides them (dns.resolve, and through it everything else).
		{ID: IDQuality, Area: health.AreaNetwork, DependsOn: []string{IDOnline, IDCaptive}, Run: r.run(checkQuality)},
		{ID: IDDNS, Area: health.AreaDNS, DependsOn: []string{IDOnline, IDCaptive, IDQuality}, Run: r.run(checkDNS)},
		{ID: IDTCP, Area: health.AreaNetwork, DependsOn: []string{IDDNS}, Run: r.run(checkTCP)},
		{ID: IDTLS, Area: health.AreaNetwork, DependsOn: []string{IDTCP}, Run: r.run(checkTLS)},
		{ID: IDProxy, Area: health.AreaNetwork, DependsOn: []string{IDOnline}, Run: r.run(checkProxy)},
		{ID: IDVPN, Area: health.AreaNetwork, DependsOn: []string{IDOnline}, Light: true, Run: r.run(checkVPN)},
		{ID: IDClock, Area: health.AreaClock, DependsOn: []string{IDDNS}, Run: r.run(checkClock)},
		{ID: IDRegion, Area: health.AreaAccount, DependsOn: []string{IDDNS}, Run: r.run(checkRegion)},
		// WPS's own servers (servers.go): a failed connection is net.tcp's
		// and net.tls's to explain, so it needs only names that resolve.
		// The sign-in providers (signin.go) matter only when WPS itself is
		// reachable: "use phone or e-mail" presumes it.
		{ID: IDServers, Area: health.AreaAccount, DependsOn: []string{IDDNS}, Run: r.run(checkServers)},
		{ID: IDSignin, Area: health.AreaAccount, DependsOn: []string{IDTLS}, Run: r.run(checkSignin)},
	}
	// A hard ceiling; inside, each check is bounded by the catalogue's
	// network_deadline_ms and each probe by probe_timeout_ms.
	for i := range cs {
		cs[i].Timeout = MaxCheckTime
	}
	return cs
}

// MaxCheckTime bounds any network check whatever the catalogue says.
const MaxCheckTime = 8 * time.Second
