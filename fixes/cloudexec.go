package fixes

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

// planCloudExec gives the WPS cloud component back its execute bits
// (finding WSD-CLI-004): the bits of the install's own convention, u+x and
// g+x / o+x where the group / others may read it (0644 becomes 0755,
// 0640 becomes 0750). The prior mode is journaled and undo restores it
// exactly. A file under a system-wide install, or owned by another user,
// is changed with administrator rights; Windows has no execute bit.
func planCloudExec(_ context.Context, env *Env) (Plan, error) {
	var p Plan
	if env.OS == "windows" {
		return refuse(p, "fix.cloudexec.windows")
	}
	in := env.install()
	exe := in.CloudExe
	if exe == "" {
		return refuse(p, "fix.cloud.missing")
	}
	if key := cloudExecPlace(env, in); key != "" {
		return refuse(p, key, "path", exe)
	}
	fi, err := env.fs().Stat(exe)
	if err != nil {
		return refuse(p, "fix.cloudexec.unreadable", "path", exe, "error", err.Error())
	}
	prior := fi.Mode().Perm()
	switch {
	case !fi.Mode().IsRegular():
		return refuse(p, "fix.cloudexec.not_file", "path", exe)
	case prior&0o111 != 0:
		return refuse(p, "fix.cloudexec.already", "path", exe, "mode", octal(prior))
	case prior&0o022 != 0:
		// Writable by others: making it executable would let them run
		// their own program as anyone who starts WPS. Reinstall instead.
		return refuse(p, "fix.cloudexec.writable", "path", exe, "mode", octal(prior))
	}
	next := ExecMode(prior)
	elevated := in.PerMachine || ownedByOther(fi)
	if elevated && ValidSystemCloudExe(exe) != nil {
		return refuse(p, "fix.cloudexec.unknown_place", "path", exe)
	}
	p.Steps = []Step{{
		Description: health.Msg("fix.cloudexec.step", "path", exe, "from", octal(prior), "to", octal(next)),
		Actions:     []Action{{Kind: KindSetMode, Path: exe, Mode: uint32(next)}},
		Undo:        []Action{{Kind: KindSetMode, Path: exe, Mode: uint32(prior)}},
		Elevated:    elevated,
		Prior:       mustJSON(map[string]any{"path": exe, "mode": octal(prior)}),
	}}
	if elevated {
		p.Notes = append(p.Notes, health.Msg("fix.cloudexec.note.admin"))
	}
	return p, nil
}

// ExecMode adds the execute bits a file's read bits call for: u+x always,
// g+x when the group may read it, o+x when others may.
func ExecMode(m fs.FileMode) fs.FileMode {
	m = m.Perm()
	return m | 0o100 | (m&0o044)>>2
}

func octal(m fs.FileMode) string { return fmt.Sprintf("%04o", uint32(m.Perm())) }

// cloudExecPlace returns why the cloud component's path must not be
// changed ("" when it may): it must lie inside the install root, and no
// component below the root (the file itself included) may be a link.
func cloudExecPlace(env *Env, in wps.Install) string {
	root := strings.TrimSuffix(in.Root, "/")
	exe := in.CloudExe
	if root == "" || !strings.HasPrefix(exe, root+"/") || path.Clean(exe) != exe {
		return "fix.cloudexec.outside"
	}
	link := ""
	if _, ok := env.fs().(wps.OSFS); ok && env.OS == runtime.GOOS {
		l, err := LinkInPath([]string{root}, exe)
		if err != nil {
			return "fix.cloudexec.outside"
		}
		link = l
	} else {
		link = linkInFS(env.fs(), env.OS, root, exe)
	}
	if link != "" {
		return "fix.cloudexec.link"
	}
	return ""
}

// systemCloudExeRe is where a system-wide WPS keeps its cloud component:
// the Linux roots discovery knows (deb/rpm, Arch, Fedora-style,
// Deepin/UOS; never the read-only flatpak trees) and a bundle in
// /Applications on macOS.
var systemCloudExeRe = regexp.MustCompile(`^(?:(?:/opt/kingsoft/wps-office|/usr/lib|/usr/lib64/wps-office|/usr/lib/wps-office|` +
	`/opt/apps/cn\.wps\.wps-office[A-Za-z0-9._-]{0,64}/files(?:/kingsoft/wps-office)?)/office6/wpscloud(?:svr|srv)|` +
	`/Applications/[^/]{1,200}\.app/Contents/(?:MacOS|Helpers)/wpscloudsvr)$`)

// ValidSystemCloudExe accepts only the cloud component of a system-wide
// install: an absolute, clean path in one of the places above.
func ValidSystemCloudExe(p string) error {
	if path.Clean(p) != p || strings.Contains(p, "/../") || strings.HasSuffix(p, "/..") || !systemCloudExeRe.MatchString(p) {
		return fmt.Errorf("%q is not the cloud component of a system-wide WPS install", p)
	}
	return nil
}

// validSetMode is the helper's check of set_mode: exactly a path and a
// mode, the path a system-wide cloud component, the mode plain permission
// bits that give no one but the owner write access.
func validSetMode(a Action) error {
	if !reflect.DeepEqual(a, Action{Kind: KindSetMode, Path: a.Path, Mode: a.Mode}) {
		return fmt.Errorf("set_mode takes a path and a mode only")
	}
	if a.Mode&^0o777 != 0 || a.Mode&0o022 != 0 || a.Mode&0o400 == 0 {
		return fmt.Errorf("mode %#o is not allowed (permission bits only, owner-readable, writable by the owner alone)", a.Mode)
	}
	return ValidSystemCloudExe(a.Path)
}
