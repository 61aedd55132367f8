// Package elevate runs our own binary with administrator rights: through
// getlantern/elevate on Windows and macOS, pkexec on Linux, and directly
// when already elevated. Neither elevate nor a UAC prompt reports the
// child's output, so the elevated side always writes a result file; this
// package only starts it and classifies how the start ended.
package elevate

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

var (
	// ErrCancelled means the user dismissed the prompt.
	ErrCancelled = errors.New("elevation cancelled by the user")
	// ErrNotAuthorized means the user may not elevate (or no polkit agent).
	ErrNotAuthorized = errors.New("not authorized to run as administrator")
	// ErrUnavailable means there is no elevation mechanism here.
	ErrUnavailable = errors.New("no way to elevate on this system")
)

// IsElevated reports whether this process already has administrator
// rights.
func IsElevated() bool { return isElevated() }

// Mechanism names how administrator rights are asked for.
type Mechanism string

const (
	// Direct: this process is elevated already; the program just runs.
	Direct Mechanism = "direct"
	// Pkexec asks polkit: its agent shows the desktop's own dialog, with the
	// message of the product's polkit action when the package installed it.
	Pkexec Mechanism = "pkexec"
	// Sudo asks for the password on the terminal.
	Sudo Mechanism = "sudo"
	// SudoNoPrompt is sudo without a terminal: it works only where a sudoers
	// rule lets the user run the helper without a password.
	SudoNoPrompt Mechanism = "sudo -n"
	// UAC is Windows' consent prompt, through getlantern/elevate's elevate.exe.
	UAC Mechanism = "uac"
	// Cocoasudo is macOS's authorization dialog, through getlantern/elevate.
	Cocoasudo Mechanism = "cocoasudo"
)

// Facts are what the choice of mechanism depends on.
type Facts struct {
	GOOS     string
	Elevated bool
	// Graphical: a desktop session (DISPLAY or WAYLAND_DISPLAY on Linux).
	Graphical bool
	// Terminal: standard input is a terminal a password can be typed on.
	Terminal bool
	// Pkexec and Sudo are the absolute paths of the tools, "" when absent.
	Pkexec, Sudo string
}

// Launch is how one elevated run starts: Target (our own binary and its
// verb) is what runs with administrator rights, Argv what is executed.
type Launch struct {
	Mechanism Mechanism
	Argv      []string
	Target    []string
}

// macPrompt is the sentence of macOS's authorization dialog.
const macPrompt = "WPS Sync Doctor needs administrator rights to apply a fix."

// Choose picks the mechanism for exe with args. On Linux a desktop session
// asks polkit (pkexec: a dialog, whatever the terminal), a terminal asks
// sudo (a helpdesk SSH session has no polkit agent), no terminal tries
// sudo -n (a sudoers rule for the helper), and pkexec on a terminal uses its
// text agent; with none of these it fails with ErrUnavailable and the caller
// names the command to run as root. Arguments are never joined into a
// shell string.
func Choose(f Facts, exe string, args []string) (Launch, error) {
	target := append([]string{exe}, args...)
	l := Launch{Target: target}
	switch {
	case f.Elevated:
		l.Mechanism, l.Argv = Direct, target
	case f.GOOS == "windows":
		// elevate.exe -w waits for the program (getlantern/elevate).
		l.Mechanism, l.Argv = UAC, append([]string{"elevate.exe", "-w"}, target...)
	case f.GOOS == "darwin":
		l.Mechanism, l.Argv = Cocoasudo, append([]string{"cocoasudo", "--prompt=" + macPrompt}, target...)
	case f.GOOS != "linux":
		return l, ErrUnavailable
	case f.Graphical && f.Pkexec != "":
		l.Mechanism, l.Argv = Pkexec, PkexecArgv(f.Pkexec, exe, args)
	case f.Sudo != "" && f.Terminal:
		l.Mechanism, l.Argv = Sudo, append([]string{f.Sudo, "--"}, target...)
	case f.Sudo != "":
		l.Mechanism, l.Argv = SudoNoPrompt, append([]string{f.Sudo, "-n", "--"}, target...)
	case f.Pkexec != "" && f.Terminal:
		l.Mechanism, l.Argv = Pkexec, PkexecArgv(f.Pkexec, exe, args)
	default:
		return l, ErrUnavailable
	}
	return l, nil
}

// Run starts exe with args elevated and waits for it. A nil error means the
// program ran (its own exit status is in its result file, which the caller
// must read); ErrCancelled/ErrNotAuthorized/ErrUnavailable say why not.
func Run(ctx context.Context, exe string, args []string) error {
	l, err := Choose(facts(), exe, args)
	if err != nil {
		return err
	}
	if l.Mechanism == Direct {
		return runDirect(ctx, exe, args)
	}
	return runElevated(ctx, l)
}

func runDirect(ctx context.Context, exe string, args []string) error {
	cmd := exec.CommandContext(ctx, exe, args...)
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil // the program ran; its result file says how it went
		}
		return err
	}
	return nil
}

// PkexecArgv is the pkexec command line. pkexec clears the environment and
// runs as root, so everything the child needs is in args.
func PkexecArgv(pkexec, exe string, args []string) []string {
	return append([]string{pkexec, exe}, args...)
}

// ClassifySudo maps sudo's exit status when the program left no result:
// 1 is sudo's own failure (wrong password, no sudoers rule, a password
// needed but no terminal), which our helper never uses.
func ClassifySudo(code int) error {
	if code == 1 {
		return ErrNotAuthorized
	}
	return nil
}

// ClassifyPkexec maps pkexec's exit status: 126 the user dismissed the
// dialog, 127 not authorized or no agent; anything else is the program's
// own status.
func ClassifyPkexec(code int) error {
	switch code {
	case 126:
		return ErrCancelled
	case 127:
		return ErrNotAuthorized
	}
	return nil
}

// fromPanic turns a panic in getlantern/elevate (it panics when it cannot
// drop its helper) into an error.
func fromPanic(r any) error {
	return fmt.Errorf("%w: %v", ErrUnavailable, r)
}
