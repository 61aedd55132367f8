package dnsconf

import (
	"context"
	"errors"
	"strings"
)

func read(ctx context.Context, _ Paths) (State, error) {
	order := ParseServiceOrder(output(ctx, "networksetup", "-listnetworkserviceorder"))
	if len(order) == 0 {
		return State{}, errors.New("could not list network services (networksetup failed)")
	}
	manual := map[string][]string{}
	for _, s := range order {
		if !s.Disabled {
			manual[s.Name] = ParseGetDNSServers(output(ctx, "networksetup", "-getdnsservers", s.Name))
		}
	}
	st := MacState(order, ParseRouteDefault(output(ctx, "route", "-n", "get", "default")), manual)
	if strings.Contains(string(output(ctx, "profiles", "-P")), "com.apple.dnsSettings") {
		st.Managed, st.ManagedDetail = "mdm", "DNS settings configuration profile"
	}
	return st, nil
}
