package state

import (
	"testing"

	"wpsdoctor/verdict"
)

func TestOf(t *testing.T) {
	for _, tt := range []struct {
		in   verdict.State
		want State
	}{
		{verdict.Healthy, Healthy}, {verdict.Warning, Warning}, {verdict.Problem, Problem},
		{verdict.Offline, Offline}, {verdict.Checking, Unknown}, {"", Unknown},
	} {
		if got := Of(tt.in); got != tt.want {
			t.Errorf("Of(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
