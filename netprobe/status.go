package netprobe

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// StatusResult is one HTTPS request to a service: the HTTP status it
// answered with, or why there was no answer.
type StatusResult struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	// RetryAfter is the Retry-After header, when sent.
	RetryAfter string `json:"retry_after,omitempty"`
	// ContentType is the answer's Content-Type.
	ContentType string `json:"content_type,omitempty"`
	// Body is the start of the answer (StatusBodyBytes at most); kept
	// out of the evidence.
	Body string `json:"-"`
	// Outcome classifies a request that got no HTTP answer.
	Outcome TCPOutcome `json:"outcome,omitempty"`
	Error   string     `json:"error,omitempty"`
	MS      float64    `json:"ms"`
}

// Answered reports whether the server answered with an HTTP status.
func (r StatusResult) Answered() bool { return r.Status != 0 }

// StatusBodyBytes bounds how much of an answer is read.
const StatusBodyBytes = 64 << 10

// ProbeStatus sends GET https://host:port/path to addr (an address already
// resolved), verifying the certificate against o.Roots (nil: the system's)
// at o.Now, without following redirects or using a proxy: any HTTP answer
// means the server itself answered. A failed connection or handshake is
// classified like a TCP failure; net.tcp and net.tls tell why.
func ProbeStatus(ctx context.Context, addr, host string, port int, path string, o TLSOptions) StatusResult {
	u := "https://" + hostForURL(host)
	if port != 443 && port != 0 {
		u = "https://" + net.JoinHostPort(host, strconv.Itoa(port))
	}
	u += path
	res := StatusResult{URL: u}
	ctx, cancel := withTimeout(ctx, o.Timeout)
	defer cancel()
	conf := &tls.Config{ServerName: host, RootCAs: o.Roots, MinVersion: tls.VersionTLS12}
	if o.Now != nil {
		conf.Time = o.Now
	}
	tr := pinnedTransport(addr, conf)
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		res.Outcome, res.Error = TCPError, err.Error()
		return res
	}
	req.Header.Set("User-Agent", "wpsdoctor-status-probe")
	start := time.Now()
	resp, err := tr.RoundTrip(req)
	res.MS = Millis(time.Since(start))
	if err != nil {
		res.Outcome, res.Error = ClassifyError(err), err.Error()
		return res
	}
	defer resp.Body.Close()
	res.Status = resp.StatusCode
	res.RetryAfter = resp.Header.Get("Retry-After")
	res.ContentType = resp.Header.Get("Content-Type")
	body, _ := io.ReadAll(io.LimitReader(resp.Body, StatusBodyBytes))
	res.Body = string(body)
	return res
}
