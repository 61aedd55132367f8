//go:build e2e && linux

package e2e

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// A kernel without sch_netem (some VM kernels: "Specified qdisc kind is
// unknown") cannot delay packets with tc. There the harness routes the
// client's traffic through a userspace wire instead: two TUN devices, one
// in each namespace, with the harness copying packets between them and
// delaying or dropping the client's egress exactly as `netem delay/loss`
// would. The TUN devices vanish with the harness process.

const (
	wireClient = Prefix + "t0"
	wireCloud  = Prefix + "t1"
)

// shaping is what the wire does to the client's egress.
type shaping struct {
	delay, jitter time.Duration
	lossPercent   float64
}

type wire struct {
	client, cloud *os.File
	mu            sync.Mutex
	shape         shaping
	rng           *rand.Rand
	wg            sync.WaitGroup
}

// hasNetem reports whether `tc qdisc ... netem` works in this kernel,
// trying it on the client's loopback.
func hasNetem() bool {
	argv := inNS(ClientNS, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms")
	if exec.Command(argv[0], argv[1:]...).Run() != nil {
		return false
	}
	_ = run(inNS(ClientNS, "tc", "qdisc", "del", "dev", "lo", "root")...)
	return true
}

func openTun(name string) (*os.File, error) {
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("open /dev/net/tun: %w", err)
	}
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	ifr.SetUint16(unix.IFF_TUN | unix.IFF_NO_PI)
	if err := unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("TUNSETIFF %s: %w", name, err)
	}
	return os.NewFile(uintptr(fd), name), nil
}

// newWire creates the TUN pair, moves each end into its namespace and
// starts copying. Traffic flows through it only once route() is called.
func newWire() (*wire, error) {
	w := &wire{rng: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
	var err error
	if w.client, err = openTun(wireClient); err != nil {
		return nil, err
	}
	if w.cloud, err = openTun(wireCloud); err != nil {
		w.client.Close()
		return nil, err
	}
	for _, s := range [][]string{
		{"ip", "link", "set", wireClient, "netns", ClientNS},
		{"ip", "link", "set", wireCloud, "netns", CloudNS},
		{"ip", "-n", ClientNS, "link", "set", wireClient, "up"},
		{"ip", "-n", CloudNS, "link", "set", wireCloud, "up"},
	} {
		if err := run(s...); err != nil {
			w.close()
			return nil, err
		}
	}
	w.wg.Add(2)
	go w.pump(w.client, w.cloud, true)
	go w.pump(w.cloud, w.client, false)
	return w, nil
}

func (w *wire) set(s shaping) {
	w.mu.Lock()
	w.shape = s
	w.mu.Unlock()
}

// fate decides one egress packet: dropped, or delivered after a delay.
func (w *wire) fate() (drop bool, delay time.Duration, jittered bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.shape
	if s.lossPercent > 0 && w.rng.Float64()*100 < s.lossPercent {
		return true, 0, false
	}
	delay = s.delay
	if s.jitter > 0 {
		delay += time.Duration(w.rng.Int64N(int64(2*s.jitter))) - s.jitter
	}
	return false, max(delay, 0), s.jitter > 0
}

type delayed struct {
	pkt []byte
	due time.Time
}

// pump copies packets from src to dst; shaped pumps (the client's egress)
// drop and delay them, in order, like netem on the client's interface.
func (w *wire) pump(src, dst *os.File, shaped bool) {
	defer w.wg.Done()
	var queue chan delayed
	if shaped {
		queue = make(chan delayed, 4096)
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for d := range queue {
				time.Sleep(time.Until(d.due))
				_, _ = dst.Write(d.pkt)
			}
		}()
		defer close(queue)
	}
	buf := make([]byte, 65536)
	for {
		n, err := src.Read(buf)
		if err != nil {
			if errors.Is(err, os.ErrClosed) {
				return
			}
			if errors.Is(err, unix.EBADFD) || errors.Is(err, unix.EIO) {
				return
			}
			continue
		}
		pkt := append([]byte(nil), buf[:n]...)
		if !shaped {
			_, _ = dst.Write(pkt)
			continue
		}
		drop, delay, jittered := w.fate()
		if drop {
			continue
		}
		if jittered {
			// netem with jitter lets packets overtake each other; a
			// queue would add head-of-line delay netem does not.
			time.AfterFunc(delay, func() { _, _ = dst.Write(pkt) })
			continue
		}
		select {
		case queue <- delayed{pkt, time.Now().Add(delay)}:
		default: // queue full: tail drop, as a real queue would
		}
	}
}

// route sends the client's traffic (to the cloud and to the ISP resolver)
// through the wire, and the cloud's answers back through it.
func (w *wire) route(on bool) error {
	if on {
		for _, s := range [][]string{
			{"ip", "-n", ClientNS, "route", "replace", "default", "dev", wireClient, "src", ClientAddr},
			{"ip", "-n", ClientNS, "route", "replace", ISPResolver + "/32", "dev", wireClient, "src", ClientAddr},
			{"ip", "-n", CloudNS, "route", "replace", ClientAddr + "/32", "dev", wireCloud},
		} {
			if err := run(s...); err != nil {
				return err
			}
		}
		return nil
	}
	var errs []error
	if out, _ := output("ip", "-n", ClientNS, "route", "show", ISPResolver+"/32"); out != "" {
		errs = append(errs, run("ip", "-n", ClientNS, "route", "del", ISPResolver+"/32"))
	}
	if out, _ := output("ip", "-n", CloudNS, "route", "show", ClientAddr+"/32"); out != "" {
		errs = append(errs, run("ip", "-n", CloudNS, "route", "del", ClientAddr+"/32"))
	}
	w.set(shaping{})
	return errors.Join(errs...)
}

func (w *wire) close() {
	if w.client != nil {
		w.client.Close()
	}
	if w.cloud != nil {
		w.cloud.Close()
	}
	w.wg.Wait()
}
