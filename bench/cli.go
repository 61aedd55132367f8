package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// cliBinary returns the built CLI, building one into tmp when `make build`
// has not run.
func cliBinary(ctx context.Context, cfg config, tmp string) (string, error) {
	p := filepath.Join(cfg.binDir, "wpsdoctor")
	if _, err := os.Stat(p); err == nil {
		return filepath.Abs(p)
	}
	p = filepath.Join(tmp, "wpsdoctor")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", p, "./cmd/wpsdoctor").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/wpsdoctor: %v: %s", err, out)
	}
	return p, nil
}

// figureCLI: exec-to-exit wall time of the CLI, repeated, min/median,
// against the exec floor (/bin/true). The check runs with an empty HOME so
// the figure does not depend on this machine's WPS.
func figureCLI(ctx context.Context, cfg config) error {
	tmp, err := os.MkdirTemp("", "wsdbench-cli-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, err := cliBinary(ctx, cfg, tmp)
	if err != nil {
		return err
	}
	home := filepath.Join(tmp, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		return err
	}
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
	runs := 2 * cfg.runs
	floor, err := timeExec(ctx, runs, env, "true", false)
	if err != nil {
		return err
	}
	_, floorMed := minMedian(floor)
	for _, c := range []struct {
		name string
		args []string
		// check exits 1-2 when WPS is missing: a diagnosis, not a failure
		anyExit bool
	}{
		{"cli_version", []string{"version"}, false},
		{"cli_check_wps_installed", []string{"check", "--only", "wps.installed"}, true},
	} {
		ds, err := timeExec(ctx, runs, env, bin, c.anyExit, c.args...)
		if err != nil {
			return err
		}
		lo, med := minMedian(ds)
		line(c.name, msf(med), "ms", fmt.Sprintf("%.1fx the exec floor (/bin/true %.1f ms); min %.1f ms, median of %d runs",
			msf(med)/msf(floorMed), msf(floorMed), msf(lo), runs))
	}
	return nil
}

// timeExec runs name args runs+1 times (the first warms the page cache and
// is dropped) and returns the wall times.
func timeExec(ctx context.Context, runs int, env []string, name string, anyExit bool, args ...string) ([]time.Duration, error) {
	var ds []time.Duration
	for i := 0; i <= runs; i++ {
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = env
		start := time.Now()
		err := cmd.Run()
		el := time.Since(start)
		if err != nil {
			var ee *exec.ExitError
			if !anyExit || !errorsAs(err, &ee) || ee.ExitCode() > 2 {
				return nil, fmt.Errorf("%s %v: %w", name, args, err)
			}
		}
		if i > 0 {
			ds = append(ds, el)
		}
	}
	return ds, nil
}
