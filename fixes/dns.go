package fixes

import (
	"context"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/platform/dnsconf"
)

func readDNS(ctx context.Context, env *Env) (dnsconf.State, error) {
	if env.DNS == nil {
		return dnsconf.State{OS: env.OS}, nil
	}
	return env.DNS(ctx)
}

// planDNSFlush flushes the system resolver cache: unelevated where the OS
// allows it (Windows, systemd-resolved), elevated otherwise.
func planDNSFlush(ctx context.Context, env *Env) (Plan, error) {
	var p Plan
	st, err := readDNS(ctx, env)
	if err != nil {
		if env.OS == "linux" { // which cache to flush depends on the mode
			return refuse(p, "fix.dns.unreadable", "error", err.Error())
		}
		st = dnsconf.State{OS: env.OS} // Windows and macOS flush the same way whatever the settings
	}
	argv, elevated := dnsconf.FlushArgv(env.OS, st.Mode, st.Cache)
	if argv == nil {
		return refuse(p, "fix.dns.no_cache")
	}
	s := Step{Description: health.Msg("fix.dns.step.flush")}
	for _, a := range argv {
		s.Actions = append(s.Actions, Action{Kind: KindExec, Argv: a})
	}
	if elevated {
		s.Elevated = true
	} else if env.OS == "windows" {
		s.ElevateOnFailure = true
	}
	p.Steps = []Step{s}
	return p, nil
}

// planDNSSet points the active interfaces at the region's public
// resolvers, per interface and family, recording each one's prior servers
// and whether they were static or from DHCP.
func planDNSSet(ctx context.Context, env *Env) (Plan, error) {
	var p Plan
	st, err := readDNS(ctx, env)
	if err != nil {
		// Without the current settings there is nothing to plan or to undo
		// to: say so plainly rather than fail as a tool error.
		return refuse(p, "fix.dns.unreadable", "error", err.Error())
	}
	switch {
	case st.Managed != "":
		return refuse(p, "fix.dns.managed", "by", st.Managed, "detail", st.ManagedDetail)
	case st.Captive || env.captive(ctx):
		return refuse(p, "fix.dns.captive")
	}
	fam := env.family()
	v4, _ := dnsconf.SplitFamilies(plainIPs(fam.Resolvers))
	_, v6 := dnsconf.SplitFamilies(plainIPs(fam.Resolvers6))
	if len(v4) == 0 {
		return refuse(p, "fix.dns.no_resolvers")
	}
	ifs := st.Active()
	if len(ifs) == 0 && st.Mode != dnsconf.ModeDirect {
		return refuse(p, "fix.dns.no_interface")
	}
	r := resolvers{v4: v4, v6: v6}
	switch st.Mode {
	case dnsconf.ModeWindows:
		p.Steps = windowsDNSSteps(ifs, r)
	case dnsconf.ModeMacOS:
		p.Steps = macDNSSteps(ifs, r)
	case dnsconf.ModeResolved:
		p.Steps = resolvedDNSSteps(ifs, r)
	case dnsconf.ModeNetworkManager:
		p.Steps = nmDNSSteps(ifs, r)
	default:
		step, refusal := resolvConfStep(st, r)
		if refusal != nil {
			p.Refusal = refusal
			return p, nil
		}
		p.Steps = []Step{step}
	}
	if argv, elevated := dnsconf.FlushArgv(env.OS, st.Mode, st.Cache); argv != nil {
		p.Steps = append(p.Steps, Step{Description: health.Msg("fix.dns.step.flush"), Actions: execs(argv),
			Elevated: elevated || env.OS == "windows"})
	}
	p.Notes = append(p.Notes, health.Msg("fix.dns.note.undo"))
	return p, nil
}

// resolvers are the region's public resolvers, by family.
type resolvers struct{ v4, v6 []string }

// all lists IPv4 first, then IPv6.
func (r resolvers) all() []string { return append(append([]string{}, r.v4...), r.v6...) }

func (r resolvers) text() string { return strings.Join(r.all(), ", ") }

// windowsDNSSteps sets each interface's servers per family with netsh,
// skipping IPv6 where the interface has none (netsh would fail); undo puts
// back the servers, or DHCP.
func windowsDNSSteps(ifs []dnsconf.Interface, r resolvers) []Step {
	var steps []Step
	for _, i := range ifs {
		for _, f := range []struct {
			n      int
			want   []string
			old    []string
			static bool
		}{{4, r.v4, i.V4, i.V4Static}, {6, r.v6, i.V6, i.V6Static}} {
			if len(f.want) == 0 || f.n == 6 && !i.HasV6 {
				continue
			}
			steps = append(steps, Step{
				Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", f.n, "servers", strings.Join(f.want, ", ")),
				Actions:     execs(dnsconf.WindowsSetArgv(i.Index, f.n, f.want)),
				Undo:        execs(dnsconf.WindowsRestoreArgv(i.Index, f.n, f.static, f.old)),
				Elevated:    true,
				Prior:       mustJSON(map[string]any{"interface": i.Name, "index": i.Index, "guid": i.GUID, "family": f.n, "servers": f.old, "static": f.static}),
			})
		}
	}
	return steps
}

// macDNSSteps sets each network service's servers with networksetup.
func macDNSSteps(ifs []dnsconf.Interface, r resolvers) []Step {
	var steps []Step
	for _, i := range ifs {
		old := append(append([]string{}, i.V4...), i.V6...)
		steps = append(steps, Step{
			Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", "4+6", "servers", r.text()),
			Actions:     []Action{{Kind: KindExec, Argv: dnsconf.MacSetArgv(i.Name, r.all())}},
			Undo:        []Action{{Kind: KindExec, Argv: dnsconf.MacRestoreArgv(i.Name, i.V4Static, old)}},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"service": i.Name, "device": i.Device, "manual": old, "static": i.V4Static}),
		})
	}
	return steps
}

// resolvedDNSSteps sets each link's servers in systemd-resolved; undo
// reverts the link to what its network configuration says.
func resolvedDNSSteps(ifs []dnsconf.Interface, r resolvers) []Step {
	var steps []Step
	for _, i := range ifs {
		steps = append(steps, Step{
			Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", "4+6", "servers", r.text()),
			Actions:     execs(dnsconf.ResolvedSetArgv(i.Name, r.all())),
			Undo:        []Action{{Kind: KindExec, Argv: dnsconf.ResolvedRevertArgv(i.Name)}},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"link": i.Name}),
		})
	}
	return steps
}

// nmDNSSteps sets each NetworkManager device's servers for now; undo
// reapplies the connection's own settings.
func nmDNSSteps(ifs []dnsconf.Interface, r resolvers) []Step {
	var steps []Step
	for _, i := range ifs {
		steps = append(steps, Step{
			Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", "4+6", "servers", r.text()),
			Actions:     []Action{{Kind: KindExec, Argv: dnsconf.NMModifyArgv(i.Name, r.v4, r.v6)}},
			Undo:        []Action{{Kind: KindExec, Argv: dnsconf.NMReapplyArgv(i.Name)}},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"device": i.Name}),
		})
	}
	return steps
}

// resolvConfStep rewrites /etc/resolv.conf when nothing manages it; undo
// puts back the exact bytes (or removes a file that did not exist), and
// only while our marker is still in the file.
func resolvConfStep(st dnsconf.State, r resolvers) (Step, *health.Message) {
	switch owner := dnsconf.ResolvOwner(st.ResolvData); {
	case owner == "wpsdoctor":
		m := health.Msg("fix.dns.already")
		return Step{}, &m
	case owner != "":
		m := health.Msg("fix.dns.managed", "by", owner, "detail", st.ResolvConf)
		return Step{}, &m
	case st.ResolvLink != "":
		m := health.Msg("fix.dns.managed", "by", "symlink", "detail", st.ResolvConf+" -> "+st.ResolvLink)
		return Step{}, &m
	}
	undo := Action{Kind: KindWriteFile, Path: st.ResolvConf, Data: st.ResolvData, Mode: 0o644, IfMarker: dnsconf.DirectMarker}
	if st.ResolvData == nil {
		undo = Action{Kind: KindWriteFile, Path: st.ResolvConf, Remove: true, IfMarker: dnsconf.DirectMarker}
	}
	return Step{
		Description: health.Msg("fix.dns.step.set_file", "path", st.ResolvConf, "servers", r.text()),
		Actions:     []Action{{Kind: KindWriteFile, Path: st.ResolvConf, Data: dnsconf.DirectContent(st.ResolvData, r.all()), Mode: 0o644}},
		Undo:        []Action{undo},
		Elevated:    true,
		Prior:       mustJSON(map[string]any{"path": st.ResolvConf, "content": string(st.ResolvData), "existed": st.ResolvData != nil}),
	}, nil
}

func execs(argvs [][]string) []Action {
	out := make([]Action, len(argvs))
	for i, a := range argvs {
		out[i] = Action{Kind: KindExec, Argv: a}
	}
	return out
}
