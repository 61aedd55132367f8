package proc

import (
	"bytes"
	"io/fs"
	"strconv"
	"strings"
)

// ReadProcFS lists processes from a Linux /proc tree given as an fs.FS, so
// the parser is tested on any OS with a fixture tree.
func ReadProcFS(fsys fs.FS) ([]Process, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []Process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		stat, err := fs.ReadFile(fsys, e.Name()+"/stat")
		if err != nil {
			continue // the process exited while we looked
		}
		name, ppid, ok := parseStat(stat)
		if !ok {
			continue
		}
		p := Process{PID: pid, PPID: ppid, Name: name}
		// /proc/PID/comm truncates to 15 bytes ("wpscloudsvr" fits, but
		// be exact): prefer argv[0]'s base name when cmdline is readable.
		if cmd, err := fs.ReadFile(fsys, e.Name()+"/cmdline"); err == nil && len(cmd) > 0 {
			arg0, _, _ := bytes.Cut(cmd, []byte{0})
			if s := string(arg0); s != "" {
				p.Exe = s
				if i := strings.LastIndexByte(s, '/'); i >= 0 {
					s = s[i+1:]
				}
				if strings.HasPrefix(s, p.Name) || len(p.Name) >= 15 {
					p.Name = s
				}
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// parseStat reads "pid (comm) state ppid ..." where comm may itself contain
// spaces and parentheses: the name ends at the LAST ')'.
func parseStat(b []byte) (name string, ppid int, ok bool) {
	open := bytes.IndexByte(b, '(')
	closeIdx := bytes.LastIndexByte(b, ')')
	if open < 0 || closeIdx < open {
		return "", 0, false
	}
	name = string(b[open+1 : closeIdx])
	rest := strings.Fields(string(b[closeIdx+1:]))
	if len(rest) < 2 {
		return "", 0, false
	}
	ppid, err := strconv.Atoi(rest[1])
	if err != nil {
		return "", 0, false
	}
	return name, ppid, true
}

// ParsePS parses `ps -axo pid=,ppid=,comm=` output (macOS): comm is the
// full executable path there, and may contain spaces.
func ParsePS(out []byte) []Process {
	var procs []Process
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		pid, err1 := strconv.Atoi(f[0])
		ppid, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			continue
		}
		// Re-join the path: the third field onwards, spaces preserved.
		idx := strings.Index(line, f[1]) + len(f[1])
		exe := strings.TrimSpace(line[idx:])
		name := exe
		if i := strings.LastIndexByte(exe, '/'); i >= 0 {
			name = exe[i+1:]
		}
		procs = append(procs, Process{PID: pid, PPID: ppid, Name: name, Exe: exe})
	}
	return procs
}
