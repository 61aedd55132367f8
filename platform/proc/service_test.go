package proc

import (
	"errors"
	"runtime"
	"testing"
)

func TestServiceStates(t *testing.T) {
	want := map[uint32]ServiceState{1: ServiceStopped, 2: ServicePending, 3: ServicePending, 4: ServiceRunning,
		5: ServicePending, 6: ServicePending, 7: ServicePaused, 99: "unknown"}
	for in, w := range want {
		if got := stateOf(in); got != w {
			t.Errorf("stateOf(%d) = %s, want %s", in, got, w)
		}
	}
	if runtime.GOOS != "windows" {
		if _, err := Service(CloudService); !errors.Is(err, ErrNoServices) {
			t.Errorf("Service on %s: %v", runtime.GOOS, err)
		}
	}
}
