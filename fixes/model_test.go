package fixes

import (
	"context"
	"slices"
	"testing"

	"wpsdoctor/fixes/plan"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/proc"
	"wpsdoctor/platform/wps"
)

// TestNFTMarkerIsTheFirewalls: the plan model names our nft rules' comment
// without importing the platform; it must be the one the rules carry.
func TestNFTMarkerIsTheFirewalls(t *testing.T) {
	if plan.NFTMarker != firewall.Marker {
		t.Errorf("got plan.NFTMarker %q, want firewall.Marker %q", plan.NFTMarker, firewall.Marker)
	}
}

// TestCloseStepLeavesOtherInstallsAlone: a program of the same name that
// runs from elsewhere (another copy of WPS, a test's dummy under Wine) is
// neither closed nor signalled; this install's own is.
func TestCloseStepLeavesOtherInstallsAlone(t *testing.T) {
	in := wps.Install{OS: "linux", Found: true, Root: "/home/u/opt/kingsoft/wps-office"}
	ps := []proc.Process{
		{PID: 10, Name: "wpscloudsvr", Exe: "/opt/kingsoft/wps-office/office6/wpscloudsvr"},
		{PID: 11, Name: "wpscloudsvr.exe", Exe: "/usr/lib/wine/wine64-preloader"},
	}
	env := &Env{OS: "linux", Processes: func(context.Context) ([]proc.Process, error) { return ps, nil }}
	if s, refusal, _ := closeStep(context.Background(), env, in); s != nil || refusal != "" {
		t.Fatalf("got step %+v refusal %q, want nothing to close: no process runs from %s", s, refusal, in.Root)
	}
	ps = append(ps, proc.Process{PID: 12, Name: "wpscloudsvr", Exe: in.Root + "/office6/wpscloudsvr"})
	s, _, _ := closeStep(context.Background(), env, in)
	if s == nil || len(s.Actions) != 2 || !slices.Contains(s.Actions[0].Argv, "12") || slices.Contains(s.Actions[0].Argv, "10") {
		t.Fatalf("got step %+v, want only PID 12 terminated", s)
	}
}
