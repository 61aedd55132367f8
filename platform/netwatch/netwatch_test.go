package netwatch

import "testing"

func TestDarwinRelevant(t *testing.T) {
	for _, tc := range []struct {
		name string
		msg  []byte
		want bool
	}{
		{"new address", []byte{0, 0, 5, darwinNewAddr}, true},
		{"deleted address", []byte{0, 0, 5, darwinDelAddr}, true},
		{"interface up or down", []byte{0, 0, 5, darwinIfInfo}, true},
		{"route added (ARP entries too)", []byte{0, 0, 5, 0x1}, false},
		{"route miss", []byte{0, 0, 5, 0x7}, false},
		{"short", []byte{0, 0, 5}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := darwinRelevant(tc.msg); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSignalCoalesces(t *testing.T) {
	ch := make(chan struct{}, 1)
	signal(ch)
	signal(ch) // must not block
	if got := len(ch); got != 1 {
		t.Errorf("got %d pending values, want 1", got)
	}
}
