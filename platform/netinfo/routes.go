package netinfo

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
)

// Linux route flags (include/uapi/linux/route.h, ipv6_route.h).
const (
	rtfUp     = 0x0001
	rtfReject = 0x0200
)

// ParseProcNetRoute reads /proc/net/route and returns the IPv4 default
// routes that are up.
func ParseProcNetRoute(r io.Reader) ([]Route, error) {
	sc := bufio.NewScanner(r)
	var out []Route
	first := true
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if first {
			first = false
			if len(f) > 0 && f[0] == "Iface" {
				continue
			}
		}
		if len(f) < 8 {
			continue
		}
		flags, err1 := strconv.ParseUint(f[3], 16, 32)
		metric, _ := strconv.Atoi(f[6])
		if err1 != nil || f[1] != "00000000" || f[7] != "00000000" || flags&rtfUp == 0 || flags&rtfReject != 0 {
			continue
		}
		out = append(out, Route{Family: 4, Iface: f[0], Gateway: hexIPv4LE(f[2]), Metric: metric})
	}
	return out, sc.Err()
}

// hexIPv4LE decodes /proc/net/route's little-endian hex address.
func hexIPv4LE(s string) string {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 4 {
		return ""
	}
	if b[0]|b[1]|b[2]|b[3] == 0 {
		return ""
	}
	return net.IPv4(b[3], b[2], b[1], b[0]).String()
}

// ParseProcIPv6Route reads /proc/net/ipv6_route and returns the IPv6
// default routes that are up and not the kernel's reject entries on lo.
func ParseProcIPv6Route(r io.Reader) ([]Route, error) {
	sc := bufio.NewScanner(r)
	var out []Route
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 {
			continue
		}
		flags, err := strconv.ParseUint(f[8], 16, 32)
		if err != nil || f[0] != strings.Repeat("0", 32) || f[1] != "00" || flags&rtfUp == 0 || flags&rtfReject != 0 || f[9] == "lo" {
			continue
		}
		metric, _ := strconv.ParseInt(f[5], 16, 64)
		gw := ""
		if b, err := hex.DecodeString(f[4]); err == nil && len(b) == 16 && !net.IP(b).IsUnspecified() {
			gw = net.IP(b).String()
		}
		out = append(out, Route{Family: 6, Iface: f[9], Gateway: gw, Metric: int(metric)})
	}
	return out, sc.Err()
}

// ParseRouteGet reads macOS/BSD `route -n get default` output. "not in
// table" (or no interface line) means no default route; family is 4 or 6
// as asked.
func ParseRouteGet(out string, family int) ([]Route, error) {
	var r Route
	r.Family = family
	for _, line := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "gateway":
			r.Gateway = v
		case "interface":
			r.Iface = v
		case "route":
			if strings.Contains(v, "not in table") {
				return nil, nil
			}
		}
	}
	if strings.Contains(out, "not in table") {
		return nil, nil
	}
	if r.Iface == "" {
		if strings.TrimSpace(out) == "" {
			return nil, nil
		}
		return nil, fmt.Errorf("route output has no interface line")
	}
	return []Route{r}, nil
}
