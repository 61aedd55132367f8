//go:build gui

package tray_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wpsdoctor/assets/icons"
	"wpsdoctor/health"
	"wpsdoctor/health/checks"
	"wpsdoctor/platform/instance"
	"wpsdoctor/settings"
	"wpsdoctor/verdict"
)

// reactionRounds is how many cuts and how many reports are timed.
const reactionRounds = 5

// BenchmarkTrayReaction: how long the tray's icon and tooltip take to
// follow (1) the link to the simulated cloud going down, and (2) a report
// saved the way the window saves one (settings.Announced telling the tray
// over the instance socket). For (1) the tray runs in a network namespace
// of its own, linked by a veth pair to a "cloud" namespace whose address
// holds the catalogue's endpoints, resolver and time server (nothing
// listens: they refuse at once); that needs root and ip(8), else (1) is
// skipped. The bench watches the StatusNotifierItem over D-Bus every 10 ms.
func BenchmarkTrayReaction(b *testing.B) {
	needDisplay(b)
	h := newHome(b)
	addr := startBus(b)
	w := startWatcher(b, addr)
	link := newCloudLink(b)
	env := h.env(addr, "en_US.UTF-8")
	args := []string{"--warmup", "300ms"}
	exe := binary(b)
	if link != nil {
		writeCloudCatalogue(b, h.catalogue, cloudAddr)
		link.catalogue = h.catalogue
		args = append([]string{"netns", "exec", link.tray, exe}, args...)
		exe = "ip"
	}
	tr := startExe(b, env, exe, append(args, "--config", h.catalogue)...)
	it := item{conn: w.conn, sender: w.registered(b, limit)}
	tr.waitLog(b, "check done (warmup)", limit)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if link != nil {
			printTimes("tray_net_reaction", linkCuts(b, it, tr, link), "link down -> offline icon and tooltip")
		} else {
			fmt.Println("tray_net_reaction: skipped (needs root and ip(8) for a network namespace)")
		}
		printTimes("tray_report_reaction", savedReports(b, it, tr, h), "report saved -> its icon and tooltip")
	}
}

// printTimes prints the median of ds, with the min and max.
func printTimes(name string, ds []time.Duration, what string) {
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Printf("%s: %.0f ms (median of %d, min %.0f, max %.0f; %s)\n", name, ms(ds[len(ds)/2]), len(ds), ms(ds[0]), ms(ds[len(ds)-1]), what)
}

// linkCuts times link down -> the tray shows offline, reactionRounds times.
func linkCuts(b *testing.B, it item, tr *proc, l *cloudLink) []time.Duration {
	const offline = "Offline: this computer cannot reach the internet"
	var out []time.Duration
	for i := 0; i < reactionRounds; i++ {
		quiet(b, tr)
		if tip := it.tooltip(b); strings.HasSuffix(tip, offline) {
			rep, _ := os.ReadFile(filepath.Join(filepath.Dir(l.catalogue), "state", "wpsdoctor", "last-report.json"))
			b.Fatalf("the tray shows offline with the link up: %q\n%s\n%s", tip, tr.log(), rep)
		}
		t0 := time.Now()
		l.cut(b)
		waitShown(b, it, "offline", offline)
		out = append(out, time.Since(t0))
		l.up(b)
		// the carrier follows the link by up to a second (linkwatch), a
		// second event and run; let both pass before the next cut
		time.Sleep(1500 * time.Millisecond)
		quiet(b, tr)
		eventually(b, limit, "the link back", func() bool { return !strings.HasSuffix(it.tooltip(b), offline) })
	}
	return out
}

// savedReports times report saved -> the tray shows it, reactionRounds
// times, with the monitor paused so no run of its own interferes.
func savedReports(b *testing.B, it item, tr *proc, h *home) []time.Duration {
	it.click(b, "Pause monitoring until restart")
	tr.waitLog(b, "menu: monitoring paused", limit)
	quiet(b, tr)
	store := settings.Announced{Store: &settings.Files{Dir: h.state}, Tell: func() {
		if err := instance.Send(instance.Options{Dir: h.instances(), Name: "tray"}, instance.Request{Verb: instance.VerbReport}); err != nil {
			b.Errorf("tell the tray: %v", err)
		}
	}}
	facts := verdict.FactsOf(checks.All())
	var out []time.Duration
	for i := 0; i < reactionRounds; i++ {
		rep := health.NewReport(health.Tool{Name: "bench"}, health.Host{}, "en", time.Now(), 0, []health.Finding{{
			Check: "clock.skew", Area: health.AreaClock, Status: health.StatusFail, Code: "WSD-CLK-001",
			Message: health.Msg("net.clock.fail", "minutes", 3+i, "seconds", 60*(3+i)), Fixes: []string{health.FixClockSync}}})
		v := verdict.Of(&rep, facts, "en")
		t0 := time.Now()
		if err := store.SaveReport(rep); err != nil {
			b.Fatal(err)
		}
		waitShown(b, it, string(v.State), v.Line)
		out = append(out, time.Since(t0))
	}
	return out
}

// waitShown polls the item until its icon is state's and its tooltip ends
// with line.
func waitShown(b *testing.B, it item, state, line string) {
	ww, wh, want := argb(b, icons.Tray(state))
	eventuallyEvery(b, limit, 10*time.Millisecond, state+" "+line, func() bool {
		if !strings.HasSuffix(it.tooltip(b), line) {
			return false
		}
		gw, gh, got := it.iconPixels(b)
		return gw == ww && gh == wh && bytes.Equal(got, want)
	})
}

// quiet waits until every run the tray started has finished.
func quiet(b *testing.B, tr *proc) {
	eventually(b, limit, "no check in progress", func() bool {
		log := tr.log()
		return strings.Count(log, "check started") == strings.Count(log, "check done")+strings.Count(log, "check failed")
	})
}

// The simulated cloud's side of the link.
const (
	cloudAddr = "10.231.0.1"
	trayAddr  = "10.231.0.2"
)

// cloudLink is two network namespaces joined by a veth pair: the tray's
// (wsdt0, a default route through the cloud) and the cloud's (wsdc0).
type cloudLink struct{ tray, cloud, catalogue string }

// newCloudLink makes the namespaces (deleted at cleanup), or returns nil
// without root or ip(8).
func newCloudLink(b *testing.B) *cloudLink {
	if os.Geteuid() != 0 {
		return nil
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return nil
	}
	l := &cloudLink{tray: fmt.Sprintf("wsdtray-t%d", os.Getpid()), cloud: fmt.Sprintf("wsdtray-c%d", os.Getpid())}
	for _, ns := range []string{l.tray, l.cloud} {
		ipRun(b, "netns", "add", ns)
		b.Cleanup(func() { exec.Command("ip", "netns", "delete", ns).Run() })
		ipRun(b, "-n", ns, "link", "set", "lo", "up")
	}
	// no IPv6 on the tray's side: its addresses would come and go a while
	// after each link change, and the figure is about the cut itself
	ipRun(b, "netns", "exec", l.tray, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
	ipRun(b, "-n", l.tray, "link", "add", "wsdt0", "type", "veth", "peer", "name", "wsdc0", "netns", l.cloud)
	ipRun(b, "-n", l.cloud, "addr", "add", cloudAddr+"/24", "dev", "wsdc0")
	ipRun(b, "-n", l.cloud, "link", "set", "wsdc0", "up")
	ipRun(b, "-n", l.tray, "addr", "add", trayAddr+"/24", "dev", "wsdt0")
	l.up(b)
	return l
}

func (l *cloudLink) up(b *testing.B) {
	ipRun(b, "-n", l.tray, "link", "set", "wsdt0", "up")
	ipRun(b, "-n", l.tray, "route", "replace", "default", "via", cloudAddr)
}

func (l *cloudLink) cut(b *testing.B) { ipRun(b, "-n", l.tray, "link", "set", "wsdt0", "down") }

func ipRun(b *testing.B, args ...string) {
	b.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		b.Fatalf("ip %s: %v %s", strings.Join(args, " "), err, out)
	}
}

// writeCloudCatalogue points both families at host: endpoint, resolver
// and time server (closed ports there).
func writeCloudCatalogue(b *testing.B, path, host string) {
	fam := func(name string) string {
		return fmt.Sprintf(`
[families.%[1]s]
name = "Bench %[1]s"
domains = ["wps.test"]
resolvers = ["%[2]s:53"]
ntp = ["%[2]s:123"]
download_url = "https://www.wps.test/download"

  [[families.%[1]s.endpoints]]
  host = "%[2]s"
  role = "login"
  ports = [443]
`, name, host)
	}
	cfg := fam("mainland") + fam("international") + "\n[thresholds]\nprobe_timeout_ms = 500\nnetwork_deadline_ms = 2000\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		b.Fatal(err)
	}
}
