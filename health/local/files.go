package local

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"wpsdoctor/health"
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
	f := summarise(res)
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

func summarise(res scan.Result) health.Finding {
	files, dirs := res.Affected(blocking...)
	conflicts := res.Counts[scan.ConflictCopy] + res.Counts[scan.SymlinkLoop]
	switch {
	case dirs > 0:
		return health.Warn(CodeFilesProblems, health.Msg("local.files_problems_dirs", "count", files, "files", res.Files,
			"dirs", dirs, "first", firstExample(res, blocking)))
	case files > 0:
		return health.Warn(CodeFilesProblems, health.Msg("local.files_problems", "count", files, "files", res.Files,
			"first", firstExample(res, blocking)))
	case conflicts > 0:
		return health.Info(CodeFilesConflicts, health.Msg("local.files_conflicts", "count", conflicts,
			"first", firstExample(res, []scan.Kind{scan.ConflictCopy, scan.SymlinkLoop})))
	}
	return health.OK(CodeFilesOK, health.Msg("local.files_ok", "files", res.Files))
}

func firstExample(res scan.Result, kinds []scan.Kind) string {
	for _, k := range kinds {
		if ex := res.Examples[k]; len(ex) > 0 {
			return ex[0].Path + " (" + string(k) + ")"
		}
	}
	return ""
}

// errText strips Go's "open /x: " prefix duplication for the user message.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
