package fixes

import (
	"context"
	"fmt"
	"io/fs"
	"path"
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
	running := proc.Find(env.processes(ctx), append(slices.Clone(proc.EditorNames), proc.CloudNames...)...)
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
// protected and moving only its unprotected parts.
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
	join := nativeJoin(env.OS)
	var moves []string
	var total int64
	for _, d := range dirs {
		m, n, _ := cacheMoves(env.fs(), in, join, d)
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
	p.Notes = append(p.Notes, health.Msg("fix.cache.note.size", "bytes", total, "count", len(moves)))
	return p, nil
}

// cacheMoves returns what to move for one cache folder: the folder itself
// when nothing inside is protected, else its unprotected children
// (recursively). Symlinks are never followed.
func cacheMoves(fsys wps.FS, in wps.Install, join func(...string) string, dir string) ([]string, int64, error) {
	if wps.Protected(in, dir) {
		return nil, 0, nil
	}
	budget := maxWalkEntries
	prot, size, complete := scanProtected(fsys, in, join, dir, 0, &budget)
	if !prot && complete {
		return []string{dir}, size, nil
	}
	if !complete && !prot {
		return nil, 0, fmt.Errorf("%s is too large to check", dir)
	}
	entries, err := fsys.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	var out []string
	var total int64
	for _, e := range entries {
		child := join(dir, e.Name())
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			continue
		case !e.IsDir():
			if !wps.Protected(in, child) && e.Type().IsRegular() {
				out = append(out, child)
				if info, err := e.Info(); err == nil {
					total += info.Size()
				}
			}
			continue
		}
		m, n, _ := cacheMoves(fsys, in, join, child)
		out = append(out, m...)
		total += n
	}
	return out, total, nil
}

// scanProtected reports whether anything under dir is protected, the bytes
// under it, and whether the walk finished within its budget.
func scanProtected(fsys wps.FS, in wps.Install, join func(...string) string, dir string, depth int, budget *int) (bool, int64, bool) {
	if depth > maxWalkDepth {
		return false, 0, false
	}
	entries, err := fsys.ReadDir(dir)
	if err != nil {
		return false, 0, false
	}
	var size int64
	for _, e := range entries {
		*budget--
		if *budget < 0 {
			return false, size, false
		}
		p := join(dir, e.Name())
		if wps.Protected(in, p) {
			return true, size, true
		}
		switch {
		case e.Type()&fs.ModeSymlink != 0:
		case e.IsDir():
			prot, n, ok := scanProtected(fsys, in, join, p, depth+1, budget)
			size += n
			if prot || !ok {
				return prot, size, ok
			}
		default:
			if info, err := e.Info(); err == nil {
				size += info.Size()
			}
		}
	}
	return false, size, true
}
