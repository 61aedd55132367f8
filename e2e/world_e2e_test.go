//go:build e2e && linux

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// world is the running test internet: two namespaces joined by a veth, the
// servers in the cloud namespace, and what the faults have changed.
type world struct {
	dir      string // scratch directory, removed on teardown
	bin      string // the wpsdoctor binary under test
	caFile   string // the test CA, the doctor's SSL_CERT_FILE
	override string // catalogue override
	// overrideUplink adds the uplink test target (scenarios that ask).
	overrideUplink string

	procs map[string]*proc

	certs map[string][2]string // "good", "evil", "wronghost" -> cert, key files

	// Current server state; heal brings each back to healthy.
	site         Site
	nginxOffset  string
	chronyOffset string
	answers      Answers
	ispStopped   bool

	// netem says whether tc netem works here; otherwise shaping goes
	// through the userspace wire.
	netem  bool
	wire   *wire
	shaped bool
}

// Server names in w.procs.
const (
	srvISP    = "dns-isp"
	srvPublic = "dns-public"
	srvNginx  = "nginx"
	srvChrony = "chrony"
	srvProxy  = "tinyproxy"
)

// clientResolvConf is the file `ip netns exec` binds over /etc/resolv.conf
// for the client: the doctor's system resolver configuration.
var clientResolvConf = filepath.Join("/etc/netns", ClientNS, "resolv.conf")

// run executes argv and returns its error with the output attached.
func run(argv ...string) error {
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

func output(argv ...string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	return string(out), nil
}

func inNS(ns string, argv ...string) []string {
	return append([]string{"ip", "netns", "exec", ns}, argv...)
}

// sweep removes everything carrying the harness prefix: namespaces (after
// killing every process inside them), stray veth ends in the host
// namespace, per-namespace resolv.conf directories and scratch
// directories. It is the cleanup of this run and the recovery from a
// crashed previous one.
func sweep() error {
	var errs []error
	out, err := output("ip", "netns", "list")
	if err != nil {
		errs = append(errs, err)
	}
	for _, line := range strings.Split(out, "\n") {
		ns, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		if !strings.HasPrefix(ns, Prefix) {
			continue
		}
		killNamespace(ns)
		if err := run("ip", "netns", "del", ns); err != nil {
			errs = append(errs, err)
		}
	}
	if out, err := output("ip", "-o", "link", "show"); err == nil {
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimSuffix(f[1], ":"), "@")
			if strings.HasPrefix(name, Prefix) {
				if err := run("ip", "link", "del", name); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	for _, pattern := range []string{filepath.Join("/etc/netns", Prefix+"*"), filepath.Join(os.TempDir(), Prefix+"run-*")} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if err := os.RemoveAll(m); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// killNamespace ends every process whose network namespace is ns: TERM,
// a short grace, then KILL.
func killNamespace(ns string) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		pids := nsPids(ns)
		if len(pids) == 0 {
			return
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, sig)
		}
		for i := 0; i < 50 && len(nsPids(ns)) > 0; i++ {
			time.Sleep(20 * time.Millisecond)
		}
	}
}

func nsPids(ns string) []int {
	out, _ := output("ip", "netns", "pids", ns)
	var pids []int
	for _, f := range strings.Fields(out) {
		var pid int
		if _, err := fmt.Sscan(f, &pid); err == nil && pid > 1 && pid != os.Getpid() {
			pids = append(pids, pid)
		}
	}
	return pids
}

// proc is one server process.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

// start runs argv inside ns in its own process group. Pdeathsig makes the
// kernel kill it if the harness dies without cleaning up; the next run's
// sweep catches whatever it forked.
func (w *world) start(name, ns string, argv ...string) (*proc, error) {
	logPath := filepath.Join(w.dir, name+".out")
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	full := inNS(ns, argv...)
	cmd := exec.Command(full[0], full[1:]...)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	lf.Close()
	p := &proc{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	if w.procs == nil {
		w.procs = map[string]*proc{}
	}
	w.procs[name] = p
	return p, nil
}

func (p *proc) alive() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// stop ends the process group: TERM, then KILL after two seconds.
func (p *proc) stop() {
	if p == nil || !p.alive() {
		return
	}
	pg := -p.cmd.Process.Pid
	_ = syscall.Kill(pg, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
		_ = syscall.Kill(pg, syscall.SIGKILL)
		<-p.done
	}
	// Helpers that outlive the leader (nginx workers, chronyd's privileged
	// helper, faketime's child) share the group: end them and wait, so a
	// restart never meets its predecessor's pid file or socket.
	_ = syscall.Kill(pg, syscall.SIGKILL)
	for i := 0; i < 250 && syscall.Kill(pg, 0) == nil; i++ {
		time.Sleep(10 * time.Millisecond)
	}
}

func (p *proc) tail() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 800 {
		b = b[len(b)-800:]
	}
	return strings.TrimSpace(string(b))
}

// waitListen polls `ss` in the cloud namespace until addr ("ip:port")
// listens on proto ("tcp" or "udp"), failing early if p died.
func waitListen(p *proc, proto, addr string) error {
	flag := "-Hltn"
	if proto == "udp" {
		flag = "-Hlun"
	}
	for i := 0; i < 250; i++ {
		if !p.alive() {
			return fmt.Errorf("%s exited: %s", p.name, p.tail())
		}
		out, _ := output(inNS(CloudNS, "ss", flag)...)
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) >= 4 && f[3] == addr {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("%s does not listen on %s/%s: %s", p.name, addr, proto, p.tail())
}

// up builds the world. On error the caller tears down what was built.
func (w *world) up() error {
	for _, ns := range []string{ClientNS, CloudNS} {
		if err := run("ip", "netns", "add", ns); err != nil {
			return err
		}
		if err := run("ip", "-n", ns, "link", "set", "lo", "up"); err != nil {
			return err
		}
	}
	steps := [][]string{
		{"ip", "link", "add", ClientIf, "type", "veth", "peer", "name", CloudIf},
		{"ip", "link", "set", ClientIf, "netns", ClientNS},
		{"ip", "link", "set", CloudIf, "netns", CloudNS},
		{"ip", "-n", ClientNS, "addr", "add", ClientAddr + "/24", "dev", ClientIf},
		{"ip", "-n", ClientNS, "link", "set", ClientIf, "up"},
		{"ip", "-n", CloudNS, "link", "set", CloudIf, "up"},
		{"ip", "-n", ClientNS, "route", "add", "default", "via", GatewayAddr},
	}
	for _, a := range CloudAddrs() {
		steps = append(steps, []string{"ip", "-n", CloudNS, "addr", "add", a, "dev", CloudIf})
	}
	for _, s := range steps {
		if err := run(s...); err != nil {
			return err
		}
	}
	w.netem = hasNetem()
	// Per-namespace resolvers: the client uses the ISP resolver, the cloud
	// (the proxy resolves names there) the public one.
	for ns, server := range map[string]string{ClientNS: ISPResolver, CloudNS: PublicResolver} {
		dir := filepath.Join("/etc/netns", ns)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "resolv.conf"), []byte(ResolvConf(server)), 0o644); err != nil {
			return err
		}
	}
	if err := w.writeCerts(); err != nil {
		return err
	}
	w.override = filepath.Join(w.dir, "endpoints.toml")
	if err := os.WriteFile(w.override, []byte(Override()), 0o644); err != nil {
		return err
	}
	w.overrideUplink = filepath.Join(w.dir, "endpoints-uplink.toml")
	if err := os.WriteFile(w.overrideUplink, []byte(OverrideWith(UploadURL)), 0o644); err != nil {
		return err
	}
	for _, d := range []string{"home", "nginx", "chrony", "proxy"} {
		if err := os.MkdirAll(filepath.Join(w.dir, d), 0o755); err != nil {
			return err
		}
	}
	// Servers start concurrently; readiness is awaited afterwards.
	if err := w.startDNS(srvPublic, PublicResolver, Truthful); err != nil {
		return err
	}
	if err := w.startDNS(srvISP, ISPResolver, Truthful); err != nil {
		return err
	}
	w.site = w.healthySite()
	if _, err := w.startNginx(w.site, ""); err != nil {
		return err
	}
	if _, err := w.startChrony(""); err != nil {
		return err
	}
	conf := filepath.Join(w.dir, "proxy", "tinyproxy.conf")
	if err := os.WriteFile(conf, []byte(TinyproxyConf(filepath.Join(w.dir, "proxy"))), 0o644); err != nil {
		return err
	}
	if _, err := w.start(srvProxy, CloudNS, "tinyproxy", "-d", "-c", conf); err != nil {
		return err
	}
	return w.ready()
}

// ready waits until every server listens.
func (w *world) ready() error {
	checks := []struct{ srv, proto, addr string }{
		{srvPublic, "udp", PublicResolver + ":53"},
		{srvISP, "udp", ISPResolver + ":53"},
		{srvChrony, "udp", NTPServer + ":123"},
		{srvProxy, "tcp", fmt.Sprintf("%s:%d", ProxyAddr, ProxyPort)},
	}
	for _, h := range Hosts {
		checks = append(checks, struct{ srv, proto, addr string }{srvNginx, "tcp", h.Addr + ":443"})
	}
	for _, c := range checks {
		if err := waitListen(w.procs[c.srv], c.proto, c.addr); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) writeCerts() error {
	now := time.Now()
	good, err := NewCA("wpsdoctor e2e root")
	if err != nil {
		return err
	}
	evil, err := NewCA("Corporate TLS Inspection")
	if err != nil {
		return err
	}
	w.caFile = filepath.Join(w.dir, "ca.pem")
	if err := os.WriteFile(w.caFile, good.PEM(), 0o644); err != nil {
		return err
	}
	w.certs = map[string][2]string{}
	for name, iss := range map[string]struct {
		ca    *CA
		names []string
	}{
		"good":      {good, HostNames()},
		"evil":      {evil, HostNames()},
		"wronghost": {good, []string{"www.example-cdn.test"}},
	} {
		c, k, err := issue(iss.ca, iss.names, now)
		if err != nil {
			return err
		}
		cf, kf := filepath.Join(w.dir, name+".crt"), filepath.Join(w.dir, name+".key")
		if err := os.WriteFile(cf, c, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(kf, k, 0o600); err != nil {
			return err
		}
		w.certs[name] = [2]string{cf, kf}
	}
	return nil
}

func (w *world) healthySite() Site { return w.siteWith("good", false) }

func (w *world) siteWith(cert string, captive bool) Site {
	return Site{Cert: w.certs[cert][0], Key: w.certs[cert][1], Captive: captive}
}

func (w *world) hostsPath(name string) string { return filepath.Join(w.dir, name+".hosts") }

func (w *world) startDNS(name, addr string, a Answers) error {
	if err := os.WriteFile(w.hostsPath(name), []byte(HostsFile(a)), 0o644); err != nil {
		return err
	}
	_, err := w.start(name, CloudNS, DnsmasqArgv(addr, w.hostsPath(name),
		filepath.Join(w.dir, name+".log"), filepath.Join(w.dir, name+".pid"))...)
	return err
}

// setAnswers rewrites the ISP resolver's hosts file and waits until dnsmasq
// has re-read it (it logs every read).
func (w *world) setAnswers(a Answers) error {
	if w.answers == a {
		return nil
	}
	logPath := filepath.Join(w.dir, srvISP+".log")
	marker := "read " + w.hostsPath(srvISP)
	count := func() int { b, _ := os.ReadFile(logPath); return strings.Count(string(b), marker) }
	before := count()
	if err := os.WriteFile(w.hostsPath(srvISP), []byte(HostsFile(a)), 0o644); err != nil {
		return err
	}
	p := w.procs[srvISP]
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		return err
	}
	for i := 0; i < 250; i++ {
		if count() > before {
			w.answers = a
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("dnsmasq did not re-read its hosts file: %s", p.tail())
}

// stopISP freezes the ISP resolver (SIGSTOP): queries go unanswered, as
// with a dead resolver, and SIGCONT brings it back instantly.
func (w *world) stopISP(stop bool) error {
	sig := syscall.SIGCONT
	if stop {
		sig = syscall.SIGSTOP
	}
	if err := w.procs[srvISP].cmd.Process.Signal(sig); err != nil {
		return err
	}
	w.ispStopped = stop
	return nil
}

func (w *world) startNginx(s Site, offset string) (*proc, error) {
	prefix := filepath.Join(w.dir, "nginx")
	conf := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(conf, []byte(NginxConf(prefix, s)), 0o644); err != nil {
		return nil, err
	}
	p, err := w.start(srvNginx, CloudNS, NginxArgv(conf, prefix, offset)...)
	if err == nil {
		w.site, w.nginxOffset = s, offset
	}
	return p, err
}

// setNginx restarts nginx with another site or clock, and waits for it.
func (w *world) setNginx(s Site, offset string) error {
	if w.site == s && w.nginxOffset == offset && w.procs[srvNginx].alive() {
		return nil
	}
	w.procs[srvNginx].stop()
	p, err := w.startNginx(s, offset)
	if err != nil {
		return err
	}
	for _, h := range Hosts {
		if err := waitListen(p, "tcp", h.Addr+":443"); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) startChrony(offset string) (*proc, error) {
	conf := filepath.Join(w.dir, "chrony", "chrony.conf")
	if err := os.WriteFile(conf, []byte(ChronyConf(filepath.Join(w.dir, "chrony"))), 0o644); err != nil {
		return nil, err
	}
	p, err := w.start(srvChrony, CloudNS, ChronyArgv(conf, offset)...)
	if err == nil {
		w.chronyOffset = offset
	}
	return p, err
}

// setChrony restarts the NTP server with its clock shifted by offset.
func (w *world) setChrony(offset string) error {
	if w.chronyOffset == offset && w.procs[srvChrony].alive() {
		return nil
	}
	w.procs[srvChrony].stop()
	p, err := w.startChrony(offset)
	if err != nil {
		return err
	}
	return waitListen(p, "udp", NTPServer+":123")
}

// nft loads an `nft -f` file into the client namespace.
func (w *world) nft(text string) error {
	f := filepath.Join(w.dir, "fault.nft")
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		return err
	}
	return run(inNS(ClientNS, "nft", "-f", f)...)
}

// shape delays or drops the client's egress: tc netem on the client's
// interface, or the userspace wire where the kernel has no netem.
func (w *world) shape(s shaping) error {
	w.shaped = true
	if !w.netem {
		// The wire exists only while a scenario shapes traffic, so the
		// healthy world has no extra interface.
		if w.wire == nil {
			wr, err := newWire()
			if err != nil {
				return fmt.Errorf("no tc netem in this kernel, and no TUN wire either: %w", err)
			}
			w.wire = wr
		}
		w.wire.set(s)
		return w.wire.route(true)
	}
	return run(inNS(ClientNS, append([]string{"tc", "qdisc", "replace", "dev", ClientIf, "root", "netem"}, NetemArgs(s.delay, s.jitter, s.lossPercent)...)...)...)
}

// rate limits the client's egress with a token bucket (tbf exists where
// netem does not).
func (w *world) rate(kbit int) error {
	w.shaped = true
	return run(inNS(ClientNS, append([]string{"tc", "qdisc", "replace", "dev", ClientIf, "root"}, TBFArgs(kbit)...)...)...)
}

// heal returns every fault to the healthy world; it is idempotent and runs
// after every scenario, whatever the scenario did.
func (w *world) heal() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(run(inNS(ClientNS, "nft", "flush", "ruleset")...))
	add(run(inNS(CloudNS, "nft", "flush", "ruleset")...))
	if w.shaped {
		if w.wire != nil {
			add(w.wire.route(false))
			w.wire.close() // the TUN devices vanish with their descriptors
			w.wire = nil
		}
		if out, _ := output(inNS(ClientNS, "tc", "qdisc", "show", "dev", ClientIf)...); strings.Contains(out, "netem") || strings.Contains(out, "tbf") {
			add(run(inNS(ClientNS, "tc", "qdisc", "del", "dev", ClientIf, "root")...))
		}
		w.shaped = false
	}
	add(run("ip", "-n", CloudNS, "link", "set", CloudIf, "up"))
	add(run("ip", "-n", ClientNS, "link", "set", ClientIf, "up"))
	add(run("ip", "-n", ClientNS, "route", "replace", "default", "via", GatewayAddr))
	if b, err := os.ReadFile(clientResolvConf); err != nil || string(b) != ResolvConf(ISPResolver) {
		add(os.WriteFile(clientResolvConf, []byte(ResolvConf(ISPResolver)), 0o644))
	}
	if w.ispStopped {
		add(w.stopISP(false))
	}
	add(w.setAnswers(Truthful))
	add(w.setNginx(w.healthySite(), ""))
	add(w.setChrony(""))
	for name, p := range w.procs {
		if !p.alive() {
			add(fmt.Errorf("%s died: %s", name, p.tail()))
		}
	}
	return errors.Join(errs...)
}

// down stops the servers and sweeps the namespaces and files.
func (w *world) down() error {
	names := make([]string, 0, len(w.procs))
	for n := range w.procs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if w.procs[n].alive() && n == srvISP && w.ispStopped {
			_ = w.procs[n].cmd.Process.Signal(syscall.SIGCONT)
		}
		w.procs[n].stop()
	}
	if w.wire != nil {
		w.wire.close()
	}
	return sweep()
}

// doctorResult is one run of the CLI.
type doctorResult struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// isolate hides the host's system bus and nscd from the doctor, so in the
// client namespace it sees only the namespace's own resolv.conf (plain
// "direct" mode) and can never reconfigure the host's NetworkManager,
// systemd-resolved or clock over D-Bus. /run/systemd stays visible: where
// /etc/resolv.conf links into it, `ip netns exec` has bound the
// namespace's file there. It is a constant; data travels only as
// arguments ("$@").
const isolate = `for d in /run/dbus /run/nscd; do [ -d "$d" ] && mount -t tmpfs wsde-hide "$d"; done; exec "$@"`

// doctor runs wpsdoctor inside the client namespace.
func (w *world) doctor(ctx context.Context, extraEnv []string, args ...string) doctorResult {
	argv := inNS(ClientNS, append([]string{"sh", "-c", isolate, "sh", w.bin}, args...)...)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	home := filepath.Join(w.dir, "home")
	cmd.Env = append([]string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"WSD_STATE_DIR=" + filepath.Join(w.dir, "state"),
		"SSL_CERT_FILE=" + w.caFile,
		"LANG=C.UTF-8",
	}, extraEnv...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := doctorResult{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		r.code, r.stderr = -1, r.stderr+err.Error()
	}
	return r
}
