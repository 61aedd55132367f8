package local

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/scan"
)

// Files codes. WSD-FIL-002 (all refused files in one finding) and
// WSD-FIL-003 (only conflict copies) are retired: each class of problem
// is a finding of its own (WSD-FIL-010…017).
const (
	CodeFilesOK         = "WSD-FIL-001" // nothing in the sync folder that the cloud refuses
	CodeFilesUnreadable = "WSD-FIL-004" // the sync folder itself cannot be read
	CodeFilesNoRoot     = "WSD-FIL-005" // no local sync folder configured
	CodeFilesMissing    = "WSD-FIL-006" // configured sync folder does not exist
	CodeFilesPartial    = "WSD-FIL-007" // scan cut short (deadline)

	CodeFilesType      = "WSD-FIL-010" // programs and installers the cloud refuses
	CodeFilesEncrypted = "WSD-FIL-011" // password-protected archives
	CodeFilesTooLarge  = "WSD-FIL-012" // files over the cloud's per-file limit
	CodeFilesName      = "WSD-FIL-013" // names Windows or macOS cannot hold
	CodeFilesPathLong  = "WSD-FIL-014" // paths longer than Windows allows
	CodeFilesInside    = "WSD-FIL-015" // files or folders inside that cannot be read
	CodeFilesConflict  = "WSD-FIL-016" // conflict copies to merge
	CodeFilesLoop      = "WSD-FIL-017" // folder links that lead back into themselves
)

// classCodes is the code of each class of problem's finding.
var classCodes = map[scan.Kind]string{
	scan.UnsupportedType: CodeFilesType, scan.EncryptedArchive: CodeFilesEncrypted, scan.TooLarge: CodeFilesTooLarge,
	scan.InvalidName: CodeFilesName, scan.PathTooLong: CodeFilesPathLong, scan.Unreadable: CodeFilesInside,
	scan.ConflictCopy: CodeFilesConflict, scan.SymlinkLoop: CodeFilesLoop,
}

func checkFiles(ctx context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	if in.SyncRoot == "" {
		return health.Info(CodeFilesNoRoot, health.Msg("local.files_no_root"))
	}
	t := env.Catalog.Thresholds
	res, err := scan.Scan(ctx, scan.Options{
		Root: in.SyncRoot, MaxBytes: t.FileMaxBytes, PathMaxChars: t.PathMaxChars,
		Unsupported: t.UnsupportedExtensions, Archives: t.ArchiveExtensions,
		Conflict: env.Catalog.ConflictPatterns(), FollowSymlinks: true,
	})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return health.Warn(CodeFilesMissing, health.Msg("local.files_missing", "path", in.SyncRoot)).With("path", in.SyncRoot)
	case ctx.Err() != nil:
		return health.Errorf(CodeFilesPartial, health.Msg("local.files_partial", "files", res.Files)).With("path", in.SyncRoot).With("files", res.Files)
	case err != nil:
		return health.Fail(CodeFilesUnreadable, health.Msg("local.files_unreadable", "path", in.SyncRoot, "error", errText(err))).
			With("path", in.SyncRoot)
	}
	res.Examples = withSeparator(res.Examples, filepath.Separator)
	return summarise(res, in.SyncRoot, catalogLimits{MaxBytes: t.FileMaxBytes, PathMaxChars: t.PathMaxChars})
}

// withSeparator writes the scanner's slash-separated relative paths the
// way this OS writes them (backslashes on Windows), for the message and
// the evidence.
func withSeparator(ex map[scan.Kind][]scan.Problem, sep rune) map[scan.Kind][]scan.Problem {
	if sep == '/' {
		return ex
	}
	out := make(map[scan.Kind][]scan.Problem, len(ex))
	for k, ps := range ex {
		c := make([]scan.Problem, len(ps))
		for i, p := range ps {
			p.Path = strings.ReplaceAll(p.Path, "/", string(sep))
			c[i] = p
		}
		out[k] = c
	}
	return out
}

// summarise returns one finding per class of problem found, the ones
// that stop files from syncing first (the rest follow in More), or one
// "all can sync" finding.
func summarise(res scan.Result, root string, t catalogLimits) health.Finding {
	var out []health.Finding
	for _, k := range classOrder {
		if res.Counts[k] > 0 {
			out = append(out, classFinding(res, k, root, t))
		}
	}
	if len(out) == 0 {
		return scanEvidence(health.OK(CodeFilesOK, health.Msg("local.files_ok", "files", res.Files)), res, root)
	}
	return out[0].And(out[1:]...)
}

// scanEvidence adds what the scan measured: the folder and its totals.
func scanEvidence(f health.Finding, res scan.Result, root string) health.Finding {
	return f.With("path", root).With("files", res.Files).With("folders", res.Dirs).
		With("bytes", res.Bytes).With("scan_ms", res.Duration.Milliseconds())
}

// catalogLimits are the catalogue's limits a files message names.
type catalogLimits struct {
	MaxBytes     int64
	PathMaxChars int
}

// classOrder is the order the kinds of problem are told in: what stops a
// file from syncing first, what only needs a look last.
var classOrder = []scan.Kind{scan.UnsupportedType, scan.EncryptedArchive, scan.TooLarge, scan.InvalidName,
	scan.PathTooLong, scan.Unreadable, scan.ConflictCopy, scan.SymlinkLoop}

// maxMessageExamples is how many files a message names per kind; the
// evidence keeps more (-v), with full paths under --reveal.
const maxMessageExamples = 3

// review kinds need the user's attention but do not stop a file from
// syncing: their findings are info, the others warn.
var review = map[scan.Kind]bool{scan.ConflictCopy: true, scan.SymlinkLoop: true}

// withFolders are the kinds a folder can have; a folder with one keeps
// everything inside it from syncing, which the message says.
var withFolders = map[scan.Kind]bool{scan.InvalidName: true, scan.PathTooLong: true, scan.Unreadable: true}

// classFinding is one class of problem: how many, up to three examples
// (shortened paths), why the cloud refuses them and what to do. The
// evidence keeps more examples (-v) and the full paths of the three named
// ("paths": --reveal prints them, the window's "Show in folder" opens them).
func classFinding(res scan.Result, k scan.Kind, root string, t catalogLimits) health.Finding {
	n := res.Counts[k]
	ex := res.Examples[k]
	var short, full []string
	for i := 0; i < len(ex) && i < maxMessageExamples; i++ {
		short = append(short, shortPath(ex[i].Path))
		full = append(full, filepath.Join(root, ex[i].Path))
	}
	if n > len(short) {
		short = append(short, "…")
	}
	key := i18n.MemberKey("files.class", string(k))
	kv := []any{"count", n, "examples", short}
	if _, dirs := res.Affected(k); dirs > 0 && withFolders[k] {
		key = i18n.MemberKey("files.class_dirs", string(k))
		kv = append(kv, "dirs", dirs)
	}
	switch k {
	case scan.TooLarge:
		kv = append(kv, "limit", humanBytes(t.MaxBytes))
	case scan.PathTooLong:
		kv = append(kv, "limit", t.PathMaxChars)
	case scan.InvalidName:
		kv = append(kv, "chars", nameIssues(ex))
	}
	mk := health.Warn
	if review[k] {
		mk = health.Info
	}
	f := mk(classCodes[k], health.Msg(key, kv...)).With("kind", string(k)).With("count", n).
		With("examples", map[scan.Kind][]scan.Problem{k: ex}).With("paths", full)
	return scanEvidence(f, res, root)
}

// shortPath keeps the last two components of a path in the sync folder:
// enough to find the file, short enough to read in one line; written with
// this OS's separator, as the path is.
func shortPath(rel string) string {
	sep := string(filepath.Separator)
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) <= 2 {
		return rel
	}
	return "…" + sep + strings.Join(parts[len(parts)-2:], sep)
}

// nameIssues lists what must change in the example names: the offending
// characters as they are, the other issues as translation keys.
func nameIssues(ex []scan.Problem) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ex {
		kind, value := scan.NameIssue(p.Detail)
		item := ""
		switch kind {
		case scan.IssueChar:
			item = "“" + value + "”"
		case scan.IssueControl, scan.IssueReserved:
			item = value
		case "":
			continue
		default:
			item = i18n.KeyRef + i18n.MemberKey("local.files", "name_"+kind)
		}
		if !seen[item] {
			seen[item] = true
			out = append(out, item)
		}
	}
	return out
}

// errText strips Go's "open /x: " prefix duplication for the user message.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
