package netwatch

import (
	"context"
	"sync"

	"golang.org/x/sys/windows"
)

// One registration per process (a Windows callback can never be freed);
// every Changes call subscribes to it.
var (
	once    sync.Once
	initErr error
	mu      sync.Mutex
	subs    = map[chan struct{}]bool{}
)

// callback runs on a system thread for each interface or address change.
func callback(callerContext, row, notificationType uintptr) uintptr {
	mu.Lock()
	defer mu.Unlock()
	for ch := range subs {
		signal(ch)
	}
	return 0
}

func register() {
	cb := windows.NewCallback(callback)
	var ifaces, addrs windows.Handle
	if initErr = windows.NotifyIpInterfaceChange(windows.AF_UNSPEC, cb, nil, false, &ifaces); initErr != nil {
		return
	}
	initErr = windows.NotifyUnicastIpAddressChange(windows.AF_UNSPEC, cb, nil, false, &addrs)
}

// Changes returns a channel that receives a value soon after each change
// of the network interfaces or their addresses; it is closed when ctx ends.
func Changes(ctx context.Context) (<-chan struct{}, error) {
	once.Do(register)
	if initErr != nil {
		return nil, initErr
	}
	ch := make(chan struct{}, 1)
	mu.Lock()
	subs[ch] = true
	mu.Unlock()
	go func() {
		<-ctx.Done()
		mu.Lock()
		delete(subs, ch)
		close(ch)
		mu.Unlock()
	}()
	return ch, nil
}
