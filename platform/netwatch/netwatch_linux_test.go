package netwatch

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestChangesInANamespace watches a network namespace of its own (root
// and ip(8) needed) and sees a veth link come up and go down there.
func TestChangesInANamespace(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root for a network namespace")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("ip(8) missing")
	}
	ns := fmt.Sprintf("wsdtray-netwatch-%d", os.Getpid())
	if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
		t.Skipf("ip netns add: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "delete", ns).Run() })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan (<-chan struct{}), 1)
	errc := make(chan error, 1)
	go func() {
		// The socket belongs to the namespace of the thread that makes
		// it; this thread is never unlocked, so it ends with the goroutine.
		runtime.LockOSThread()
		f, err := os.Open("/run/netns/" + ns)
		if err == nil {
			err = unix.Setns(int(f.Fd()), unix.CLONE_NEWNET)
			f.Close()
		}
		var ch <-chan struct{}
		if err == nil {
			ch, err = Changes(ctx)
		}
		errc <- err
		got <- ch
	}()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	ch := <-got
	for _, step := range [][]string{
		{"link", "add", "wsd0", "type", "veth", "peer", "name", "wsd1"},
		{"link", "set", "wsd0", "up"},
		{"link", "set", "wsd0", "down"},
	} {
		drain(ch)
		if out, err := exec.Command("ip", append([]string{"-n", ns}, step...)...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v %s", step, err, out)
		}
		select {
		case _, ok := <-ch:
			if !ok {
				t.Fatalf("after %v: the channel closed, want a change", step)
			}
		case <-time.After(time.Minute): // hang protection only
			t.Fatalf("after %v: no change seen", step)
		}
	}
	cancel()
	for range ch { // closed once ctx ends
	}
}

func drain(ch <-chan struct{}) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}
