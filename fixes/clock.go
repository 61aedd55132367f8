package fixes

import (
	"context"

	"wpsdoctor/health"
	"wpsdoctor/platform/timesync"
)

// planClockSync turns network time on (undo turns it off again only if it
// was off) and resyncs now. Domain-managed Windows time is resynced only.
// When the setting could not be read it is turned on all the same, as
// timesync.State says: Windows without a W32Time key registers the service,
// Windows without a Type value gets Type=NTP (undo deletes it again), other
// systems run the enable command without an undo step.
func planClockSync(ctx context.Context, env *Env) (Plan, error) {
	var p Plan
	st := timesync.State{OS: env.OS}
	if env.Time != nil {
		var err error
		if st, err = env.Time(ctx); err != nil {
			return p, err
		}
	}
	if st.Known && !st.NetworkTime {
		switch env.OS {
		case "windows":
			p.Steps = append(p.Steps, Step{
				Description: health.Msg("fix.clock.step.enable"),
				Actions:     []Action{{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type", Type: "REG_SZ", Value: "NTP"}}},
				Undo:        []Action{{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type", Type: "REG_SZ", Value: st.WinType}}},
				Elevated:    true,
				Prior:       mustJSON(map[string]any{"Type": st.WinType}),
			})
		default:
			if argv := timesync.EnableArgv(env.OS); argv != nil {
				p.Steps = append(p.Steps, Step{
					Description: health.Msg("fix.clock.step.enable"),
					Actions:     []Action{{Kind: KindExec, Argv: argv}},
					Undo:        []Action{{Kind: KindExec, Argv: timesync.DisableArgv(env.OS)}},
					Elevated:    true,
					Prior:       mustJSON(map[string]any{"network_time": false}),
				})
			}
		}
	}
	if !st.Known {
		p.Steps = append(p.Steps, unknownTimeSteps(env.OS, st)...)
	}
	argvs, okExit := timesync.ResyncArgv(st, ntpServer(env.family()))
	for i, a := range argvs {
		p.Steps = append(p.Steps, Step{
			Description: health.Msg("fix.clock.step.resync", "command", a[0]),
			Actions:     []Action{{Kind: KindExec, Argv: a, OKExit: okExit[i]}},
			Elevated:    true,
		})
	}
	if st.DomainManaged() {
		p.Notes = append(p.Notes, health.Msg("fix.clock.note.domain"))
	}
	if len(p.Steps) == 0 {
		return refuse(p, "fix.clock.nothing")
	}
	p.Notes = append(p.Notes, health.Msg("fix.clock.note.step"))
	return p, nil
}

// unknownTimeSteps turn network time on when its state could not be read.
func unknownTimeSteps(goos string, st timesync.State) []Step {
	switch {
	case goos == "windows" && st.WinUnregistered:
		return []Step{{
			Description: health.Msg("fix.clock.step.register"),
			Actions:     []Action{{Kind: KindExec, Argv: timesync.RegisterArgv()}},
			Undo:        []Action{{Kind: KindExec, Argv: timesync.UnregisterArgv()}},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"w32time_registered": false}),
		}}
	case goos == "windows":
		return []Step{{
			Description: health.Msg("fix.clock.step.enable"),
			Actions:     []Action{{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type", Type: "REG_SZ", Value: "NTP"}}},
			Undo:        []Action{{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type", Type: "REG_SZ", Delete: true}}},
			Elevated:    true,
			Prior:       mustJSON(map[string]any{"Type": nil}),
		}}
	}
	if argv := timesync.EnableArgv(goos); argv != nil {
		return []Step{{
			Description: health.Msg("fix.clock.step.enable"),
			Actions:     []Action{{Kind: KindExec, Argv: argv}},
			Elevated:    true,
		}}
	}
	return nil
}
