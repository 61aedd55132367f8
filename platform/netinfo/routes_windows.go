package netinfo

import (
	"context"
	"net"
	"unsafe"

	"golang.org/x/sys/windows"
)

func defaultRoutes(context.Context) ([]Route, error) {
	var tab *windows.MibIpForwardTable2
	if err := windows.GetIpForwardTable2(windows.AF_UNSPEC, &tab); err != nil {
		return nil, err
	}
	defer windows.FreeMibTable(unsafe.Pointer(tab))
	names := map[uint32]string{}
	if ifs, err := net.Interfaces(); err == nil {
		for _, i := range ifs {
			names[uint32(i.Index)] = i.Name
		}
	}
	var out []Route
	for _, row := range tab.Rows() {
		if row.DestinationPrefix.PrefixLength != 0 || row.Loopback != 0 {
			continue
		}
		fam, gw := 4, ""
		switch row.DestinationPrefix.Prefix.Family {
		case windows.AF_INET:
			a := (*windows.RawSockaddrInet4)(unsafe.Pointer(&row.NextHop))
			if ip := net.IP(a.Addr[:]); !ip.IsUnspecified() {
				gw = ip.String()
			}
		case windows.AF_INET6:
			fam = 6
			a := (*windows.RawSockaddrInet6)(unsafe.Pointer(&row.NextHop))
			if ip := net.IP(a.Addr[:]); !ip.IsUnspecified() {
				gw = ip.String()
			}
		}
		out = append(out, Route{Family: fam, Iface: names[row.InterfaceIndex], Gateway: gw, Metric: int(row.Metric)})
	}
	return out, nil
}
