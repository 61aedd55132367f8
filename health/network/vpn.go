package network

import (
	"context"

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
	return f(health.Info(CodeVPNPresent, health.Msg("net.vpn.present", "ifaces", vpns)))
}
