package network

import (
	"context"
	"net"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/netprobe"
	"wpsdoctor/platform/netinfo"
)

// checkOnline decides "offline" from local facts only (no packet sent), so
// it is fast and cannot be fooled by a slow network: no default route, or
// a default route on an interface that is down. Reaching the internet is
// judged by the checks that depend on it.
func checkOnline(ctx context.Context, s *session) health.Finding {
	routes, err := s.o.Info.DefaultRoutes(ctx)
	ifs, ifErr := s.o.Info.Interfaces(ctx)
	var up []string
	for _, i := range ifs {
		if i.Up && !i.Loopback {
			up = append(up, i.Name)
		}
	}
	if err != nil {
		// No routing table reader: ask the kernel which way a public
		// resolver would go (no packet is sent).
		for _, fn := range s.cat.FamilyNames() {
			for _, r := range s.cat.Family(fn).Resolvers {
				hp, perr := catalog.ParseHostPort(r, 53)
				if perr != nil {
					continue
				}
				ip, _, _ := net.SplitHostPort(hp)
				iface, local, eerr := netinfo.Egress(ip, ifs)
				if eerr == nil {
					return health.OK(CodeOnline, health.Msg("net.online.ok_egress", "iface", orUnknown(iface))).
						With("egress_interface", iface).With("local_addr", local).With("route_error", err.Error())
				}
				if o := netprobe.ClassifyError(eerr); o == netprobe.TCPNoRoute || o == netprobe.TCPUnreachable {
					return health.Fail(CodeNoRoute, health.Msg("net.online.no_route")).
						With("error", eerr.Error()).With("interfaces_up", up)
				}
			}
		}
		return health.Errorf(CodeRouteUnknown, health.Msg("net.online.unknown", "error", err.Error()))
	}
	if len(routes) == 0 {
		return health.Fail(CodeNoRoute, health.Msg("net.online.no_route")).With("interfaces_up", up)
	}
	if ifErr == nil {
		state := map[string]bool{}
		for _, i := range ifs {
			state[i.Name] = i.Up
		}
		var live []netinfo.Route
		for _, r := range routes {
			if up, known := state[r.Iface]; !known || up {
				live = append(live, r)
			}
		}
		if len(live) == 0 {
			return health.Fail(CodeLinkDown, health.Msg("net.online.link_down", "iface", routes[0].Iface)).
				With("routes", routes)
		}
		routes = live
	}
	return health.OK(CodeOnline, health.Msg("net.online.ok", "iface", routes[0].Iface)).With("routes", routes)
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}
