// Package command runs every program the product runs: argv only, never a
// shell string; a context (and a deadline for probes); output captured;
// the program taken by absolute path from the system's own directories,
// never through the inherited PATH (lookup.go). It is the one seam tests
// replace (Replace), instead of one exec helper per package.
package command

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Cmd is one program run.
type Cmd struct {
	// Argv is the program's bare name (resolved by Path) and its arguments.
	Argv []string
	// Stdin is fed to the program.
	Stdin string
	// Env is added to this process's environment (data for a script
	// travels here, never inside the script's text).
	Env []string
	// Timeout bounds the run; 0 means only the context does.
	Timeout time.Duration
}

// Result is how a run ended. ExitCode is -1 when the program did not run.
type Result struct {
	Stdout, Stderr []byte
	ExitCode       int
}

// ErrNotFound means the program is not in the system directories.
var ErrNotFound = errors.New("program not found in the system directories")

// Func runs c. The real one resolves the program and starts it; a test's
// answers from a table.
type Func func(ctx context.Context, c Cmd) (Result, error)

var current atomic.Pointer[Func]

// Replace makes f run every command until restore is called: the seam of
// tests (not safe with t.Parallel across packages' tests that share it).
func Replace(f Func) (restore func()) {
	old := current.Swap(&f)
	return func() { current.Store(old) }
}

// Run runs c. err is set when the program could not run (not found,
// context done before it started); a non-zero exit is in Result.ExitCode.
func Run(ctx context.Context, c Cmd) (Result, error) {
	if len(c.Argv) == 0 || c.Argv[0] == "" {
		return Result{ExitCode: -1}, errors.New("empty command")
	}
	if f := current.Load(); f != nil {
		return (*f)(ctx, c)
	}
	return execRun(ctx, c)
}

// Output runs argv within timeout and returns its standard output; a
// program that is missing or exits non-zero is an error.
func Output(ctx context.Context, timeout time.Duration, argv ...string) ([]byte, error) {
	r, err := Run(ctx, Cmd{Argv: argv, Timeout: timeout})
	if err != nil {
		return nil, err
	}
	if r.ExitCode != 0 {
		return r.Stdout, &ExitError{Argv: argv, Code: r.ExitCode, Stderr: r.Stderr}
	}
	return r.Stdout, nil
}

// ExitError is a program that ran and failed.
type ExitError struct {
	Argv   []string
	Code   int
	Stderr []byte
}

func (e *ExitError) Error() string {
	msg := strings.TrimSpace(string(e.Stderr))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	s := e.Argv[0] + ": exit status " + strconv.Itoa(e.Code)
	if msg != "" {
		s += ": " + msg
	}
	return s
}

func execRun(ctx context.Context, c Cmd) (Result, error) {
	prog, err := Path(c.Argv[0])
	if err != nil {
		return Result{ExitCode: -1}, err
	}
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, prog, c.Argv[1:]...)
	cmd.SysProcAttr = hiddenWindow()
	if len(c.Env) > 0 {
		cmd.Env = append(os.Environ(), c.Env...)
	}
	if c.Stdin != "" {
		cmd.Stdin = strings.NewReader(c.Stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	r := Result{Stdout: out.Bytes(), Stderr: errb.Bytes()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.ExitCode = ee.ExitCode()
		return r, nil
	case err != nil:
		r.ExitCode = -1
		return r, err
	}
	return r, nil
}
