package dnsconf

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
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
	st.Captive = captive(ctx, "http://captive.apple.com/hotspot-detect.html", "Success")
	return st, nil
}

func captive(ctx context.Context, url, want string) bool {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return !strings.Contains(string(b), want)
}
