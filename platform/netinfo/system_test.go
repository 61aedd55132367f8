package netinfo

import (
	"context"
	"testing"
)

// TestSystemReadsWithoutError runs the real readers of this OS: they must
// answer (possibly "unknown") without error or panic on any machine.
func TestSystemReadsWithoutError(t *testing.T) {
	ctx := context.Background()
	p := System()
	ifs, err := p.Interfaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lo := false
	for _, i := range ifs {
		lo = lo || i.Loopback
	}
	if !lo {
		t.Errorf("no loopback interface among %+v", ifs)
	}
	if _, err := p.DefaultRoutes(ctx); err != nil && err != ErrUnsupported {
		t.Errorf("routes: %v", err)
	}
	ts, _ := p.NetworkTime(ctx)
	if ts.State != SyncOn && ts.State != SyncOff && ts.State != SyncUnknown {
		t.Errorf("time sync state %q", ts.State)
	}
	px, _ := p.Proxies(ctx)
	if len(px) == 0 || px[0].Source != "env" {
		t.Errorf("proxies must start with the environment: %+v", px)
	}
}
