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
	servers := strings.Join(append(append([]string{}, v4...), v6...), ", ")
	switch st.Mode {
	case dnsconf.ModeWindows:
		for _, i := range ifs {
			for _, f := range []struct {
				n      int
				want   []string
				old    []string
				static bool
			}{{4, v4, i.V4, i.V4Static}, {6, v6, i.V6, i.V6Static}} {
				if len(f.want) == 0 || f.n == 6 && !i.HasV6 {
					continue // no IPv6 on this interface: netsh would fail
				}
				p.Steps = append(p.Steps, Step{
					Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", f.n, "servers", strings.Join(f.want, ", ")),
					Actions:     execs(dnsconf.WindowsSetArgv(i.Index, f.n, f.want)),
					Undo:        execs(dnsconf.WindowsRestoreArgv(i.Index, f.n, f.static, f.old)),
					Elevated:    true,
					Prior:       mustJSON(map[string]any{"interface": i.Name, "index": i.Index, "guid": i.GUID, "family": f.n, "servers": f.old, "static": f.static}),
				})
			}
		}
	case dnsconf.ModeMacOS:
		want := append(append([]string{}, v4...), v6...)
		for _, i := range ifs {
			old := append(append([]string{}, i.V4...), i.V6...)
			p.Steps = append(p.Steps, Step{
				Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", "4+6", "servers", servers),
				Actions:     []Action{{Kind: KindExec, Argv: dnsconf.MacSetArgv(i.Name, want)}},
				Undo:        []Action{{Kind: KindExec, Argv: dnsconf.MacRestoreArgv(i.Name, i.V4Static, old)}},
				Elevated:    true,
				Prior:       mustJSON(map[string]any{"service": i.Name, "device": i.Device, "manual": old, "static": i.V4Static}),
			})
		}
	case dnsconf.ModeResolved:
		for _, i := range ifs {
			p.Steps = append(p.Steps, Step{
				Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", "4+6", "servers", servers),
				Actions:     execs(dnsconf.ResolvedSetArgv(i.Name, append(append([]string{}, v4...), v6...))),
				Undo:        []Action{{Kind: KindExec, Argv: dnsconf.ResolvedRevertArgv(i.Name)}},
				Elevated:    true,
				Prior:       mustJSON(map[string]any{"link": i.Name}),
			})
		}
	case dnsconf.ModeNetworkManager:
		for _, i := range ifs {
			p.Steps = append(p.Steps, Step{
				Description: health.Msg("fix.dns.step.set_iface", "iface", i.Name, "family", "4+6", "servers", servers),
				Actions:     []Action{{Kind: KindExec, Argv: dnsconf.NMModifyArgv(i.Name, v4, v6)}},
				Undo:        []Action{{Kind: KindExec, Argv: dnsconf.NMReapplyArgv(i.Name)}},
				Elevated:    true,
				Prior:       mustJSON(map[string]any{"device": i.Name}),
			})
		}
	default:
		switch owner := dnsconf.ResolvOwner(st.ResolvData); {
		case owner == "wpsdoctor":
			return refuse(p, "fix.dns.already")
		case owner != "":
			return refuse(p, "fix.dns.managed", "by", owner, "detail", st.ResolvConf)
		case st.ResolvLink != "":
			return refuse(p, "fix.dns.managed", "by", "symlink", "detail", st.ResolvConf+" -> "+st.ResolvLink)
		}
		undo := Action{Kind: KindWriteFile, Path: st.ResolvConf, Data: st.ResolvData, Mode: 0o644, IfMarker: dnsconf.DirectMarker}
		if st.ResolvData == nil {
			undo = Action{Kind: KindWriteFile, Path: st.ResolvConf, Remove: true, IfMarker: dnsconf.DirectMarker}
		}
		p.Steps = append(p.Steps, Step{
			Description: health.Msg("fix.dns.step.set_file", "path", st.ResolvConf, "servers", servers),
			Actions:     []Action{{Kind: KindWriteFile, Path: st.ResolvConf, Data: dnsconf.DirectContent(st.ResolvData, append(append([]string{}, v4...), v6...)), Mode: 0o644}},
			Undo:        []Action{undo},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"path": st.ResolvConf, "content": string(st.ResolvData), "existed": st.ResolvData != nil}),
		})
	}
	if argv, elevated := dnsconf.FlushArgv(env.OS, st.Mode, st.Cache); argv != nil {
		p.Steps = append(p.Steps, Step{Description: health.Msg("fix.dns.step.flush"), Actions: execs(argv),
			Elevated: elevated || env.OS == "windows"})
	}
	p.Notes = append(p.Notes, health.Msg("fix.dns.note.undo"))
	return p, nil
}

func execs(argvs [][]string) []Action {
	out := make([]Action, len(argvs))
	for i, a := range argvs {
		out[i] = Action{Kind: KindExec, Argv: a}
	}
	return out
}
