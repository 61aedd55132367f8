//go:build linux || freebsd || openbsd || netbsd

package notify

import "testing"

func TestLinuxNotifyArgs(t *testing.T) {
	a := dbusArgs(Note{App: "x", Title: "t", Body: "b", Icon: "/i.png"})
	if len(a) != 8 || a[0] != "x" || a[2] != "/i.png" || a[3] != "t" || a[4] != "b" || a[7] != int32(-1) {
		t.Fatalf("Notify args %#v", a)
	}
}
