package fixes

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"wpsdoctor/platform/wps"

	"wpsdoctor/health"
)

// configResetNames are the cloud/sign-in settings files a reset moves to
// the quarantine (WPS recreates them with defaults). Licence and login
// token files are deliberately absent: signing out is a separate decision.
var configResetNames = []string{
	"wpscloud.conf", "config.ini", "user.config",
	"com.kingsoft.office.plist", "com.kingsoft.plist",
	"com.kingsoft.wpsoffice.mac.plist", "com.kingsoft.wpsoffice.mac.global.plist",
}

func baseName(p string) string {
	return path.Base(strings.ReplaceAll(p, `\`, "/"))
}

// sectionResetNames are general settings files (Qt INI) where only the
// cloud/sign-in keys are reset, keeping language, EULA and UI settings.
var sectionResetNames = []string{"office.conf"}

// cloudKey matches the cloud/sign-in keys of Office.conf.
var cloudKey = regexp.MustCompile(`(?i)(userinfo|login|logon|cloud|qing|account|token|usercenter|session)`)

// resetCloudKeys drops the cloud/sign-in key lines of a Qt INI file and
// keeps everything else byte for byte.
func resetCloudKeys(data []byte) []byte {
	var out []byte
	for _, line := range strings.SplitAfter(string(data), "\n") {
		t := strings.TrimSpace(line)
		if k, _, ok := strings.Cut(t, "="); ok && !strings.HasPrefix(t, "[") && !strings.HasPrefix(t, ";") && cloudKey.MatchString(k) {
			continue
		}
		out = append(out, line...)
	}
	return out
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// planConfigReset backs up (quarantines) the cloud/sign-in settings files
// discovery found, and resets only the cloud/sign-in keys of Office.conf,
// with WPS closed first.
func planConfigReset(ctx context.Context, env *Env) (Plan, error) {
	in := env.install()
	var p Plan
	var files, protected []string
	var edits []Step
	g := newMoveGuard(env, in)
	for _, f := range in.ConfigFiles {
		// Every file reset moves or rewrites is asked about first: a
		// protected one (Windows keeps config.ini inside WPS Cloud Files)
		// or one reached through a link is left alone, with a note.
		if why := g.skip(f); why != nil {
			p.Notes = append(p.Notes, *why)
			if why.Key == "fix.skip.protected" {
				protected = append(protected, f)
			}
			continue
		}
		name := strings.ToLower(baseName(f))
		if slices.Contains(configResetNames, name) {
			files = append(files, f)
		}
		if !slices.Contains(sectionResetNames, name) {
			continue
		}
		old, err := env.fs().ReadFile(f)
		if err != nil {
			continue
		}
		mode := uint32(0o600)
		var mtime *time.Time
		if fi, err := env.fs().Stat(f); err == nil {
			mode = uint32(fi.Mode().Perm())
			mt := fi.ModTime()
			mtime = &mt
		}
		if reset := resetCloudKeys(old); !bytes.Equal(reset, old) {
			edits = append(edits, Step{
				Description: health.Msg("fix.config.step.keys", "path", f),
				Actions:     []Action{{Kind: KindWriteFile, Path: f, Data: reset, Mode: mode, IfSHA256: sha256Hex(old)}},
				Undo:        []Action{{Kind: KindWriteFile, Path: f, Data: old, Mode: mode, MTime: mtime, IfSHA256: sha256Hex(reset)}},
				Prior:       mustJSON(map[string]any{"path": f, "sha256": sha256Hex(old)}),
			})
		}
	}
	if len(files) == 0 && len(edits) == 0 {
		if len(protected) > 0 {
			return refuse(p, "fix.config.protected", "paths", strings.Join(protected, ", "))
		}
		return refuse(p, "fix.config.none")
	}
	p, err := closeAndMove(ctx, env, in, p, files, "c", "fix.config.step.reset", edits)
	if err != nil || p.Refusal != nil {
		return p, err
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
	p.Steps = []Step{restartStep(in)}
	return p, nil
}

// restartStep stops this installation's cloud component politely and
// starts it again.
func restartStep(in wps.Install) Step {
	return Step{
		Description: health.Msg("fix.cloud.step.restart", "path", in.CloudExe),
		Actions:     []Action{{Kind: KindRestartApp, Names: []string{"wpscloudsvr", "wpscloudsrv"}, Exe: in.CloudExe}},
	}
}

// closeAndMove lays out the fixes that move WPS's own files: close WPS
// first (or refuse, when that must not or cannot be done here), quarantine
// each path as a step of its own (items prefix001…, described by stepKey),
// then the edits.
func closeAndMove(ctx context.Context, env *Env, in wps.Install, p Plan, paths []string, prefix, stepKey string, edits []Step) (Plan, error) {
	step, refusal, hints := closeStep(ctx, env, in)
	if refusal != "" {
		return refuse(p, refusal, "files", strings.Join(hints, ", "))
	}
	if step != nil {
		p.Steps = append(p.Steps, *step)
	}
	for i, f := range paths {
		item := fmt.Sprintf("%s%03d", prefix, i+1)
		p.Steps = append(p.Steps, Step{
			Description: health.Msg(stepKey, "path", f),
			Actions:     []Action{{Kind: KindQuarantine, Path: f, Item: item}},
			Undo:        []Action{{Kind: KindRestore, Item: item}},
			Prior:       mustJSON(map[string]any{"path": f}),
		})
	}
	p.Steps = append(p.Steps, edits...)
	return p, nil
}
