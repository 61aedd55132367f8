package fixes

import (
	"context"
	"path"
	"slices"
	"strings"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/wps"
)

// loginSiblings are login stores looked for beside one that was found
// (Windows keeps kdynsdk next to kaccountsdk in %APPDATA%\Kingsoft: B,
// wps-facts.md §4). Data, so a correction needs no code.
var loginSiblings = map[string][]string{"kaccountsdk": {"kdynsdk"}}

// signInKeyWords pick the sign-in entries of Office.conf that a sign-out
// resets where no login store is known (Linux; C: the Linux store is not
// published). keepKeyWords are policy, never reset: enableForceLogin
// decides whether 365 builds force a sign-in at start.
var (
	signInKeyWords = []string{"login", "logon", "token", "session", "account", "usercenter"}
	keepKeyWords   = []string{"forcelogin"}
)

// isSignInKey reports whether an Office.conf key is a sign-in entry.
func isSignInKey(k string) bool {
	l := strings.ToLower(k)
	for _, w := range keepKeyWords {
		if strings.Contains(l, w) {
			return false
		}
	}
	for _, w := range signInKeyWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// resetSignInKeys drops the sign-in key lines of a Qt INI file and keeps
// everything else byte for byte.
func resetSignInKeys(data []byte) []byte {
	var out []byte
	for _, line := range strings.SplitAfter(string(data), "\n") {
		t := strings.TrimSpace(line)
		if k, _, ok := strings.Cut(t, "="); ok && !strings.HasPrefix(t, "[") && !strings.HasPrefix(t, ";") && isSignInKey(k) {
			continue
		}
		out = append(out, line...)
	}
	return out
}

// loginStores returns the login-store items to move: what the sign-in
// reader found, plus their known siblings that exist.
func loginStores(env *Env, si wps.SignIn) []string {
	join := nativeJoin(env.OS)
	var out []string
	add := func(p string) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, it := range si.Login {
		add(it.Path)
		dir := strings.TrimSuffix(it.Path, it.Name)
		// Listing the folder tells whether a sibling exists without
		// following it, should it be a link.
		entries, _ := env.fs().ReadDir(dir)
		for _, sib := range loginSiblings[it.Name] {
			for _, e := range entries {
				if strings.EqualFold(e.Name(), sib) {
					add(join(dir, e.Name()))
				}
			}
		}
	}
	return out
}

// skipLogin returns why a login store must not be moved, or nil: the
// checks of moveGuard.skip, with the store's own name exempt from the
// protected names (moving it is this fix's purpose) and nothing else.
func (g *moveGuard) skipLogin(p string) *health.Message {
	if wps.ProtectedLoginStore(g.rin, p) {
		m := health.Msg("fix.skip.protected", "path", p, "real", p)
		return &m
	}
	if link := g.linkIn(p); link != "" {
		m := health.Msg("fix.skip.link", "path", p, "link", link)
		return &m
	}
	if g.real != nil {
		r, err := g.real(p)
		if err != nil {
			m := health.Msg("fix.skip.unresolved", "path", p, "error", err.Error())
			return &m
		}
		if wps.ProtectedLoginStore(g.rin, r) {
			m := health.Msg("fix.skip.protected", "path", p, "real", r)
			return &m
		}
	}
	return nil
}

// planResignin signs WPS out so the user can sign in again: WPS is closed
// politely (never killed), the login stores are moved to the quarantine
// (undo puts them back byte for byte), the sign-in entries of Office.conf
// are reset where no login store is known, the cloud component is started
// again, and the user is told to sign in. The sync folder, the file cache,
// the upload queues and the sync databases are never touched.
func planResignin(ctx context.Context, env *Env) (Plan, error) {
	in := env.install()
	var p Plan
	g := newMoveGuard(env, in)
	var moves, skipped []string
	for _, s := range loginStores(env, env.signIn()) {
		if why := g.skipLogin(s); why != nil {
			p.Notes = append(p.Notes, *why)
			skipped = append(skipped, s)
			continue
		}
		moves = append(moves, s)
	}
	var edits []Step
	if len(moves) == 0 {
		for _, f := range in.ConfigFiles {
			if !strings.EqualFold(path.Base(strings.ReplaceAll(f, `\`, "/")), "office.conf") {
				continue
			}
			if why := g.skip(f); why != nil {
				p.Notes = append(p.Notes, *why)
				skipped = append(skipped, f)
				continue
			}
			if s := signInKeysStep(env, f); s != nil {
				edits = append(edits, *s)
			}
		}
	}
	if len(moves) == 0 && len(edits) == 0 {
		if len(skipped) > 0 {
			return refuse(p, "fix.resignin.unsafe", "paths", strings.Join(skipped, ", "))
		}
		return refuse(p, "fix.resignin.none")
	}
	p, err := closeAndMove(ctx, env, in, p, moves, "l", "fix.resignin.step.move", edits)
	if err != nil || p.Refusal != nil {
		return p, err
	}
	if in.CloudExe != "" {
		p.Steps = append(p.Steps, restartStep(in))
	} else {
		p.Notes = append(p.Notes, health.Msg("fix.resignin.note.nocloud"))
	}
	p.Notes = append(p.Notes, health.Msg("fix.resignin.note.signin"),
		health.Msg("fix.quarantine.note.retention", "days", int(DefaultRetention.MinAge/(24*time.Hour)), "keep", DefaultRetention.KeepNewest))
	return p, nil
}

// signInKeysStep resets the sign-in entries of one Office.conf, or nil
// when it has none.
func signInKeysStep(env *Env, f string) *Step {
	old, err := env.fs().ReadFile(f)
	if err != nil {
		return nil
	}
	reset := resetSignInKeys(old)
	if string(reset) == string(old) {
		return nil
	}
	mode := uint32(0o600)
	var mtime *time.Time
	if fi, err := env.fs().Stat(f); err == nil {
		mode = uint32(fi.Mode().Perm())
		mt := fi.ModTime()
		mtime = &mt
	}
	return &Step{
		Description: health.Msg("fix.resignin.step.keys", "path", f),
		Actions:     []Action{{Kind: KindWriteFile, Path: f, Data: reset, Mode: mode, IfSHA256: sha256Hex(old)}},
		Undo:        []Action{{Kind: KindWriteFile, Path: f, Data: old, Mode: mode, MTime: mtime, IfSHA256: sha256Hex(reset)}},
		Prior:       mustJSON(map[string]any{"path": f, "sha256": sha256Hex(old)}),
	}
}
