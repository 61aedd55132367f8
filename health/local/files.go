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

// Files codes.
const (
	CodeFilesOK         = "WSD-FIL-001" // nothing in the sync folder that the cloud refuses
	CodeFilesProblems   = "WSD-FIL-002" // files that will not sync (type, size, names, paths)
	CodeFilesConflicts  = "WSD-FIL-003" // only conflict copies found: review them
	CodeFilesUnreadable = "WSD-FIL-004" // the sync folder itself cannot be read
	CodeFilesNoRoot     = "WSD-FIL-005" // no local sync folder configured
	CodeFilesMissing    = "WSD-FIL-006" // configured sync folder does not exist
	CodeFilesPartial    = "WSD-FIL-007" // scan cut short (deadline)
)

// blocking kinds stop the file itself from syncing; the others need the
// user's attention but do not block.
var blocking = []scan.Kind{scan.UnsupportedType, scan.EncryptedArchive, scan.TooLarge, scan.PathTooLong, scan.InvalidName, scan.Unreadable}

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
	f := summarise(res, catalogLimits{MaxBytes: t.FileMaxBytes, PathMaxChars: t.PathMaxChars})
	return f.With("path", in.SyncRoot).With("files", res.Files).With("folders", res.Dirs).
		With("bytes", res.Bytes).With("counts", res.Counts).With("examples", res.Examples).
		With("scan_ms", res.Duration.Milliseconds())
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

func summarise(res scan.Result, t catalogLimits) health.Finding {
	files, dirs := res.Affected(blocking...)
	conflicts := res.Counts[scan.ConflictCopy] + res.Counts[scan.SymlinkLoop]
	switch {
	case dirs > 0:
		return health.Warn(CodeFilesProblems, health.Msg("local.files_blocked_dirs", "count", files, "files", res.Files,
			"dirs", dirs, "classes", fileClasses(res, t)))
	case files > 0:
		return health.Warn(CodeFilesProblems, health.Msg("local.files_blocked", "count", files, "files", res.Files,
			"classes", fileClasses(res, t)))
	case conflicts > 0:
		return health.Info(CodeFilesConflicts, health.Msg("local.files_review", "count", conflicts,
			"classes", fileClasses(res, t)))
	}
	return health.OK(CodeFilesOK, health.Msg("local.files_ok", "files", res.Files))
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

// fileClasses returns one sentence per kind of problem found: how many
// files, up to three of them (shortened paths), why the cloud refuses
// them and what to do — each kind a message of its own, so it renders in
// the reader's language and the paths are redacted like any argument.
func fileClasses(res scan.Result, t catalogLimits) []health.Message {
	var out []health.Message
	for _, k := range classOrder {
		n := res.Counts[k]
		if n == 0 {
			continue
		}
		ex := res.Examples[k]
		var paths []string
		for i := 0; i < len(ex) && i < maxMessageExamples; i++ {
			paths = append(paths, shortPath(ex[i].Path))
		}
		if n > len(paths) {
			paths = append(paths, "…")
		}
		kv := []any{"count", n, "examples", paths}
		switch k {
		case scan.TooLarge:
			kv = append(kv, "limit", humanBytes(t.MaxBytes))
		case scan.PathTooLong:
			kv = append(kv, "limit", t.PathMaxChars)
		case scan.InvalidName:
			kv = append(kv, "chars", nameIssues(ex))
		}
		out = append(out, health.Msg(i18n.MemberKey("local.files", string(k)), kv...))
	}
	return out
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
