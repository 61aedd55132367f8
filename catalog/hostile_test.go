package catalog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"wpsdoctor/catalog/catalogtest"
)

// The acceptance limits of issue 13: every hostile file is refused within
// 1 s of CPU time and 512 MiB of memory.
const (
	hostileCPU    = time.Second
	hostileMemory = 512 << 20
	// hostileHang only stops a hung child; the limit asserted is CPU time,
	// which a loaded machine does not inflate.
	hostileHang = 60 * time.Second
	childEnv    = "WPSDOCTOR_CATALOG_HOSTILE_FILE"
	childMark   = "CHILD-RESULT "
)

type childResult struct {
	Err        string `json:"err"` // its first 4 KiB
	ErrLen     int    `json:"err_len"`
	TotalAlloc uint64 `json:"total_alloc"`
	Sys        uint64 `json:"sys"`
	Limit      string `json:"limit"`
}

// TestHostileChild is the child half of TestHostileFilesRefused: it loads
// the file named by childEnv under the memory limits and prints what it
// measured. Run alone it does nothing.
func TestHostileChild(t *testing.T) {
	path := os.Getenv(childEnv)
	if path == "" {
		t.Skip("child of TestHostileFilesRefused")
	}
	debug.SetMemoryLimit(hostileMemory)
	limit := limitAddressSpace(hostileMemory)
	_, err := Load(path)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r := childResult{TotalAlloc: ms.TotalAlloc, Sys: ms.Sys, Limit: limit}
	if err != nil {
		r.Err, r.ErrLen = err.Error(), len(err.Error())
		r.Err = r.Err[:min(len(r.Err), 4096)]
	}
	out, _ := json.Marshal(r)
	os.Stdout.Write(append([]byte("\n"+childMark), append(out, '\n')...))
}

func TestHostileFilesRefused(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("in the child")
	}
	dir := t.TempDir()
	for _, c := range catalogtest.Pathological() {
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join(dir, "hostile.toml")
			if err := os.WriteFile(path, c.Body, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), hostileHang)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostileChild$", "-test.count=1")
			// The race detector sleeps 1 s at exit unless told not to.
			cmd.Env = append(os.Environ(), childEnv+"="+path, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			runErr := cmd.Run()
			wall := time.Since(start)
			if ctx.Err() != nil {
				t.Fatalf("child still running after %v: killed", hostileHang)
			}
			if runErr != nil {
				t.Fatalf("child died: %v: %s", runErr, crash(stdout.String()+stderr.String()))
			}
			var r childResult
			sc := bufio.NewScanner(&stdout)
			sc.Buffer(nil, 1<<20)
			found := false
			for sc.Scan() {
				if s, ok := strings.CutPrefix(sc.Text(), childMark); ok {
					found = json.Unmarshal([]byte(s), &r) == nil
				}
			}
			if !found {
				t.Fatalf("no result from the child:\n%s", tail(stdout.String(), 2000))
			}
			ps := cmd.ProcessState
			cpu := ps.UserTime() + ps.SystemTime()
			rss := maxRSS(ps) // on Linux at least the parent's RSS at fork
			t.Logf("cpu %v, wall %v, allocated %d KiB, sys %d MiB, max RSS %d MiB, %s; %q",
				cpu.Round(time.Millisecond), wall.Round(time.Millisecond), r.TotalAlloc>>10, r.Sys>>20, rss>>20, r.Limit, r.Err)
			if r.Err == "" {
				t.Fatal("got no error, want a refusal")
			}
			if line := len("wpsdoctor: ") + r.ErrLen; line >= 300 || strings.ContainsAny(r.Err, "\r\n") {
				t.Errorf("got a %d-byte message %q, want one line under 300 with the program name", line, tail(r.Err, 200))
			}
			if !strings.Contains(r.Err, "hostile.toml") {
				t.Errorf("got %q, want it to name the file", r.Err)
			}
			if cpu > hostileCPU {
				t.Errorf("child used %v of CPU (whole process, start-up included), want under %v", cpu, hostileCPU)
			}
			if r.TotalAlloc > hostileMemory || r.Sys > hostileMemory || rss > hostileMemory {
				t.Errorf("child allocated %d, holds %d from the OS, peak RSS %d bytes; want each under %d", r.TotalAlloc, r.Sys, rss, hostileMemory)
			}
		})
	}
}

// crash picks the Go runtime's reason out of a dead child's output.
func crash(out string) string {
	var why []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "fatal error") || strings.HasPrefix(l, "runtime:") || strings.HasPrefix(l, "panic") {
			why = append(why, l)
		}
	}
	if len(why) == 0 {
		return tail(out, 500)
	}
	return strings.Join(why, "; ")
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
