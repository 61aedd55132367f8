package netinfo

import (
	"context"
	"errors"

	"golang.org/x/sys/windows/registry"
)

func networkTime(context.Context) (TimeSync, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\W32Time\Parameters`, registry.QUERY_VALUE)
	if err != nil {
		return TimeSync{State: SyncUnknown, Source: "w32time"}, err
	}
	defer k.Close()
	v, _, err := k.GetStringValue("Type")
	if err != nil {
		return TimeSync{State: SyncUnknown, Source: "w32time"}, err
	}
	return W32TimeType(v), nil
}

func osProxies(context.Context) ([]Proxy, error) {
	var out []Proxy
	var errs []error
	if k, err := registry.OpenKey(registry.CURRENT_USER, `Software\Microsoft\Windows\CurrentVersion\Internet Settings`, registry.QUERY_VALUE); err == nil {
		enable, _, _ := k.GetIntegerValue("ProxyEnable")
		server, _, _ := k.GetStringValue("ProxyServer")
		override, _, _ := k.GetStringValue("ProxyOverride")
		pac, _, _ := k.GetStringValue("AutoConfigURL")
		k.Close()
		out = append(out, WinINet(uint32(enable), server, override, pac))
	} else {
		errs = append(errs, err)
	}
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections`, registry.QUERY_VALUE); err == nil {
		if b, _, err := k.GetBinaryValue("WinHttpSettings"); err == nil {
			if p, err := ParseWinHTTPSettings(b); err == nil {
				out = append(out, p)
			} else {
				errs = append(errs, err)
			}
		}
		k.Close()
	}
	return out, errors.Join(errs...)
}
