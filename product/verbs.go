package product

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"wpsdoctor/fixes"
	"wpsdoctor/health"
)

// goos is this OS; the paths of another can be asked for through Options.
var goos = runtime.GOOS

// The verbs every binary of the product answers before it parses its own
// flags, so the elevated child and the verifier never start a GUI, open a
// window or touch the instance lock, whichever program started them:
//
//	privileged --step FILE --result FILE   run validated fix steps (elevated)
//	verify [--config FILE] --only IDS      print the JSON report of these checks
const (
	VerbPrivileged = "privileged"
	VerbVerify     = "verify"
)

// Exit codes of the verbs: 0 done, 2 the request was refused (nothing was
// run), 3 the verb itself failed (bad arguments, no report).
const (
	exitDone    = 0
	exitRefused = 2
	exitFailed  = 3
)

// VerifyArgs is the verifier's command line before "--only IDS".
func VerifyArgs(config string) []string {
	args := []string{VerbVerify}
	if config != "" {
		args = append(args, "--config", config)
	}
	return args
}

// Serve runs a verb when args start with one and reports handled=true;
// otherwise it does nothing and the program goes on.
func Serve(args []string, stdout, stderr io.Writer, program, version string) (code int, handled bool) {
	if len(args) == 0 {
		return 0, false
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case VerbPrivileged:
		return servePrivileged(ctx, args[1:], stderr), true
	case VerbVerify:
		return serveVerify(ctx, args[1:], stdout, stderr, program, version), true
	}
	return 0, false
}

func servePrivileged(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet(VerbPrivileged, flag.ContinueOnError)
	fs.SetOutput(stderr)
	step := fs.String("step", "", "step file (JSON) to run")
	result := fs.String("result", "", "result file (JSON) to write")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *step == "" || *result == "" {
		fmt.Fprintln(stderr, "privileged: usage: privileged --step FILE --result FILE")
		return exitFailed
	}
	x := &fixes.Executor{OS: runtime.GOOS}
	if err := fixes.ServePrivileged(ctx, *step, *result, x); err != nil {
		fmt.Fprintln(stderr, "privileged:", err)
		return exitRefused
	}
	return exitDone
}

func serveVerify(ctx context.Context, args []string, stdout, stderr io.Writer, program, version string) int {
	fs := flag.NewFlagSet(VerbVerify, flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "endpoint catalogue override (TOML)")
	only := fs.String("only", "", "check IDs, comma-separated")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *only == "" {
		fmt.Fprintln(stderr, "verify: usage: verify [--config FILE] --only IDS")
		return exitFailed
	}
	return PrintReport(ctx, Options{Program: program, Version: version, Config: *config}, strings.Split(*only, ","), stdout, stderr)
}

// PrintReport runs the named checks and prints the report as JSON: the
// child side of the fresh-process verifier.
func PrintReport(ctx context.Context, o Options, only []string, stdout, stderr io.Writer) int {
	p, err := Open(o)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	rep, err := p.Diagnose(ctx, health.Options{Only: only})
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	if err := json.NewEncoder(stdout).Encode(rep); err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	return exitDone
}
