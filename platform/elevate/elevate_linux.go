package elevate

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"wpsdoctor/platform/command"

	"golang.org/x/term"
)

func isElevated() bool { return os.Geteuid() == 0 }

// facts looks at this process: the session, the terminal, and pkexec and
// sudo in the system directories only (never the inherited PATH).
func facts() Facts {
	return Facts{
		GOOS:      "linux",
		Elevated:  isElevated(),
		Graphical: os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "",
		Terminal:  term.IsTerminal(int(os.Stdin.Fd())),
		Pkexec:    systemTool("pkexec"),
		Sudo:      systemTool("sudo"),
	}
}

// systemTool finds a setuid tool in the fixed system directories (never
// the inherited PATH); "" when absent.
func systemTool(name string) string {
	p, _ := command.Path(name)
	return p
}

func runElevated(ctx context.Context, l Launch) error {
	cmd := exec.CommandContext(ctx, l.Argv[0], l.Argv[1:]...)
	if l.Mechanism == Sudo || l.Mechanism == Pkexec {
		// The password prompt (sudo, or pkexec's text agent) needs the terminal.
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stderr, os.Stderr
	}
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if l.Mechanism == Pkexec {
			return ClassifyPkexec(ee.ExitCode())
		}
		return ClassifySudo(ee.ExitCode())
	}
	return err
}
