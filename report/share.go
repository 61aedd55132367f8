package report

import (
	"encoding/json"
	"os/user"
	"path/filepath"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/report/redact"
)

// genericAccounts are login names that are words, not people: replacing
// them in text ("root cause") would garble it and protect no one.
var genericAccounts = map[string]bool{
	"root": true, "admin": true, "administrator": true, "user": true, "users": true,
	"guest": true, "nobody": true, "default": true, "public": true, "home": true,
}

// SystemRoots returns what a Redactor must know about this computer for
// the current user: the home folder (home; "" asks the OS), %LOCALAPPDATA%
// and %APPDATA% (Windows), and the user's names (the login name and the
// name of the home folder, which differ on many Windows computers).
// Sync folder and account IDs come from the install (the caller adds
// them) or are learned from the report by Redact.
func SystemRoots(home string, getenv func(string) string) redact.Config {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c := redact.Config{Home: home, LocalAppData: getenv("LOCALAPPDATA"), AppData: getenv("APPDATA")}
	var names []string
	if home != "" {
		names = append(names, filepath.Base(filepath.Clean(home)))
	}
	if u, err := user.Current(); err == nil {
		n := u.Username
		if i := strings.LastIndexAny(n, `\/`); i >= 0 { // DOMAIN\user
			n = n[i+1:]
		}
		names = append(names, n)
	}
	names = append(names, getenv("USER"), getenv("USERNAME"), getenv("LOGNAME"))
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || n == "." || n == "/" || seen[n] || genericAccounts[strings.ToLower(n)] {
			continue
		}
		seen[n] = true
		c.UserNames = append(c.UserNames, n)
	}
	return c
}

// fieldKinds says which evidence fields hold the user's document names
// (paths are recognised as paths without help).
var fieldKinds = map[string]map[string]redact.Kind{
	"files.sync": {"examples/*/*/path": redact.SyncPath, "paths/*": redact.Path},
	"wps.syncdb": {
		"errors/*/file_name":  redact.Name,
		"errors/*/cloud_path": redact.DocPath,
		"errors/*/local_path": redact.Path,
	},
}

// learnKindFunc is kindFunc for learning names, where "*" in a field
// pattern also stands for an object key (examples are grouped by kind:
// examples/unsupported_type/*/path), so every component of an example's
// path is learned — the message names examples by shortened paths, which
// hold only the last components, so the evidence must teach the rest.
func learnKindFunc(check, key string) redact.KindFunc {
	kinds := fieldKinds[check]
	return func(path []string) redact.Kind {
		at := append([]string{key}, path...)
		for pattern, k := range kinds {
			if pathMatches(strings.Split(pattern, "/"), at) {
				return k
			}
		}
		return redact.Text
	}
}

// pathMatches: "*" in a pattern stands for any one step.
func pathMatches(pattern, path []string) bool {
	if len(pattern) != len(path) {
		return false
	}
	for i := range pattern {
		if pattern[i] != "*" && pattern[i] != path[i] {
			return false
		}
	}
	return true
}

func kindFunc(check, key string) redact.KindFunc {
	kinds := fieldKinds[check]
	return func(path []string) redact.Kind {
		if k, ok := kinds[key+"/"+strings.Join(path, "/")]; ok {
			return k
		}
		return redact.Text
	}
}

// syncExampleArgs are message arguments of the form "relative/path (kind)"
// naming a file in the sync folder.
var syncExampleArgs = map[string]map[string]bool{"files.sync": {"first": true}}

// syncExampleLists are list arguments of paths in the sync folder
// (shortened: "…/folder/name.exe"), in files.sync's messages per kind.
var syncExampleLists = map[string]map[string]bool{"files.sync": {"examples": true}}

// Redact returns a copy of rep fit to share: in every message argument
// and evidence value, credentials and tokens are stripped, and unless
// cfg.Reveal is set, paths are shown relative to the well-known roots,
// account IDs keep their last three digits and the names of the user's
// documents only their length and extension. Texts already rendered are
// rendered again from the redacted arguments. rep itself is not changed.
//
// The sync folder and account IDs missing from cfg are learned from the
// report (files.sync's path, filecache/.<id> folders in any path).
func Redact(rep health.Report, cfg redact.Config) health.Report {
	if cfg.SyncRoot == "" {
		cfg.SyncRoot = syncRootOf(rep)
	}
	return RedactWith(redact.New(cfg), rep)
}

// SyncRootOf is the sync folder a report names ("" if none): files.sync's
// path, or the one storage.disk measured.
func SyncRootOf(rep health.Report) string { return syncRootOf(rep) }

// evidenceItem is one evidence value as JSON, so every kind of value is
// walked the same way.
type evidenceItem struct {
	check, key string
	data       []byte
}

func evidenceOf(rep health.Report) [][]evidenceItem {
	ev := make([][]evidenceItem, len(rep.Findings))
	for i, f := range rep.Findings {
		for k, v := range f.Evidence {
			data, err := json.Marshal(v)
			if err != nil {
				data, _ = json.Marshal(redact.Hidden)
			}
			ev[i] = append(ev[i], evidenceItem{f.Check, k, data})
		}
	}
	return ev
}

// LearnReport teaches r the document names and account IDs a report
// names, so that a Redactor shared by several files (the support bundle)
// hides them in every file.
func LearnReport(r *redact.Redactor, rep health.Report) { learnReport(r, rep, evidenceOf(rep)) }

// RedactWith is Redact with a Redactor the caller keeps (and may have
// taught more names): the same values are replaced the same way in every
// file it rewrites.
func RedactWith(r *redact.Redactor, rep health.Report) health.Report {
	ev := evidenceOf(rep)
	learnReport(r, rep, ev)
	return rewriteReport(r, rep, ev)
}

// learnReport learns first, so a name seen in one field is hidden in
// every other.
func learnReport(r *redact.Redactor, rep health.Report, ev [][]evidenceItem) {
	for i, f := range rep.Findings {
		for _, it := range ev[i] {
			_ = r.LearnJSON(it.data, learnKindFunc(it.check, it.key))
		}
		learnArgs(r, f.Check, f.Message.Args)
	}
}

func rewriteReport(r *redact.Redactor, rep health.Report, ev [][]evidenceItem) health.Report {
	out := rep
	out.Findings = make([]health.Finding, len(rep.Findings))
	for i, f := range rep.Findings {
		g := f
		if f.Evidence != nil {
			g.Evidence = make(map[string]any, len(f.Evidence))
			for _, it := range ev[i] {
				data, err := r.JSON(it.data, kindFunc(it.check, it.key))
				if err != nil {
					data, _ = json.Marshal(redact.Hidden)
				}
				g.Evidence[it.key] = json.RawMessage(data)
			}
		}
		g.Message.Args = redactArgs(r, f.Check, f.Message.Args)
		if f.Text != "" {
			g.Text = i18n.T(rep.Lang, g.Message.Key, g.Message.Args)
		}
		out.Findings[i] = g
	}
	return out
}

// syncRootOf finds the sync folder in a report: files.sync's path, or the
// path storage.disk measured when it says that was the sync folder.
func syncRootOf(rep health.Report) string {
	root := ""
	for _, f := range rep.Findings {
		p, _ := f.Evidence["path"].(string)
		switch {
		case p == "":
		case f.Check == "files.sync":
			return p
		case f.Check == "storage.disk" && f.Evidence["measured_on"] == "sync_root":
			root = p
		}
	}
	return root
}

// learnArgs learns the names in message arguments, nested messages too.
func learnArgs(r *redact.Redactor, check string, args map[string]any) {
	for name, v := range args {
		switch x := v.(type) {
		case string:
			if syncExampleArgs[check][name] {
				rel, _ := cutExample(x)
				r.Learn(redact.SyncPath, rel)
			} else {
				r.Learn(redact.Text, x)
			}
		case []string:
			if syncExampleLists[check][name] {
				for _, p := range x {
					r.Learn(redact.SyncPath, strings.TrimPrefix(p, "…/"))
				}
			}
		case health.Message:
			learnArgs(r, check, x.Args)
		case []health.Message:
			for _, m := range x {
				learnArgs(r, check, m.Args)
			}
		}
	}
}

// redactArgs redacts message arguments, nested messages too; a list of
// sync-folder paths is rewritten name by name, keeping it short.
func redactArgs(r *redact.Redactor, check string, args map[string]any) map[string]any {
	if args == nil {
		return nil
	}
	out := make(map[string]any, len(args))
	for name, v := range args {
		switch x := v.(type) {
		case string:
			if strings.HasPrefix(x, i18n.KeyRef) {
				out[name] = x
			} else if syncExampleArgs[check][name] {
				rel, rest := cutExample(x)
				out[name] = r.Rewrite(redact.SyncPath, rel) + rest
			} else {
				out[name] = r.String(x)
			}
		case []string:
			y := make([]string, len(x))
			for i, s := range x {
				if syncExampleLists[check][name] {
					y[i] = redactSyncExample(r, s)
				} else {
					y[i] = redactString(r, s)
				}
			}
			out[name] = y
		case health.Message:
			out[name] = health.Message{Key: x.Key, Args: redactArgs(r, check, x.Args)}
		case []health.Message:
			y := make([]health.Message, len(x))
			for i, m := range x {
				y[i] = health.Message{Key: m.Key, Args: redactArgs(r, check, m.Args)}
			}
			out[name] = y
		case map[string]any, []any: // a nested message decoded from JSON
			out[name] = redactDecoded(r, check, x)
		default:
			out[name] = v
		}
	}
	return out
}

// redactSyncExample rewrites a path in the sync folder as a SyncPath
// ("<sync>/<name:3>.exe"), keeping the "…/" of a shortened one after the
// label and the lone "…" that says there are more.
func redactSyncExample(r *redact.Redactor, s string) string {
	if s == "…" {
		return s
	}
	rest, short := strings.CutPrefix(s, "…/")
	out := r.Rewrite(redact.SyncPath, rest)
	if !short {
		return out
	}
	if after, ok := strings.CutPrefix(out, redact.LabelSync+"/"); ok {
		return redact.LabelSync + "/…/" + after
	}
	return "…/" + out
}

// redactString keeps translation keys and rewrites everything else.
func redactString(r *redact.Redactor, s string) string {
	if strings.HasPrefix(s, i18n.KeyRef) {
		return s
	}
	return r.String(s)
}

// redactDecoded redacts every string of a value decoded from JSON.
func redactDecoded(r *redact.Redactor, check string, v any) any {
	switch x := v.(type) {
	case string:
		return redactString(r, x)
	case []any:
		y := make([]any, len(x))
		for i, e := range x {
			y[i] = redactDecoded(r, check, e)
		}
		return y
	case map[string]any:
		y := make(map[string]any, len(x))
		for k, e := range x {
			if k == "key" {
				y[k] = e
				continue
			}
			y[k] = redactDecoded(r, check, e)
		}
		return y
	}
	return v
}

// cutExample splits "dir/name.exe (unsupported_type)" into the path and
// " (unsupported_type)".
func cutExample(s string) (rel, rest string) {
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		return s[:i], s[i:]
	}
	return s, ""
}
