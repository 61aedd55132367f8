package network

import (
	"maps"
	"slices"

	"wpsdoctor/health"
)

// OnNetwork rewords a failed net.tcp finding whose connections timed out,
// were reset or were refused, for a computer whose own firewall was read
// and lets WPS out: the block is on the network (a company or school
// firewall, the router), where allowing WPS in this computer's firewall
// cannot help. The code stays (it names what was measured); the text says
// where the block is and asks for the IT department, firewall.allow is
// no longer suggested, and the evidence marks it blocked on the network.
// Any other finding is returned unchanged.
func OnNetwork(f health.Finding) health.Finding {
	if f.Status != health.StatusFail {
		return f
	}
	a := f.Message.Args
	var n health.Finding
	switch f.Message.Key {
	case "net.tcp.filtered":
		n = health.Fail(f.Code, health.Msg("net.tcp.network_filtered", "endpoints", a["endpoints"], "failed", a["failed"], "total", a["total"]))
	case "net.tcp.reset":
		n = health.Fail(f.Code, health.Msg("net.tcp.network_reset", "endpoints", a["endpoints"], "failed", a["failed"], "total", a["total"]))
	case "net.tcp.refused":
		n = health.Fail(f.Code, health.Msg("net.tcp.network_refused", "endpoints", a["endpoints"], "failed", a["failed"], "total", a["total"]))
	default:
		return f
	}
	n.Check, n.Area, n.DurationMS = f.Check, f.Area, f.DurationMS
	n.Evidence = maps.Clone(f.Evidence)
	n = n.With(health.EvidenceBlockedOn, health.BlockedOnNetwork)
	n.Fixes = slices.DeleteFunc(slices.Clone(f.Fixes), func(id string) bool { return id == health.FixFirewall })
	return n
}
