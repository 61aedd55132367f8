package dnsconf

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
)

func read(ctx context.Context, p Paths) (State, error) {
	resolv, err := os.ReadFile(p.ResolvConf)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return State{}, err
	}
	nss, _ := os.ReadFile(p.NSSwitch)
	link, _ := os.Readlink(p.ResolvConf)
	nm := strings.TrimSpace(string(output(ctx, "nmcli", "-t", "-f", "RUNNING", "general"))) == "running"
	st := State{OS: "linux", Mode: DetectLinuxMode(resolv, nss, nm), ResolvConf: p.ResolvConf, ResolvData: resolv, ResolvLink: link}
	var defaults []string
	for _, fam := range []string{"-4", "-6"} {
		devs, _ := ParseIPRouteJSON(output(ctx, "ip", "-j", fam, "route", "show", "default"))
		for _, d := range devs {
			if !slices.Contains(defaults, d) {
				defaults = append(defaults, d)
			}
		}
	}
	for _, d := range defaults {
		if IsTunnel(d) {
			st.Managed, st.ManagedDetail = "vpn", "default route via "+d
		}
	}
	switch st.Mode {
	case ModeNetworkManager:
		for _, d := range ParseNmcliDevices(output(ctx, "nmcli", "-t", "-f", "DEVICE,TYPE,STATE", "device")) {
			if d.State != "connected" || d.Type == "loopback" {
				continue
			}
			if d.Type == "vpn" || d.Type == "wireguard" || d.Type == "tun" {
				st.Managed, st.ManagedDetail = "vpn", d.Type+" device "+d.Device
				continue
			}
			st.Interfaces = append(st.Interfaces, Interface{Name: d.Device, Default: slices.Contains(defaults, d.Device)})
		}
		if strings.TrimSpace(string(output(ctx, "nmcli", "-t", "networking", "connectivity"))) == "portal" {
			st.Captive = true
		}
	case ModeResolved:
		for _, d := range defaults {
			st.Interfaces = append(st.Interfaces, Interface{Name: d, Default: true})
		}
	default:
		i := Interface{Name: p.ResolvConf, Default: true, V4Static: true, V6Static: true}
		i.V4, i.V6 = SplitFamilies(Nameservers(resolv))
		st.Interfaces = []Interface{i}
	}
	if st.Mode == ModeResolved || st.Mode == ModeNetworkManager && resolvedIsResolver(resolv, nss) {
		st.Cache = "resolved"
	} else if _, err := os.Stat("/var/run/nscd/socket"); err == nil {
		st.Cache = "nscd"
	}
	return st, nil
}
