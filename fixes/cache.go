package fixes

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/proc"
	"wpsdoctor/platform/wps"
)

// walk limits: a cache folder bigger than this is not walked further (its
// unwalked part is never moved piecemeal).
const (
	maxWalkEntries = 50000
	maxWalkDepth   = 12
)

// nativeJoin joins path elements the way the planned-for OS does.
func nativeJoin(goos string) func(...string) string {
	if goos != "windows" {
		return path.Join
	}
	return func(elem ...string) string {
		var parts []string
		for _, e := range elem {
			if e = strings.Trim(e, `\/`); e != "" {
				parts = append(parts, e)
			}
		}
		out := strings.Join(parts, `\`)
		if len(elem) > 0 && strings.HasPrefix(elem[0], `\\`) {
			out = `\\` + out
		}
		return out
	}
}

// closeStep returns the step that closes WPS before its files are moved,
// or a refusal message key when that must not or cannot be done here.
func closeStep(ctx context.Context, env *Env, in wps.Install) (*Step, string, []string) {
	// Only this installation's programs: a namesake elsewhere (another copy
	// of WPS, a test's dummy) is never closed or signalled.
	running := proc.OfInstall(proc.Find(env.processes(ctx), append(slices.Clone(proc.EditorNames), proc.CloudNames...)...), in.Root)
	if len(running) == 0 {
		return nil, "", nil
	}
	editors := proc.Find(running, proc.EditorNames...)
	if len(editors) > 0 {
		if proc.CloseArgv(env.OS, editors[0], in.BundleID) == nil {
			return nil, "fix.wps.close_first", nil
		}
		var backups []string
		for _, d := range in.NeverDelete {
			l := strings.ToLower(d)
			if strings.Contains(l, "backup") || strings.Contains(l, "autosave") {
				backups = append(backups, d)
			}
		}
		join := nativeJoin(env.OS)
		docs := []string{join(env.home(), "Documents"), join(env.home(), "Desktop")}
		if in.SyncRoot != "" {
			docs = append(docs, in.SyncRoot)
		}
		if hints := proc.UnsavedHints(env.fs(), join, docs, backups, env.now().Add(-10*time.Minute)); len(hints) > 0 {
			return nil, "fix.wps.unsaved", hints
		}
	}
	var names []string
	var pids []int
	var actions []Action
	seen := map[string]bool{}
	for _, p := range running {
		names = append(names, p.Name)
		pids = append(pids, p.PID)
		argv := proc.CloseArgv(env.OS, p, in.BundleID)
		if len(proc.Find([]proc.Process{p}, proc.CloudNames...)) > 0 {
			argv = proc.TerminateArgv(env.OS, p)
		}
		if argv == nil {
			return nil, "fix.wps.close_first", nil
		}
		if k := strings.Join(argv, "\x00"); !seen[k] {
			seen[k] = true
			actions = append(actions, Action{Kind: KindExec, Argv: argv, OKExit: proc.CloseOKExit(env.OS)})
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	s := &Step{
		Description: health.Msg("fix.wps.step.close", "programs", strings.Join(names, ", ")),
		Actions:     append(actions, Action{Kind: KindCloseApps, PIDs: pids, Names: names}),
		Prior:       mustJSON(map[string]any{"running": running}),
	}
	return s, "", nil
}

// planCacheClear quarantines the folders discovery identified as cache
// and logs (an allow-list), walking into any folder that holds something
// protected and moving only its unprotected parts. A folder that is a link,
// lies below one, or really is (or holds) something protected is skipped
// with a note saying why.
func planCacheClear(ctx context.Context, env *Env) (Plan, error) {
	in := env.install()
	var p Plan
	dirs := append(slices.Clone(in.CacheDirs), in.LogDirs...)
	if len(dirs) == 0 {
		return refuse(p, "fix.cache.none")
	}
	step, refusal, hints := closeStep(ctx, env, in)
	if refusal != "" {
		return refuse(p, refusal, "files", strings.Join(hints, ", "))
	}
	if step != nil {
		p.Steps = append(p.Steps, *step)
	}
	g := newMoveGuard(env, in)
	var moves []string
	var total int64
	for _, d := range dirs {
		if why := g.skip(d); why != nil {
			p.Notes = append(p.Notes, *why)
			continue
		}
		m, n, _ := g.cacheMoves(d, g.protectedUnder(d))
		moves = append(moves, m...)
		total += n
	}
	if len(moves) == 0 {
		return refuse(p, "fix.cache.nothing")
	}
	for i, m := range moves {
		item := fmt.Sprintf("q%03d", i+1)
		p.Steps = append(p.Steps, Step{
			Description: health.Msg("fix.cache.step.move", "path", m),
			Actions:     []Action{{Kind: KindQuarantine, Path: m, Item: item}},
			Undo:        []Action{{Kind: KindRestore, Item: item}},
			Prior:       mustJSON(map[string]any{"path": m}),
		})
	}
	p.Notes = append(p.Notes, health.Msg("fix.cache.note.size", "bytes", total, "count", len(moves)),
		health.Msg("fix.quarantine.note.retention", "days", int(DefaultRetention.MinAge/(24*time.Hour)), "keep", DefaultRetention.KeepNewest))
	return p, nil
}

// moveGuard decides whether a fix may move a path: not protected by name,
// by the never-delete list or by its real location, and with no symbolic
// link or junction in any component below the trusted root (the home
// folder; the volume's root for paths outside it).
type moveGuard struct {
	goos string
	home string
	in   wps.Install
	fsys wps.FS
	join func(...string) string
	// real resolves links on this computer; nil when the plan is for a
	// file system described by a fixture (another OS).
	real func(string) (string, error)
	rin  wps.Install // in, plus the real places of its never-delete paths
}

func newMoveGuard(env *Env, in wps.Install) *moveGuard {
	g := &moveGuard{goos: env.OS, home: env.home(), in: in, fsys: env.fs(), join: nativeJoin(env.OS), rin: in}
	if _, ok := g.fsys.(wps.OSFS); ok && env.OS == runtime.GOOS {
		g.real = filepath.EvalSymlinks
		g.rin = wps.WithResolved(in, g.real)
	}
	return g
}

// skip returns why dir must not be moved, or nil.
func (g *moveGuard) skip(dir string) *health.Message {
	if wps.Protected(g.rin, dir) {
		m := health.Msg("fix.skip.protected", "path", dir, "real", dir)
		return &m
	}
	if link := g.linkIn(dir); link != "" {
		m := health.Msg("fix.skip.link", "path", dir, "link", link)
		return &m
	}
	if g.real != nil {
		r, err := g.real(dir)
		if err != nil {
			m := health.Msg("fix.skip.unresolved", "path", dir, "error", err.Error())
			return &m
		}
		if wps.Protected(g.rin, r) {
			m := health.Msg("fix.skip.protected", "path", dir, "real", r)
			return &m
		}
	}
	return nil
}

// protectedUnder returns the protection test for paths inside dir (which
// skip accepted): by name and, on this computer, by real location (dir
// holds no link, so a path inside it resolves by its prefix).
func (g *moveGuard) protectedUnder(dir string) func(string) bool {
	realDir := dir
	if g.real != nil {
		if r, err := g.real(dir); err == nil {
			realDir = r
		}
	}
	return func(p string) bool {
		if wps.Protected(g.rin, p) {
			return true
		}
		if realDir != dir && strings.HasPrefix(p, dir) {
			return wps.Protected(g.rin, realDir+p[len(dir):])
		}
		return false
	}
}

// linkIn returns the first component of p below the trusted root that is
// a symbolic link or junction ("" if none), checked one component at a
// time without following anything.
func (g *moveGuard) linkIn(p string) string {
	if g.real != nil {
		link, err := LinkInPath([]string{g.home}, p)
		if err != nil {
			return p
		}
		return link
	}
	return linkInFS(g.fsys, g.goos, g.home, p)
}

// linkInFS is LinkInPath over a wps.FS with native paths of goos: each
// component's type comes from its parent's directory listing, which never
// follows links.
func linkInFS(fsys wps.FS, goos, home, p string) string {
	fold := goos == "windows" || goos == "darwin"
	sep := "/"
	if goos == "windows" {
		sep = `\`
		p, home = strings.ReplaceAll(p, "/", sep), strings.ReplaceAll(home, "/", sep)
	}
	base := sep
	if goos == "windows" {
		if len(p) < 3 || p[1] != ':' {
			return "" // UNC or relative: not checked here
		}
		base = p[:3]
	}
	if h := strings.TrimSuffix(home, sep); h != "" && len(p) > len(h) && p[len(h):len(h)+1] == sep &&
		(p[:len(h)] == h || fold && strings.EqualFold(p[:len(h)], h)) {
		base = h + sep
	}
	cur := strings.TrimSuffix(base, sep)
	if cur == "" || goos == "windows" && len(cur) == 2 {
		cur += sep
	}
	for _, part := range strings.Split(strings.TrimPrefix(p, base), sep) {
		if part == "" || part == "." {
			continue
		}
		entries, err := fsys.ReadDir(cur)
		if err != nil {
			return ""
		}
		var found fs.DirEntry
		for _, e := range entries {
			if e.Name() == part {
				found = e
				break
			}
			if fold && found == nil && strings.EqualFold(e.Name(), part) {
				found = e
			}
		}
		if found == nil {
			return ""
		}
		next := strings.TrimSuffix(cur, sep) + sep + found.Name()
		if found.Type()&(fs.ModeSymlink|fs.ModeIrregular) != 0 {
			return next
		}
		cur = next
	}
	return ""
}

// cacheMoves returns what to move for one cache folder: the folder itself
// when nothing inside is protected, else its unprotected children
// (recursively). Links and junctions are never followed: one inside a
// folder that moves whole moves as a link; otherwise it stays.
func (g *moveGuard) cacheMoves(dir string, prot func(string) bool) ([]string, int64, error) {
	if prot(dir) {
		return nil, 0, nil
	}
	budget := maxWalkEntries
	hasProt, size, complete := g.scanProtected(dir, prot, 0, &budget)
	if !hasProt && complete {
		return []string{dir}, size, nil
	}
	if !complete && !hasProt {
		return nil, 0, fmt.Errorf("%s is too large to check", dir)
	}
	entries, err := g.fsys.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	var out []string
	var total int64
	for _, e := range entries {
		child := g.join(dir, e.Name())
		switch {
		case e.Type()&(fs.ModeSymlink|fs.ModeIrregular) != 0:
			continue
		case !e.IsDir():
			if !prot(child) && e.Type().IsRegular() {
				out = append(out, child)
				if info, err := e.Info(); err == nil {
					total += info.Size()
				}
			}
			continue
		}
		m, n, _ := g.cacheMoves(child, prot)
		out = append(out, m...)
		total += n
	}
	return out, total, nil
}

// scanProtected reports whether anything under dir is protected (a
// junction counts: it must stay where it is), the bytes under it, and
// whether the walk finished within its budget.
func (g *moveGuard) scanProtected(dir string, prot func(string) bool, depth int, budget *int) (bool, int64, bool) {
	if depth > maxWalkDepth {
		return false, 0, false
	}
	entries, err := g.fsys.ReadDir(dir)
	if err != nil {
		return false, 0, false
	}
	var size int64
	for _, e := range entries {
		*budget--
		if *budget < 0 {
			return false, size, false
		}
		p := g.join(dir, e.Name())
		if prot(p) || e.Type()&fs.ModeIrregular != 0 {
			return true, size, true
		}
		switch {
		case e.Type()&fs.ModeSymlink != 0:
		case e.IsDir():
			hasProt, n, ok := g.scanProtected(p, prot, depth+1, budget)
			size += n
			if hasProt || !ok {
				return hasProt, size, ok
			}
		default:
			if info, err := e.Info(); err == nil {
				size += info.Size()
			}
		}
	}
	return false, size, true
}
