package verdict

import (
	"testing"

	"wpsdoctor/health"
)

// TestOverlayReplacesEveryFindingOfACheck: a re-run check's findings all
// replace all of its old ones, in the old place; others stay.
func TestOverlayReplacesEveryFindingOfACheck(t *testing.T) {
	f := func(check, code string) health.Finding { return health.Finding{Check: check, Code: code} }
	cases := []struct {
		name       string
		old, newer []health.Finding
		want       []string
	}{
		{"classes fixed", []health.Finding{f("a", "A1"), f("files", "F10"), f("files", "F13"), f("z", "Z1")},
			[]health.Finding{f("files", "F01")}, []string{"A1", "F01", "Z1"}},
		{"one class more", []health.Finding{f("files", "F10"), f("z", "Z1")},
			[]health.Finding{f("files", "F10"), f("files", "F16")}, []string{"F10", "F16", "Z1"}},
		{"new check last", []health.Finding{f("a", "A1")}, []health.Finding{f("b", "B1")}, []string{"A1", "B1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Overlay(c.old, c.newer)
			var codes []string
			for _, g := range got {
				codes = append(codes, g.Code)
			}
			if len(codes) != len(c.want) {
				t.Fatalf("got %v, want %v", codes, c.want)
			}
			for i := range codes {
				if codes[i] != c.want[i] {
					t.Fatalf("got %v, want %v", codes, c.want)
				}
			}
		})
	}
}
