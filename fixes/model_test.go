package fixes

import (
	"testing"

	"wpsdoctor/fixes/plan"
	"wpsdoctor/platform/firewall"
)

// TestNFTMarkerIsTheFirewalls: the plan model names our nft rules' comment
// without importing the platform; it must be the one the rules carry.
func TestNFTMarkerIsTheFirewalls(t *testing.T) {
	if plan.NFTMarker != firewall.Marker {
		t.Errorf("got plan.NFTMarker %q, want firewall.Marker %q", plan.NFTMarker, firewall.Marker)
	}
}
