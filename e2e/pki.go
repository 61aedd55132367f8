package e2e

import (
	"time"

	"wpsdoctor/netprobe/probetest"
)

// CA is the test certificate authority the world's nginx certificates
// come from (the same one the unit tests' loopback servers use).
type CA = probetest.CA

// NewCA makes a self-signed CA named cn.
func NewCA(cn string) (*CA, error) { return probetest.NewCA(cn) }

// issue signs a server certificate for names (DNS names or IP literals),
// as PEM chain and key files. The validity window is wide (two days back,
// a month ahead) so the clock faults, which shift servers by minutes, never
// make it expire.
func issue(ca *CA, names []string, now time.Time) (chainPEM, keyPEM []byte, err error) {
	return ca.LeafPEM(names, now.Add(-48*time.Hour), now.Add(30*24*time.Hour))
}
