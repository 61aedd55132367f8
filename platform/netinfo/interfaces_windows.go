package netinfo

import (
	"context"
	"unsafe"

	"golang.org/x/sys/windows"
)

// enrichInterfaces adds the adapter type and description from
// GetAdaptersAddresses: Windows names tunnels after the user's choice, so
// the name alone says nothing.
func enrichInterfaces(_ context.Context, in []Interface) []Interface {
	size := uint32(15000)
	var buf []byte
	var err error
	for i := 0; i < 3; i++ {
		buf = make([]byte, size)
		err = windows.GetAdaptersAddresses(windows.AF_UNSPEC, windows.GAA_FLAG_INCLUDE_GATEWAYS, 0,
			(*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])), &size)
		if err != windows.ERROR_BUFFER_OVERFLOW {
			break
		}
	}
	if err != nil {
		return in
	}
	byIndex := map[int]int{}
	for i, x := range in {
		byIndex[x.Index] = i
	}
	for a := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])); a != nil; a = a.Next {
		i, ok := byIndex[int(a.IfIndex)]
		if !ok {
			continue
		}
		desc := windows.UTF16PtrToString(a.Description)
		in[i].Description = desc
		in[i].VPN = in[i].VPN || IsVPNAdapter(a.IfType, desc)
	}
	return in
}
