// Package scan walks the local WPS sync folder and counts what the cloud
// client will refuse or trip over: unsupported types, encrypted archives,
// oversized files, conflict copies, over-long paths, names another OS cannot
// hold, unreadable folders and symlink loops.
//
// The walk is streaming: a pool of workers pulls directories from a shared
// stack, so memory grows with the number of pending directories and the
// capped example lists, never with the number of files.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"
)

// Kind names one sort of problem. The strings are stable: they appear in
// report JSON and the files.sync check maps them to finding messages.
type Kind string

// The problem kinds, in the order the files.sync check presents them.
const (
	UnsupportedType  Kind = "unsupported_type"  // extension in Options.Unsupported (case-insensitive)
	EncryptedArchive Kind = "encrypted_archive" // archive whose content says it is encrypted
	TooLarge         Kind = "too_large"         // size > Options.MaxBytes
	ConflictCopy     Kind = "conflict_copy"     // base name matches an Options.Conflict pattern
	PathTooLong      Kind = "path_too_long"     // root + relative path longer than Options.PathMaxChars runes
	InvalidName      Kind = "invalid_name"      // name Windows or macOS cannot hold
	Unreadable       Kind = "unreadable"        // folder or file we could not read
	SymlinkLoop      Kind = "symlink_loop"      // directory symlink leading back to an ancestor
)

// Kinds lists every Kind, for callers that want a stable order.
var Kinds = []Kind{UnsupportedType, EncryptedArchive, TooLarge, ConflictCopy, PathTooLong, InvalidName, Unreadable, SymlinkLoop}

// Options say where to scan and what counts as a problem. Zero values turn
// the corresponding check off (MaxBytes, PathMaxChars, empty lists).
type Options struct {
	Root         string
	MaxBytes     int64
	PathMaxChars int
	Unsupported  []string // e.g. [".exe"]; a missing leading dot is added
	Archives     []string // e.g. [".zip", ".rar", ".7z"]; only these are opened
	Conflict     []*regexp.Regexp
	MaxExamples  int // per kind; default 20
	// Workers list directories concurrently; default 2 x GOMAXPROCS. The
	// walk is mostly system calls, and a worker whose call runs long gives
	// its processor to another (on 2 cores, 4 workers scanned 100 000 files
	// 2-8 % faster than 2 in each of 6 paired BenchmarkScan runs).
	Workers int
	// FollowSymlinks descends into directory symlinks (and counts symlinked
	// files) unless the target is an ancestor or was already followed.
	// Loops are reported either way.
	FollowSymlinks bool
}

// DefaultMaxExamples is the per-kind example cap when Options.MaxExamples is 0.
const DefaultMaxExamples = 20

// Problem is one example of a Kind.
type Problem struct {
	Kind   Kind   `json:"kind"`
	Path   string `json:"path"` // relative to Root, slash-separated, invalid UTF-8 bytes escaped as \xNN
	Size   int64  `json:"size,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Result is what a scan found. Files counts regular files (and followed
// symlinked files), Dirs the folders below Root, Bytes their total size.
// The JSON names are stable: the files.sync check may put a Result in its
// evidence.
type Result struct {
	Files    int64              `json:"files"`
	Dirs     int64              `json:"dirs"`
	Bytes    int64              `json:"bytes"`
	Counts   map[Kind]int       `json:"counts"`
	Examples map[Kind][]Problem `json:"examples"` // at most MaxExamples each, sorted by path
	Duration time.Duration      `json:"duration_ns"`
	// entries counts the files ([0]) and folders ([1]) below Root by the
	// set of kinds each one has (a bit per position in Kinds): Counts
	// counts problems, and one file may have several.
	entries map[kindSet][2]int64
}

// kindSet has bit i set for Kinds[i].
type kindSet uint16

func bitOf(k Kind) kindSet {
	for i, x := range Kinds {
		if x == k {
			return 1 << i
		}
	}
	return 0
}

// Affected counts the distinct files and folders that have at least one
// problem of the given kinds: a file both too large and of a refused type
// is one file, and a folder whose path is too long is a folder, not a file.
func (r Result) Affected(kinds ...Kind) (files, dirs int64) {
	var want kindSet
	for _, k := range kinds {
		want |= bitOf(k)
	}
	for set, n := range r.entries {
		if set&want != 0 {
			files += n[0]
			dirs += n[1]
		}
	}
	return files, dirs
}

// Scan walks opts.Root. It returns an error only when Root itself cannot be
// read; problems below Root are counted in the Result. When ctx ends, Scan
// returns what it counted so far together with ctx.Err().
func Scan(ctx context.Context, opts Options) (Result, error) {
	start := time.Now()
	s, err := newScanner(opts)
	if err != nil {
		return emptyResult(start), err
	}
	info, err := os.Stat(opts.Root)
	if err != nil {
		return emptyResult(start), fmt.Errorf("scan: %w", err)
	}
	if !info.IsDir() {
		return emptyResult(start), fmt.Errorf("scan: %w", &fs.PathError{Op: "scan", Path: opts.Root, Err: syscall.ENOTDIR})
	}
	f, err := os.Open(opts.Root)
	if err != nil {
		return emptyResult(start), fmt.Errorf("scan: %w", err)
	}
	f.Close()

	q := newQueue()
	stop := context.AfterFunc(ctx, q.stop)
	defer stop()
	q.push(&dirJob{abs: opts.Root, root: true})

	tallies := make([]*tally, s.workers)
	var wg sync.WaitGroup
	for i := range tallies {
		t := newTally(s.maxEx)
		tallies[i] = t
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work(ctx, q, t)
		}()
	}
	wg.Wait()

	res := merge(tallies, s.maxEx)
	res.Duration = time.Since(start)
	if s.rootErr != nil {
		return res, fmt.Errorf("scan: %w", s.rootErr)
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, nil
}

func emptyResult(start time.Time) Result {
	return Result{Counts: map[Kind]int{}, Examples: map[Kind][]Problem{}, Duration: time.Since(start)}
}

// scanner holds the normalised options shared read-only by all workers.
type scanner struct {
	root        string
	rootLen     int // runes in root, as Windows would count the prefix
	maxBytes    int64
	pathMax     int
	unsupported map[string]bool
	archives    map[string]bool
	conflict    []*regexp.Regexp
	maxEx       int
	workers     int
	follow      bool

	rootErr error // set by the worker that reads the root, read after wg.Wait

	mu       sync.Mutex
	followed []fs.FileInfo // directory symlink targets already descended into
}

func newScanner(o Options) (*scanner, error) {
	if o.Root == "" {
		return nil, errors.New("scan: empty root")
	}
	s := &scanner{
		root:        o.Root,
		rootLen:     utf8.RuneCountInString(strings.TrimRight(o.Root, `/\`)),
		maxBytes:    o.MaxBytes,
		pathMax:     o.PathMaxChars,
		unsupported: extSet(o.Unsupported),
		archives:    extSet(o.Archives),
		maxEx:       o.MaxExamples,
		workers:     o.Workers,
		follow:      o.FollowSymlinks,
	}
	for _, re := range o.Conflict {
		if re != nil {
			s.conflict = append(s.conflict, re)
		}
	}
	if s.maxEx <= 0 {
		s.maxEx = DefaultMaxExamples
	}
	if s.workers <= 0 {
		s.workers = 2 * runtime.GOMAXPROCS(0)
	}
	return s, nil
}

func extSet(exts []string) map[string]bool {
	m := make(map[string]bool, len(exts))
	for _, e := range exts {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if !strings.HasPrefix(e, ".") {
			e = "." + e
		}
		m[e] = true
	}
	return m
}

// dirJob is one directory waiting to be listed. parent links form the
// ancestor chain used for symlink loop detection.
type dirJob struct {
	abs    string
	rel    string // slash-separated, "" for the root
	relLen int    // runes in rel
	parent *dirJob
	root   bool
	kinds  kindSet // problems of the folder's own entry (its name, its path)
}

func (s *scanner) work(ctx context.Context, q *queue, t *tally) {
	for {
		j, ok := q.pop()
		if !ok {
			return
		}
		s.listDir(ctx, q, j, t)
		q.done()
	}
}

// listDir lists one directory and reports a failure to read it: as the
// scan's error for the root, as an Unreadable problem below it.
// The folder counts as one entry with its name problems (found when its
// parent was listed) and this one.
func (s *scanner) listDir(ctx context.Context, q *queue, j *dirJob, t *tally) {
	err := s.readDir(ctx, q, j, t)
	set := j.kinds
	switch {
	case err == nil:
	case j.root:
		s.rootErr = err
	case !errors.Is(err, fs.ErrNotExist): // vanished since listing: not a problem
		t.add(Problem{Kind: Unreadable, Path: j.rel, Detail: errText(err)})
		set |= bitOf(Unreadable)
	}
	if !j.root {
		t.record(set, true)
	}
}

// entry applies every check to one directory entry. On Linux name points
// into the listing buffer: anything kept must be a copy (joinRel copies).
func (s *scanner) entry(q *queue, j *dirJob, d *dirHandle, name string, typ fs.FileMode, t *tally) {
	// t.cur collects this entry's problem kinds; a folder that is listed
	// is recorded by listDir, every other entry here.
	t.cur, t.curDir = 0, false
	queued := false
	defer func() {
		if !queued {
			t.record(t.cur, t.curDir)
		}
	}()
	relLen := j.relLen + utf8.RuneCountInString(name)
	if j.rel != "" {
		relLen++
	}
	var rel string
	relPath := func() string {
		if rel == "" {
			rel = joinRel(j.rel, name)
		}
		return rel
	}
	nameChecks := func() {
		if detail := invalidName(name); detail != "" {
			t.add(Problem{Kind: InvalidName, Path: relPath(), Detail: detail})
		}
		if s.pathMax > 0 && s.rootLen+1+relLen > s.pathMax {
			t.add(Problem{Kind: PathTooLong, Path: relPath(), Detail: fmt.Sprintf("%d > %d", s.rootLen+1+relLen, s.pathMax)})
		}
	}

	switch {
	case typ.IsDir():
		t.dirs++
		nameChecks()
		q.push(&dirJob{abs: filepath.Join(j.abs, name), rel: relPath(), relLen: relLen, parent: j, kinds: t.cur})
		queued = true
	case typ.IsRegular():
		size, mode, err := d.lstat(name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) { // vanished since listing: not a problem
				t.add(Problem{Kind: Unreadable, Path: relPath(), Detail: errText(err)})
			}
			return
		}
		if !mode.IsRegular() { // replaced since listing; skip rather than guess
			return
		}
		nameChecks()
		s.file(name, j.abs, relPath, size, t)
	case typ&(fs.ModeSymlink|fs.ModeIrregular) != 0:
		// Windows reports junctions as irregular; both may lead to a directory.
		abs := filepath.Join(j.abs, name)
		target, err := os.Stat(abs)
		if err != nil {
			return // dangling link: nothing the sync client will upload
		}
		nameChecks()
		switch {
		case target.IsDir():
			t.curDir = true
			if s.isAncestor(j, target) {
				link, _ := os.Readlink(abs)
				t.add(Problem{Kind: SymlinkLoop, Path: relPath(), Detail: "-> " + escape(filepath.ToSlash(link))})
				return
			}
			if s.follow && s.firstFollow(target) {
				t.dirs++
				q.push(&dirJob{abs: abs, rel: relPath(), relLen: relLen, parent: j, kinds: t.cur})
				queued = true
			}
		case target.Mode().IsRegular() && s.follow:
			s.file(name, j.abs, relPath, target.Size(), t)
		}
	}
}

// file applies the per-file checks; size is already known.
func (s *scanner) file(name, dir string, relPath func() string, size int64, t *tally) {
	t.files++
	t.bytes += size
	ext := strings.ToLower(extOf(name))
	if ext != "" && s.unsupported[ext] {
		t.add(Problem{Kind: UnsupportedType, Path: relPath(), Size: size, Detail: strings.Clone(ext)})
	}
	if s.maxBytes > 0 && size > s.maxBytes {
		t.add(Problem{Kind: TooLarge, Path: relPath(), Size: size})
	}
	if len(s.conflict) > 0 {
		base := name[:len(name)-len(ext)]
		for _, re := range s.conflict {
			if re.MatchString(base) {
				t.add(Problem{Kind: ConflictCopy, Path: relPath(), Size: size, Detail: re.String()})
				break
			}
		}
	}
	if ext != "" && s.archives[ext] && size > 0 {
		detail, err := archiveFileEncryption(filepath.Join(dir, name), size)
		switch {
		case err != nil && errors.Is(err, fs.ErrPermission):
			t.add(Problem{Kind: Unreadable, Path: relPath(), Size: size, Detail: errText(err)})
		case detail != "":
			t.add(Problem{Kind: EncryptedArchive, Path: relPath(), Size: size, Detail: detail})
		}
	}
}

// isAncestor reports whether target is the directory j or one of its
// ancestors. Only symlinks reach here, so the stats along the chain are rare.
func (s *scanner) isAncestor(j *dirJob, target fs.FileInfo) bool {
	for a := j; a != nil; a = a.parent {
		fi, err := os.Stat(a.abs)
		if err == nil && os.SameFile(fi, target) {
			return true
		}
	}
	return false
}

// firstFollow records target and reports whether no symlink has led to it
// before, so a directory reached through several links is scanned once.
func (s *scanner) firstFollow(target fs.FileInfo) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, fi := range s.followed {
		if os.SameFile(fi, target) {
			return false
		}
	}
	s.followed = append(s.followed, target)
	return true
}

// joinRel always returns a new string (name may be borrowed memory).
func joinRel(dir, name string) string {
	if dir == "" {
		return strings.Clone(name)
	}
	return dir + "/" + name
}

// extOf returns the extension including the dot; a leading dot alone
// (".profile") is a name, not an extension.
func extOf(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	return name[i:]
}

// errText keeps the operation and the OS reason but drops the absolute path,
// which may hold user names and need not be valid UTF-8.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return escape(err.Error())
}
