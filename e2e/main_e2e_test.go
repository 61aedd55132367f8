//go:build e2e && linux

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// theWorld is built once by TestMain; nil when the harness cannot run
// here (not root, tools missing), and the scenarios then skip.
var (
	theWorld  *world
	skipWhy   string
	teardown  sync.Once
	startedAt time.Time
)

// tools are the programs the world needs (Debian: iproute2 nftables
// dnsmasq-base nginx-light chrony faketime tinyproxy util-linux).
var tools = []string{"ip", "tc", "ss", "nft", "dnsmasq", "nginx", "chronyd", "faketime", "tinyproxy", "mount"}

func TestMain(m *testing.M) {
	startedAt = time.Now()
	code := func() int {
		if why := prerequisites(); why != "" {
			skipWhy = why
			fmt.Println("e2e: SKIPPED:", why)
			return m.Run()
		}
		w, err := build()
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e: cannot build the world:", err)
			return 1
		}
		theWorld = w
		stopSignals := onSignal(func() { shutdown(w) })
		defer stopSignals()
		defer shutdown(w)
		return m.Run()
	}()
	fmt.Printf("e2e: total harness time %.1fs\n", time.Since(startedAt).Seconds())
	os.Exit(code)
}

func prerequisites() string {
	if os.Geteuid() != 0 {
		return "needs root for network namespaces (run `sudo make test-e2e`)"
	}
	var missing []string
	for _, t := range tools {
		if _, err := exec.LookPath(t); err != nil {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return fmt.Sprintf("missing programs %v (run `make deps`)", missing)
	}
	return ""
}

// build sweeps leftovers of a crashed run, builds the CLI and starts the
// world.
func build() (*world, error) {
	if err := sweep(); err != nil {
		return nil, fmt.Errorf("sweeping a previous run: %w", err)
	}
	dir, err := os.MkdirTemp("", Prefix+"run-")
	if err != nil {
		return nil, err
	}
	// nginx workers run as an unprivileged user and buffer uploads under
	// the scratch directory.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	w := &world{dir: dir, bin: filepath.Join(dir, "wpsdoctor")}
	t0 := time.Now()
	if prebuilt := os.Getenv("E2E_WPSDOCTOR"); prebuilt != "" {
		// A binary built elsewhere (a branch, a release candidate).
		w.bin = prebuilt
	} else if out, err := exec.Command("go", "build", "-o", w.bin, "wpsdoctor/cmd/wpsdoctor").CombinedOutput(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	t1 := time.Now()
	if err := w.up(); err != nil {
		_ = w.down()
		return nil, err
	}
	fmt.Printf("e2e: built wpsdoctor in %.1fs, world up in %.2fs\n", t1.Sub(t0).Seconds(), time.Since(t1).Seconds())
	// The scenarios ask for the network checks by ID: say plainly when the
	// CLI under test does not have them, rather than failing 20 times.
	r := w.doctor(context.Background(), nil, "--lang", "en", "--json", "check", "--only", networkCheckIDs())
	if r.code == 3 { // the tool itself failed (README)
		_ = w.down()
		return nil, fmt.Errorf("the CLI does not run the network checks (is network.Checks() in health/checks.All()?): %s",
			strings.TrimSpace(r.stderr))
	}
	return w, nil
}

func shutdown(w *world) {
	teardown.Do(func() {
		if err := w.down(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: teardown:", err)
		}
	})
}

// onSignal tears the world down on SIGINT/SIGTERM/SIGHUP and exits, so an
// interrupted run leaves nothing behind.
func onSignal(f func()) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			fmt.Fprintf(os.Stderr, "e2e: %v: tearing down\n", sig)
			f()
			os.Exit(130)
		case <-done:
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}
