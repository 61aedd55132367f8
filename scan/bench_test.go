package scan

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sync"
	"testing"
)

// benchTrees caches generated trees across benchmark invocations (b.N
// rounds re-enter the function); TestMain removes them.
var (
	benchMu    sync.Mutex
	benchTrees = map[string]string{}
)

func benchTree(b *testing.B, files, folders int) string {
	b.Helper()
	if dir := os.Getenv("WSD_SCAN_BENCH_TREE"); dir != "" && files == 100000 {
		return dir
	}
	benchMu.Lock()
	defer benchMu.Unlock()
	key := fmt.Sprint(files, "/", folders)
	if dir, ok := benchTrees[key]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "scanbench-")
	if err != nil {
		b.Fatal(err)
	}
	benchTrees[key] = dir
	if err := GenerateTree(dir, files, folders); err != nil {
		b.Fatal(err)
	}
	return dir
}

func removeBenchTrees() {
	benchMu.Lock()
	defer benchMu.Unlock()
	for _, dir := range benchTrees {
		os.RemoveAll(dir)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	removeBenchTrees()
	os.Exit(code)
}

// BenchmarkScan scans a clean generated tree with the options the
// files.sync check uses. Set WSD_SCAN_BENCH_TREE to reuse a tree made by
// GenerateTree(dir, 100000, 5000).
func BenchmarkScan(b *testing.B) {
	for _, size := range []struct{ files, folders int }{{10000, 500}, {100000, 5000}} {
		b.Run(fmt.Sprintf("files=%d", size.files), func(b *testing.B) {
			dir := benchTree(b, size.files, size.folders)
			opts := Options{
				Root: dir, MaxBytes: 1 << 30, PathMaxChars: 260,
				Unsupported: []string{".exe", ".bat"}, Archives: []string{".zip", ".rar", ".7z"},
				Conflict: []*regexp.Regexp{regexp.MustCompile(`\(冲突.*\)$`), regexp.MustCompile(`\(conflict.*\)$`)},
			}
			b.ResetTimer()
			for b.Loop() {
				res, err := Scan(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.Files != int64(size.files) {
					b.Fatalf("files = %d, want %d", res.Files, size.files)
				}
			}
			b.ReportMetric(float64(size.files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
