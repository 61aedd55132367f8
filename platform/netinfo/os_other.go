//go:build !linux && !darwin && !windows

package netinfo

import "context"

func networkTime(context.Context) (TimeSync, error) { return TimeSync{State: SyncUnknown}, nil }

func osProxies(context.Context) ([]Proxy, error) { return nil, nil }
