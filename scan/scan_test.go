package scan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

const testMaxBytes = 1 << 20

// tree writes files under a root and counts what it made.
type tree struct {
	t     *testing.T
	root  string
	files int64
	dirs  int64
}

func newTree(t *testing.T) *tree { return &tree{t: t, root: t.TempDir()} }

func (tr *tree) mkdir(rel string) {
	tr.t.Helper()
	p := filepath.Join(tr.root, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err == nil {
		return
	}
	if dir := filepath.Dir(rel); dir != "." {
		tr.mkdir(dir)
	}
	if err := os.Mkdir(p, 0o755); err != nil {
		tr.t.Fatal(err)
	}
	tr.dirs++
}

func (tr *tree) file(rel string, data []byte) {
	tr.t.Helper()
	if dir := filepath.Dir(rel); dir != "." {
		tr.mkdir(dir)
	}
	if err := os.WriteFile(filepath.Join(tr.root, filepath.FromSlash(rel)), data, 0o644); err != nil {
		tr.t.Fatal(err)
	}
	tr.files++
}

func (tr *tree) sized(rel string, size int64) {
	tr.t.Helper()
	tr.file(rel, nil)
	if err := os.Truncate(filepath.Join(tr.root, rel), size); err != nil { // sparse: no real bytes
		tr.t.Fatal(err)
	}
}

func (tr *tree) symlink(target, rel string) {
	tr.t.Helper()
	if err := os.Symlink(target, filepath.Join(tr.root, filepath.FromSlash(rel))); err != nil {
		tr.t.Fatal(err)
	}
}

func testOptions(root string) Options {
	return Options{
		Root:         root,
		MaxBytes:     testMaxBytes,
		PathMaxChars: utf8.RuneCountInString(root) + 1 + 80,
		Unsupported:  []string{".exe", "bat"},
		Archives:     []string{".zip", ".RAR", ".7z"},
		Conflict:     []*regexp.Regexp{regexp.MustCompile(`\(冲突副本.*\)$`), regexp.MustCompile(`\(conflicted copy.*\)$`)},
	}
}

// problemTree builds one tree with every kind of problem (except
// Unreadable, tested apart) plus look-alikes that must not be flagged.
func problemTree(t *testing.T) (*tree, map[Kind][]string) {
	if runtime.GOOS == "windows" {
		t.Skip("the tree uses names and symlinks Windows cannot create")
	}
	tr := newTree(t)
	fx := archiveFixtures(t)
	tr.file("ok/plain.docx", []byte("hello"))
	tr.file("ok/报告.docx", []byte("你好"))
	tr.file("bin/setup.EXE", []byte("MZ"))
	tr.file("bin/run.bat", []byte("@echo"))
	tr.file("bin/exe.txt", []byte("not an exe"))
	tr.sized("big/huge.iso", testMaxBytes+1)
	tr.sized("big/exact.bin", testMaxBytes)
	tr.file("conflict/报告(冲突副本 2024-05-01).docx", []byte("x"))
	tr.file("conflict/report (conflicted copy).docx", []byte("x"))
	tr.file("conflict/(conflicted copy) not at end.docx", []byte("x"))
	tr.file("arc/plain.zip", fx["zip plain"].data)
	tr.file("arc/enc.zip", fx["zip encrypted"].data)
	tr.file("arc/enc-central.zip", fx["zip dir first then encrypted"].data)
	tr.file("arc/enc.rar", fx["rar5 encrypted file"].data)
	tr.file("arc/enc4.RAR", fx["rar4 encrypted file"].data)
	tr.file("arc/plain.rar", fx["rar5 plain"].data)
	tr.file("arc/enc.7z", fx["7z aes header"].data)
	tr.file("arc/plain.7z", fx["7z lzma header"].data)
	tr.file("arc/rar-in-disguise.zip", fx["rar4 encrypted headers"].data)
	tr.file("arc/text.zip", []byte("not a zip at all"))
	tr.file("arc/empty.zip", nil)
	tr.file("arc/enc-as-docx.docx", fx["zip encrypted"].data) // .docx is not in Archives: never opened
	tr.file("names/a:b.txt", nil)
	tr.file("names/CON.txt", nil)
	tr.file("names/trailing.", nil)
	tr.file("names/bad\xff.txt", nil)
	tr.file("names/tab\there", nil)
	tr.file("names/bad\xfedir/inner.txt", nil)
	long := "long-" + strings.Repeat("x", 90)
	tr.file(long+"/f.txt", nil)
	wide := strings.Repeat("中", 60) + ".txt" // 64 runes, 184 bytes: within 80 chars
	tr.file(wide, nil)
	tr.mkdir("loop/sub")
	tr.symlink(".", "loop/self")
	tr.symlink("../..", "loop/sub/up")
	tr.symlink("../ok", "loop/sibling")
	tr.symlink("nowhere", "loop/dangling")
	tr.symlink("../ok/plain.docx", "loop/file-link")

	want := map[Kind][]string{
		UnsupportedType:  {"bin/run.bat", "bin/setup.EXE"},
		TooLarge:         {"big/huge.iso"},
		ConflictCopy:     {"conflict/report (conflicted copy).docx", "conflict/报告(冲突副本 2024-05-01).docx"},
		EncryptedArchive: {"arc/enc-central.zip", "arc/enc.7z", "arc/enc.rar", "arc/enc.zip", "arc/enc4.RAR", "arc/rar-in-disguise.zip"},
		InvalidName:      {"names/CON.txt", "names/a:b.txt", `names/bad\xfedir`, `names/bad\xff.txt`, "names/tab\there", "names/trailing."},
		PathTooLong:      {long, long + "/f.txt"},
		SymlinkLoop:      {"loop/self", "loop/sub/up"},
	}
	return tr, want
}

func examplePaths(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}

func TestScanFindsEachProblem(t *testing.T) {
	tr, want := problemTree(t)
	res, err := Scan(context.Background(), testOptions(tr.root))
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != tr.files || res.Dirs != tr.dirs {
		t.Errorf("files, dirs = %d, %d; want %d, %d", res.Files, res.Dirs, tr.files, tr.dirs)
	}
	wantBytes := int64(2*testMaxBytes + 1) // the two sparse files dominate; add the rest below
	filepath.WalkDir(tr.root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !strings.HasPrefix(filepath.Base(p), "huge") && !strings.HasPrefix(filepath.Base(p), "exact") {
			fi, _ := d.Info()
			wantBytes += fi.Size()
		}
		return nil
	})
	if res.Bytes != wantBytes {
		t.Errorf("bytes = %d, want %d", res.Bytes, wantBytes)
	}
	for _, k := range Kinds {
		got := examplePaths(res.Examples[k])
		if res.Counts[k] != len(want[k]) || !reflect.DeepEqual(got, want[k]) {
			t.Errorf("%s: count %d, examples %q; want %q", k, res.Counts[k], got, want[k])
		}
	}
	if p := res.Examples[TooLarge]; len(p) == 1 && p[0].Size != testMaxBytes+1 {
		t.Errorf("too_large size = %d", p[0].Size)
	}
	for _, p := range res.Examples[InvalidName] {
		if p.Detail == "" || !utf8.ValidString(p.Detail) || !utf8.ValidString(p.Path) {
			t.Errorf("invalid_name example %+v: want a valid UTF-8 path and a detail", p)
		}
	}
	b, err := json.Marshal(res)
	if err != nil || !json.Valid(b) || !strings.Contains(string(b), `"names/bad\\xff.txt"`) {
		t.Errorf("result JSON (err %v) lacks the escaped non-UTF-8 path:\n%s", err, b)
	}
	for _, p := range res.Examples[EncryptedArchive] {
		if p.Size == 0 || p.Detail == "" {
			t.Errorf("encrypted_archive example %+v: want size and detail", p)
		}
	}
}

func TestScanFollowSymlinks(t *testing.T) {
	tr, want := problemTree(t)
	opts := testOptions(tr.root)
	opts.FollowSymlinks = true
	res, err := Scan(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	// loop/sibling -> ../ok adds a folder with 2 files; loop/file-link adds 1.
	if res.Files != tr.files+3 || res.Dirs != tr.dirs+1 {
		t.Errorf("files, dirs = %d, %d; want %d, %d", res.Files, res.Dirs, tr.files+3, tr.dirs+1)
	}
	if got := examplePaths(res.Examples[SymlinkLoop]); !reflect.DeepEqual(got, want[SymlinkLoop]) {
		t.Errorf("loops %q, want %q", got, want[SymlinkLoop])
	}
}

func TestScanWorkersAgree(t *testing.T) {
	tr, _ := problemTree(t)
	var first Result
	for i, w := range []int{1, 2, 8} {
		opts := testOptions(tr.root)
		opts.Workers = w
		res, err := Scan(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		res.Duration = 0
		if i == 0 {
			first = res
		} else if !reflect.DeepEqual(res, first) {
			t.Errorf("workers=%d: result differs:\n%+v\nvs\n%+v", w, res, first)
		}
	}
}

func TestExamplesCappedAndSorted(t *testing.T) {
	tr := newTree(t)
	var all []string
	for d := range 8 {
		for f := range 5 {
			rel := fmt.Sprintf("d%d/report %d (conflicted copy).docx", d, f)
			tr.file(rel, []byte("x"))
			all = append(all, rel)
		}
	}
	sort.Strings(all)
	opts := testOptions(tr.root)
	opts.MaxExamples = 5
	opts.Workers = 4
	for range 5 {
		res, err := Scan(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Counts[ConflictCopy] != 40 {
			t.Fatalf("count = %d, want 40", res.Counts[ConflictCopy])
		}
		if got := examplePaths(res.Examples[ConflictCopy]); !reflect.DeepEqual(got, all[:5]) {
			t.Fatalf("examples %q, want %q", got, all[:5])
		}
	}
}

func TestScanRootErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Scan(context.Background(), Options{Root: filepath.Join(dir, "missing")})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing root: err = %v, want ErrNotExist", err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Scan(context.Background(), Options{Root: file}); err == nil {
		t.Error("file as root: want an error")
	}
	if _, err := Scan(context.Background(), Options{}); err == nil {
		t.Error("empty root: want an error")
	}
	res, err := Scan(context.Background(), Options{Root: dir})
	if err != nil || res.Files != 1 || res.Counts == nil || res.Examples == nil {
		t.Errorf("plain dir: %+v, %v", res, err)
	}
}

// stopAfterCtx reports cancellation after n calls to Err, so a test can
// stop a scan midway without timing.
type stopAfterCtx struct {
	context.Context
	n    atomic.Int64
	done chan struct{}
	once sync.Once
}

func newStopAfter(n int64) *stopAfterCtx {
	c := &stopAfterCtx{Context: context.Background(), done: make(chan struct{})}
	c.n.Store(n)
	return c
}

func (c *stopAfterCtx) Done() <-chan struct{} { return c.done }
func (c *stopAfterCtx) Err() error {
	if c.n.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}

func TestScanCancel(t *testing.T) {
	dir := t.TempDir()
	const files, folders = 2000, 200
	if err := GenerateTree(dir, files, folders); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Scan(ctx, Options{Root: dir})
	if !errors.Is(err, context.Canceled) || res.Files != 0 {
		t.Errorf("cancelled before start: files %d, err %v", res.Files, err)
	}

	res, err = Scan(newStopAfter(20), Options{Root: dir, Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if res.Files == 0 || res.Files >= files || res.Counts == nil {
		t.Errorf("partial result: files %d of %d", res.Files, files)
	}
}

func TestGenerateTree(t *testing.T) {
	dir := t.TempDir()
	if err := GenerateTree(dir, 250, 30); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), testOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 250 || res.Dirs != 30 || res.Bytes != 250*int64(len("wpsdoctor scan benchmark\n")) {
		t.Errorf("files %d dirs %d bytes %d", res.Files, res.Dirs, res.Bytes)
	}
	for k, n := range res.Counts {
		t.Errorf("generated tree has %d %s problems: %+v", n, k, res.Examples[k])
	}
	if err := GenerateTree(dir, 10, 0); err == nil {
		t.Error("folders=0: want an error")
	}
}

// Affected counts entries, not problems: a file with two problems once, a
// folder with a too-long path as a folder, an unreadable folder once even
// when its name is also invalid.
func TestAffectedCountsEntries(t *testing.T) {
	root := t.TempDir()
	long := strings.Repeat("d", 30)
	for rel, size := range map[string]int{
		"ok.docx": 1, "tool.exe": 20, "a:b.docx": 1, long + "/x.docx": 1, long + "/y.docx": 1,
	} {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(strings.Repeat("x", size)), 0o644)
	}
	locked := filepath.Join(root, "c|d")
	os.Mkdir(locked, 0o000)
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	res, err := Scan(context.Background(), Options{Root: root, MaxBytes: 10, PathMaxChars: len([]rune(root)) + 20,
		Unsupported: []string{".exe"}, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	problems := 0
	for _, n := range res.Counts {
		problems += n
	}
	files, dirs := res.Affected(Kinds...)
	// The long folder, and "c|d": an invalid name and, unless we run as
	// root, unreadable: one folder either way.
	const wantDirs = 2
	if files != 4 || dirs != wantDirs {
		t.Errorf("got %d files and %d folders affected (%d problems, counts %v), want 4 files and %d folders", files, dirs, problems, res.Counts, wantDirs)
	}
	if f, d := res.Affected(TooLarge); f != 1 || d != 0 {
		t.Errorf("too large: got %d files %d folders, want 1 file", f, d)
	}
	if f, d := res.Affected(); f != 0 || d != 0 {
		t.Errorf("no kinds: got %d files %d folders, want none", f, d)
	}
}
