package netinfo

import (
	"context"
	"os"
	"strings"
)

// networkTime on macOS: whether automatic time is on is only readable as
// admin (systemsetup -getusingnetworktime), so report the configured
// server and "unknown".
func networkTime(context.Context) (TimeSync, error) {
	t := TimeSync{State: SyncUnknown, Source: "/etc/ntp.conf"}
	if b, err := os.ReadFile("/etc/ntp.conf"); err == nil {
		t.Detail = strings.Join(NTPConfServers(string(b)), ", ")
	}
	return t, nil
}

func osProxies(ctx context.Context) ([]Proxy, error) {
	b, err := run(ctx, "/usr/sbin/scutil", "--proxy")
	if err != nil {
		return nil, err
	}
	p, err := ParseScutilProxy(string(b))
	if err != nil {
		return nil, err
	}
	return []Proxy{p}, nil
}
