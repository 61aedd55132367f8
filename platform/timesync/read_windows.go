package timesync

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/sys/windows/registry"
)

func read(context.Context) (State, error) {
	st := State{OS: "windows"}
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, W32TimeKey, registry.QUERY_VALUE)
	if err != nil {
		st.WinUnregistered = errors.Is(err, registry.ErrNotExist)
		return st, nil
	}
	defer k.Close()
	if v, _, err := k.GetStringValue("Type"); err == nil {
		st.WinType, st.Known = v, true
		st.NetworkTime = !strings.EqualFold(v, "NoSync")
	}
	return st, nil
}
