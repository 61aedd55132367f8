package network

import (
	"context"
	"slices"

	"wpsdoctor/health"
	"wpsdoctor/platform/netinfo"
)

// checkVPN reports VPN interfaces and, what matters, whether WPS traffic
// goes through one: the source documents tell users to try without VPN.
func checkVPN(ctx context.Context, s *session) health.Finding {
	ifs, err := s.o.Info.Interfaces(ctx)
	if err != nil {
		return health.Errorf(CodeVPNNone, health.Msg("net.vpn.unknown", "error", err.Error()))
	}
	var vpns []string
	for _, i := range ifs {
		if i.VPN && i.Up {
			vpns = append(vpns, i.Name)
		}
	}
	if len(vpns) == 0 {
		return health.OK(CodeVPNNone, health.Msg("net.vpn.none"))
	}
	routes, _ := s.o.Info.DefaultRoutes(ctx)
	via := netinfo.RouteThroughVPN(routes, ifs)
	f := func(fn health.Finding) health.Finding {
		return fn.With("vpn_interfaces", vpns).With("default_routes", routes)
	}
	if len(via) > 0 {
		return f(health.Warn(CodeVPNDefault, health.Msg("net.vpn.default", "iface", via[0].Iface)))
	}
	// Split tunnels: ask the routing table which way the sign-in host's
	// address goes (no packet is sent).
	fams, _ := s.families()
	if t, ok := s.loginTarget(fams[0]); ok {
		if ip, _, ok := s.address(ctx, t.Host); ok {
			if iface, local, err := netinfo.Egress(ip, ifs); err == nil && slices.Contains(vpns, iface) {
				return f(health.Warn(CodeVPNDefault, health.Msg("net.vpn.wps_via", "iface", iface, "host", t.Host))).
					With("egress_local_addr", local)
			}
		}
	}
	return f(health.Info(CodeVPNPresent, health.Msg("net.vpn.present", "ifaces", vpns)))
}
