package fixes

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"wpsdoctor/fixes/plan"

	"wpsdoctor/health"
	"wpsdoctor/platform/firewall"
)

// planFirewall allows WPS through the firewall: per-program outbound rules
// on Windows (block rules only disabled with explicit consent), the
// application firewall on macOS, outbound 80/443 on Linux when outbound
// traffic is filtered. Every rule carries our marker; undo removes only it.
func planFirewall(ctx context.Context, env *Env) (Plan, error) {
	var p Plan
	apps := firewall.Programs(env.install())
	if len(apps) == 0 && (env.OS == "windows" || env.OS == "darwin") {
		return refuse(p, "fix.fw.no_wps")
	}
	st := firewall.State{OS: env.OS, Backend: firewall.BackendNone}
	if env.Firewall != nil {
		var err error
		if st, err = env.Firewall(ctx, apps); err != nil {
			return p, err
		}
	}
	if st.ReadBy == firewall.ReadByService {
		p.Notes = append(p.Notes, health.Msg("fix.fw.note.read_by_service"))
	}
	if st.Managed != "" {
		return refuse(p, "fix.fw.managed", "by", st.Managed)
	}
	switch st.Backend {
	case firewall.BackendWindows:
		return planWindowsFirewall(p, env, st, apps)
	case firewall.BackendMacALF:
		if !st.ALFEnabled {
			return refuse(p, "fix.fw.mac_off")
		}
		do, undo := firewall.MacAllowArgv(apps[0], st.Apps[apps[0]])
		if do == nil {
			return refuse(p, "fix.fw.already")
		}
		p.Steps = []Step{{
			Description: health.Msg("fix.fw.step.mac", "app", apps[0]),
			Actions:     []Action{{Kind: KindExec, Argv: do}},
			Undo:        []Action{{Kind: KindExec, Argv: undo}},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"app": apps[0], "status": st.Apps[apps[0]]}),
		}}
		p.Notes = append(p.Notes, health.Msg("fix.fw.note.mac_inbound"))
		return p, nil
	case firewall.BackendUFW:
		if st.UFWOutgoing == "allow" || st.UFWOutgoing == "" {
			return refuse(p, "fix.fw.not_filtered")
		}
		for _, port := range firewall.WebPorts {
			if slices.ContainsFunc(st.UFWOurs, func(r string) bool { return strings.HasPrefix(r, itoa(port)+"/tcp") }) {
				continue
			}
			p.Steps = append(p.Steps, Step{
				Description: health.Msg("fix.fw.step.port", "port", port, "where", "ufw"),
				Actions:     []Action{{Kind: KindExec, Argv: firewall.UFWAllowArgv(port)}},
				Undo:        []Action{{Kind: KindExec, Argv: firewall.UFWDeleteArgv(port)}},
				Elevated:    true,
				Prior:       mustJSON(map[string]any{"outgoing": st.UFWOutgoing}),
			})
		}
	case firewall.BackendNFT:
		for _, c := range st.Chains {
			if !c.Filters || len(c.Ours) > 0 || firewall.ValidChain(c) != nil {
				continue
			}
			chain := plan.NFTChain{Family: c.Family, Table: c.Table, Name: c.Name}
			p.Steps = append(p.Steps, Step{
				Description: health.Msg("fix.fw.step.port", "port", "80, 443", "where", "nft "+c.Family+" "+c.Table+" "+c.Name),
				Actions:     []Action{{Kind: KindExec, Argv: firewall.NFTAllowArgv(c)}},
				Undo:        []Action{{Kind: KindNFTUnmark, Chain: &chain}},
				Elevated:    true,
				Prior:       mustJSON(c),
			})
		}
	case firewall.BackendFirewalld:
		return refuse(p, "fix.fw.managed", "by", "firewalld")
	}
	if len(p.Steps) == 0 {
		return refuse(p, "fix.fw.not_filtered")
	}
	return p, nil
}

func planWindowsFirewall(p Plan, env *Env, st firewall.State, apps []string) (Plan, error) {
	ours := map[string]bool{}
	for _, r := range st.Rules {
		ours[r.Display] = true
	}
	for _, exe := range apps {
		name := firewall.WindowsRuleName(baseName(exe), "out")
		if ours[name] {
			continue
		}
		p.Steps = append(p.Steps, Step{
			Description: health.Msg("fix.fw.step.win_allow", "program", exe),
			Actions:     []Action{{Kind: KindExec, Argv: firewall.WindowsAllowArgv(name, exe, "out")}},
			Undo:        []Action{{Kind: KindExec, Argv: firewall.WindowsDeleteArgv(name)}},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"rule": name, "existed": false}),
		})
	}
	for _, r := range firewall.BlockingRules(st.Rules, apps) {
		local := r.Store == "" || strings.EqualFold(r.Store, "Local") || strings.EqualFold(r.Store, "PersistentStore")
		switch {
		case !local:
			p.Notes = append(p.Notes, health.Msg("fix.fw.note.block_policy", "rule", r.Display))
		case env.Options[OptRemoveBlockRules]:
			p.Steps = append(p.Steps, Step{
				Description: health.Msg("fix.fw.step.win_disable", "rule", r.Display),
				Actions:     []Action{{Kind: KindExec, Argv: firewall.WindowsEnableArgv(r.Display, false)}},
				Undo:        []Action{{Kind: KindExec, Argv: firewall.WindowsEnableArgv(r.Display, true)}},
				Elevated:    true,
				Prior:       mustJSON(r),
			})
		default:
			p.Notes = append(p.Notes, health.Msg("fix.fw.note.block_rule", "rule", r.Display, "option", OptRemoveBlockRules))
		}
	}
	if len(p.Steps) == 0 {
		return refuse(p, "fix.fw.already")
	}
	return p, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
