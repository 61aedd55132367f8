package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/scan"
)

// scanRounds is how many times find and the scan each run on the warm tree.
const scanRounds = 5

type scanChildResult struct {
	Files  int64 `json:"files"`
	Dirs   int64 `json:"dirs"`
	ScanMS int64 `json:"scan_ms"`
}

// figureScan: a generated sync folder (scan.GenerateTree) scanned by a
// child process with exactly the options files.sync uses (built-in
// thresholds and conflict patterns, symlinks followed), against
// `find DIR -type f | wc -l` on the same tree, both warm. The child's peak
// RSS comes from its rusage.
func figureScan(ctx context.Context, cfg config) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "wsdbench-tree-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	t0 := time.Now()
	if err := scan.GenerateTree(dir, cfg.scanFiles, cfg.scanDirs); err != nil {
		return fmt.Errorf("generate tree: %w", err)
	}
	gen := time.Since(t0)

	var finds, findSizes, scans, inner []time.Duration
	var maxRSS int64
	// Round 0 warms the cache for both and is not counted.
	for i := 0; i <= scanRounds; i++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fd, n, err := timeFind(ctx, dir, false)
		if err != nil {
			return err
		}
		fsd, _, err := timeFind(ctx, dir, true)
		if err != nil {
			return err
		}
		if n != int64(cfg.scanFiles) {
			return fmt.Errorf("find counted %d files, want %d", n, cfg.scanFiles)
		}
		sd, res, rss, err := timeScanChild(ctx, self, dir)
		if err != nil {
			return err
		}
		if res.Files != int64(cfg.scanFiles) {
			return fmt.Errorf("scan counted %d files, want %d", res.Files, cfg.scanFiles)
		}
		if i == 0 {
			continue
		}
		finds, findSizes, scans = append(finds, fd), append(findSizes, fsd), append(scans, sd)
		inner = append(inner, time.Duration(res.ScanMS)*time.Millisecond)
		maxRSS = max(maxRSS, rss)
	}
	fmin, fmed := minMedian(finds)
	smin, smed := minMedian(scans)
	_, imed := minMedian(inner)
	_, fsmed := minMedian(findSizes)
	line("scan_wall", msf(smed), "ms",
		fmt.Sprintf("%.2fx find %.0f ms, goal <= 1.5; min %.0f vs %.0f ms; %d files in %d folders, warm, median of %d; in-process scan %.0f ms; %.2fx find -printf %%s (stats every file) %.0f ms; tree made in %s",
			msf(smed)/msf(fmed), msf(fmed), msf(smin), msf(fmin), cfg.scanFiles, cfg.scanDirs, scanRounds, msf(imed),
			msf(smed)/msf(fsmed), msf(fsmed), gen.Round(time.Second)))
	line("scan_peak_rss", float64(maxRSS)/1024, "MiB", "peak RSS of the scanning process, max over the runs")
	return nil
}

// timeFind runs `find DIR -type f` and counts its lines, as `| wc -l` does.
// With sizes, find stats every file as the scan must (size limits).
func timeFind(ctx context.Context, dir string, sizes bool) (time.Duration, int64, error) {
	args := []string{dir, "-type", "f"}
	if sizes {
		args = append(args, "-printf", "%s\n")
	}
	cmd := exec.CommandContext(ctx, "find", args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	n, cerr := countLines(out)
	werr := cmd.Wait()
	el := time.Since(start)
	if cerr != nil {
		return 0, 0, cerr
	}
	if werr != nil {
		return 0, 0, fmt.Errorf("find: %w", werr)
	}
	return el, n, nil
}

func countLines(r io.Reader) (int64, error) {
	buf := make([]byte, 64<<10)
	var n int64
	for {
		k, err := r.Read(buf)
		n += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// timeScanChild runs `bench scan-child DIR` and returns its wall time,
// result and peak RSS in KiB.
func timeScanChild(ctx context.Context, self, dir string) (time.Duration, scanChildResult, int64, error) {
	var res scanChildResult
	cmd := exec.CommandContext(ctx, self, "scan-child", dir)
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	el := time.Since(start)
	if err != nil {
		return 0, res, 0, fmt.Errorf("scan-child: %w", err)
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return 0, res, 0, fmt.Errorf("scan-child output: %v: %q", err, out)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) // KiB on Linux
	}
	return el, res, rss, nil
}

// scanChild scans one folder the way the files.sync check does.
func scanChild(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: bench scan-child DIR")
		return 2
	}
	cat := catalog.Default()
	t := cat.Thresholds
	res, err := scan.Scan(context.Background(), scan.Options{
		Root: args[0], MaxBytes: t.FileMaxBytes, PathMaxChars: t.PathMaxChars,
		Unsupported: t.UnsupportedExtensions, Archives: t.ArchiveExtensions,
		Conflict: cat.ConflictPatterns(), FollowSymlinks: true,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "scan-child:", err)
		return 1
	}
	json.NewEncoder(os.Stdout).Encode(scanChildResult{Files: res.Files, Dirs: res.Dirs, ScanMS: res.Duration.Milliseconds()})
	return 0
}
