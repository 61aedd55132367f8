package catalog

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// limitAddressSpace caps the process's address space (RLIMIT_AS) at what it
// maps now plus extra, so an allocation beyond that fails hard. The race
// detector maps terabytes of shadow memory on the fly and cannot run under
// such a limit; there only the soft limit and the measurements apply.
func limitAddressSpace(extra uint64) string {
	if raceEnabled {
		return "no RLIMIT_AS (race detector)"
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "no RLIMIT_AS: " + err.Error()
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmSize:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				break
			}
			lim := kb<<10 + extra
			if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: lim, Max: lim}); err != nil {
				return "no RLIMIT_AS: " + err.Error()
			}
			return fmt.Sprintf("RLIMIT_AS %d MiB (%d MiB mapped at start)", lim>>20, kb>>10)
		}
	}
	return "no RLIMIT_AS: no VmSize"
}

// maxRSS is the peak resident memory of an exited child in bytes.
func maxRSS(ps *os.ProcessState) uint64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > 0 {
		return uint64(ru.Maxrss) << 10 // kilobytes on Linux
	}
	return 0
}
