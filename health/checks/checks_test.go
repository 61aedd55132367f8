package checks

import (
	"slices"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/health/network"
)

func TestAllWiresCrossDependencies(t *testing.T) {
	all := All()
	if err := health.Validate(all); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(c health.Check) bool { return c.ID == network.IDTCP })
	if i < 0 || !slices.Contains(all[i].DependsOn, local.IDFirewall) {
		t.Fatalf("net.tcp must depend on %s in the full catalogue: %+v", local.IDFirewall, all[i].DependsOn)
	}
	// The network package alone stays self-contained (bench, e2e helpers).
	if err := health.Validate(network.Checks()); err != nil {
		t.Errorf("network.Checks() alone: %v", err)
	}
	// Selecting net.tls pulls the firewall check in through net.tcp.
	sel, err := health.Select(all, []string{network.IDTLS})
	if err != nil || !slices.ContainsFunc(sel, func(c health.Check) bool { return c.ID == local.IDFirewall }) {
		t.Errorf("Select(net.tls) = %d checks, %v; want firewall.rules among them", len(sel), err)
	}
}
