package netprobe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"time"
)

// TLSOutcome classifies a TLS handshake and the certificate it produced.
type TLSOutcome string

const (
	TLSOK          TLSOutcome = "ok"
	TLSUntrusted   TLSOutcome = "untrusted"     // chain ends at an issuer the store does not trust: interception (proxy, antivirus, portal)
	TLSWrongHost   TLSOutcome = "wrong_host"    // certificate not issued for this host: redirection or a portal
	TLSExpired     TLSOutcome = "expired"       // past NotAfter by this computer's clock
	TLSNotYetValid TLSOutcome = "not_yet_valid" // before NotBefore by this computer's clock
	TLSTimeout     TLSOutcome = "timeout"       // TCP connected but the handshake never completed: DPI or a black-holing middlebox
	TLSReset       TLSOutcome = "reset"         // connection reset during the handshake
	TLSClosed      TLSOutcome = "closed"        // peer hung up during the handshake
	TLSNoConnect   TLSOutcome = "no_connect"    // the TCP connection itself failed (see TCP)
	TLSError       TLSOutcome = "error"         // protocol error, invalid certificate
)

// TLSResult is one handshake.
type TLSResult struct {
	Addr       string     `json:"addr"`
	ServerName string     `json:"server_name"`
	Outcome    TLSOutcome `json:"outcome"`
	TCP        TCPOutcome `json:"tcp,omitempty"`
	Version    string     `json:"version,omitempty"`
	Subject    string     `json:"subject,omitempty"`
	Issuer     string     `json:"issuer,omitempty"`
	DNSNames   []string   `json:"dns_names,omitempty"`
	NotBefore  time.Time  `json:"not_before,omitzero"`
	NotAfter   time.Time  `json:"not_after,omitzero"`
	// RTT is the time from connect to a finished handshake.
	RTT time.Duration `json:"-"`
	MS  float64       `json:"ms"`
	// Attempts is the handshake that finished (2: the first had not after
	// RetryAfter), or how many were tried when none did.
	Attempts int    `json:"attempts,omitempty"`
	Error    string `json:"error,omitempty"`
}

// silent reports a handshake that got no answer in time (at the TCP or the
// TLS stage): worth another attempt, and what packet loss looks like.
func (r TLSResult) silent() bool {
	return r.Outcome == TLSTimeout || r.Outcome == TLSNoConnect && r.TCP == TCPTimeout
}

// TLSOptions says what to trust.
type TLSOptions struct {
	// Roots is the trust store; nil means the system store (on Linux Go
	// honours SSL_CERT_FILE and SSL_CERT_DIR).
	Roots *x509.CertPool
	// Now is the verification time; nil means the local clock, which is
	// the point: a wrong clock makes valid certificates look expired.
	Now     func() time.Time
	Timeout time.Duration
}

// HandshakeTLS connects to addr, shakes hands presenting serverName (SNI)
// and verifies the certificate itself, so the failure is classified rather
// than a bare "handshake failed". A handshake that has not finished after
// RetryAfter is joined by a second one (ConnectAttempts in all, each
// bounded by o.Timeout): a stalled handshake is reported only when every
// attempt stalled. Any other answer (a certificate, a reset) is final.
func HandshakeTLS(ctx context.Context, addr, serverName string, o TLSOptions) TLSResult {
	return defaultConnect.handshake(ctx, addr, serverName, o)
}

func (p connectPolicy) handshake(ctx context.Context, addr, serverName string, o TLSOptions) TLSResult {
	res, n := retry(ctx, ConnectAttempts, p.after, func(ctx context.Context) TLSResult {
		return p.handshakeOnce(ctx, addr, serverName, o)
	}, func(r TLSResult) bool { return !r.silent() })
	res.Attempts = n
	return res
}

func (p connectPolicy) handshakeOnce(ctx context.Context, addr, serverName string, o TLSOptions) (res TLSResult) {
	res = TLSResult{Addr: addr, ServerName: serverName}
	ctx, cancel := withTimeout(ctx, o.Timeout)
	defer cancel()
	start := time.Now()
	defer func() { res.RTT = time.Since(start); res.MS = Millis(res.RTT) }()

	tr, raw := p.dialTCP(ctx, addr, o.Timeout)
	res.TCP = tr.Outcome
	if raw == nil {
		res.Outcome, res.Error = TLSNoConnect, tr.Error
		return res
	}
	defer raw.Close()
	shakeHands(ctx, raw, serverName, o, &res)
	return res
}

// shakeHands runs the TLS handshake on raw (a direct connection or a
// proxy's tunnel) and classifies it into res.
func shakeHands(ctx context.Context, raw net.Conn, serverName string, o TLSOptions, res *TLSResult) {
	if dl, ok := ctx.Deadline(); ok {
		raw.SetDeadline(dl)
	}
	conn := tls.Client(raw, &tls.Config{
		ServerName: serverName,
		// Verification is done below against o.Roots so that each
		// failure gets its own name.
		InsecureSkipVerify: true, //nolint:gosec // verified by hand below
		MinVersion:         tls.VersionTLS12,
	})
	if err := conn.HandshakeContext(ctx); err != nil {
		res.Error = err.Error()
		switch ClassifyError(err) {
		case TCPTimeout:
			res.Outcome = TLSTimeout
		case TCPReset:
			res.Outcome = TLSReset
		case TCPClosed:
			res.Outcome = TLSClosed
		default:
			res.Outcome = TLSError
		}
		return
	}
	st := conn.ConnectionState()
	res.Version = tls.VersionName(st.Version)
	if len(st.PeerCertificates) == 0 {
		res.Outcome, res.Error = TLSError, "no certificate"
		return
	}
	leaf := st.PeerCertificates[0]
	res.Subject = leaf.Subject.String()
	res.Issuer = leaf.Issuer.String()
	res.DNSNames = leaf.DNSNames
	res.NotBefore, res.NotAfter = leaf.NotBefore, leaf.NotAfter
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	res.Outcome, res.Error = VerifyChain(st.PeerCertificates, serverName, o.Roots, now)
}

// VerifyChain classifies a presented chain: trust first (an untrusted
// issuer is the interception signal whatever the name), then validity
// dates, then the host name.
func VerifyChain(chain []*x509.Certificate, serverName string, roots *x509.CertPool, now time.Time) (TLSOutcome, string) {
	if len(chain) == 0 {
		return TLSError, "no certificate"
	}
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now})
	if err != nil {
		var ua x509.UnknownAuthorityError
		var ci x509.CertificateInvalidError
		var se x509.SystemRootsError
		switch {
		case errors.As(err, &ci) && ci.Reason == x509.Expired:
			if now.Before(leaf.NotBefore) || anyBefore(chain, now) {
				return TLSNotYetValid, err.Error()
			}
			return TLSExpired, err.Error()
		case errors.As(err, &ua), errors.As(err, &se):
			return TLSUntrusted, err.Error()
		case strings.Contains(err.Error(), "certificate signed by unknown authority"):
			// Platform verifiers (macOS, Windows) word it this way.
			return TLSUntrusted, err.Error()
		}
		return TLSError, err.Error()
	}
	if err := leaf.VerifyHostname(serverName); err != nil {
		return TLSWrongHost, err.Error()
	}
	return TLSOK, ""
}

func anyBefore(chain []*x509.Certificate, now time.Time) bool {
	for _, c := range chain {
		if now.Before(c.NotBefore) {
			return true
		}
	}
	return false
}
