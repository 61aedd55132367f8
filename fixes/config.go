package fixes

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"wpsdoctor/health"
)

// configResetNames are the cloud/sign-in settings files a reset moves to
// the quarantine (WPS recreates them with defaults). Licence and login
// token files are deliberately absent: signing out is a separate decision.
var configResetNames = []string{
	"office.conf", "wpscloud.conf", "config.ini", "user.config",
	"com.kingsoft.office.plist", "com.kingsoft.plist",
	"com.kingsoft.wpsoffice.mac.plist", "com.kingsoft.wpsoffice.mac.global.plist",
}

func baseName(p string) string {
	return path.Base(strings.ReplaceAll(p, `\`, "/"))
}

// planConfigReset backs up (quarantines) the cloud/sign-in settings files
// discovery found, with WPS closed first.
func planConfigReset(ctx context.Context, env *Env) (Plan, error) {
	in := env.install()
	var p Plan
	var files []string
	for _, f := range in.ConfigFiles {
		if slices.Contains(configResetNames, strings.ToLower(baseName(f))) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return refuse(p, "fix.config.none")
	}
	step, refusal, hints := closeStep(ctx, env, in)
	if refusal != "" {
		return refuse(p, refusal, "files", strings.Join(hints, ", "))
	}
	if step != nil {
		p.Steps = append(p.Steps, *step)
	}
	for i, f := range files {
		item := fmt.Sprintf("c%03d", i+1)
		p.Steps = append(p.Steps, Step{
			Description: health.Msg("fix.config.step.reset", "path", f),
			Actions:     []Action{{Kind: KindQuarantine, Path: f, Item: item}},
			Undo:        []Action{{Kind: KindRestore, Item: item}},
			Prior:       mustJSON(map[string]any{"path": f}),
		})
	}
	if in.OS == "windows" {
		p.Notes = append(p.Notes, health.Msg("fix.config.note.registry"))
	}
	return p, nil
}

// planCloudRestart stops the WPS cloud component politely and starts it.
func planCloudRestart(ctx context.Context, env *Env) (Plan, error) {
	in := env.install()
	var p Plan
	if in.CloudExe == "" {
		return refuse(p, "fix.cloud.missing")
	}
	p.Steps = []Step{{
		Description: health.Msg("fix.cloud.step.restart", "path", in.CloudExe),
		Actions:     []Action{{Kind: KindRestartApp, Names: []string{"wpscloudsvr", "wpscloudsrv"}, Exe: in.CloudExe}},
	}}
	return p, nil
}
