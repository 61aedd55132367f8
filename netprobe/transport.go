package netprobe

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
)

// pinnedTransport is an HTTP transport for one probe: every connection goes
// to addr (an address already resolved, so DNS is not tested twice), never
// through a proxy (the proxy is its own check), and nothing is kept alive
// after the probe.
func pinnedTransport(addr string, tlsConf *tls.Config) *http.Transport {
	var d net.Dialer
	return &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		TLSClientConfig:   tlsConf,
		DisableKeepAlives: true,
	}
}
