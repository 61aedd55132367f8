// Package proc lists and controls processes. Listing is read-only and used
// by checks (is the WPS cloud component running?); control (graceful close,
// restart) lives in control*.go and is used only by fixes.
package proc

import (
	"context"
	"path/filepath"
	"strings"
)

// Process is one running process.
type Process struct {
	PID  int    `json:"pid"`
	PPID int    `json:"ppid,omitempty"`
	Name string `json:"name"`          // executable base name, e.g. "wpscloudsvr.exe"
	Exe  string `json:"exe,omitempty"` // full path when the OS tells us
}

// List returns the running processes. Per-OS implementations live in
// list_<os>.go.
func List(ctx context.Context) ([]Process, error) { return list(ctx) }

// Find returns the processes whose executable base name matches one of
// names, compared case-insensitively and ignoring a ".exe" suffix, so one
// table of names serves every OS.
func Find(procs []Process, names ...string) []Process {
	var out []Process
	for _, p := range procs {
		base := normName(p.Name)
		if p.Exe != "" {
			base = normName(filepath.Base(strings.ReplaceAll(p.Exe, `\`, "/")))
		}
		for _, n := range names {
			if base == normName(n) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func normName(s string) string {
	return strings.TrimSuffix(strings.ToLower(s), ".exe")
}

// OfInstall keeps the processes that run a program of the installation
// under root: a process whose executable path is known and lies elsewhere
// (another copy of WPS, a test's dummy, a namesake) is never closed or
// signalled by a fix. A process whose path the OS does not tell is kept.
// With no known root (no installation found) only those are kept: a
// program whose path is known cannot be shown to be this WPS's.
func OfInstall(procs []Process, root string) []Process {
	norm := func(p string) string {
		return strings.TrimSuffix(strings.ToLower(strings.ReplaceAll(p, `\`, "/")), "/")
	}
	r := norm(root)
	var out []Process
	for _, p := range procs {
		if p.Exe == "" || r != "" && strings.HasPrefix(norm(p.Exe), r+"/") {
			out = append(out, p)
		}
	}
	return out
}
