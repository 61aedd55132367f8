package checks

import (
	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/health/network"
)

// refiners reword a check's finding in the light of the checks it
// depends on (see health.Check.Refine).
var refiners = map[string]func(health.Finding, map[string]health.Finding) health.Finding{
	network.IDTCP: chain(blockedOutside, namesSecurity),
	network.IDTLS: namesSecurity,
}

// blockedOutside: connections to WPS dropped, reset or refused while the
// local firewall was read and is clear are blocked on the network, so
// net.tcp says so instead of suggesting the local firewall fix (which
// would find nothing to allow).
func blockedOutside(f health.Finding, deps map[string]health.Finding) health.Finding {
	fw, ok := deps[local.IDFirewall]
	if !ok || fw.Code != local.CodeFirewallClear {
		return f
	}
	return network.OnNetwork(f)
}
