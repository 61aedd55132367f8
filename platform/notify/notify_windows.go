package notify

import (
	"context"

	"wpsdoctor/platform/command"
)

// send shows a toast through PowerShell and WinRT. The toast is attributed
// to n.App; without a registered AppUserModelID Windows may show it under
// PowerShell's name. Expect EDR/AppLocker policies to block this in some
// companies: the tray then keeps its tooltip and icon as the only signal.
func send(ctx context.Context, n Note) error {
	argv, env := powershellCommand(n)
	r, err := command.Run(ctx, command.Cmd{Argv: argv, Env: env})
	if err == nil && r.ExitCode != 0 {
		err = &command.ExitError{Argv: argv, Code: r.ExitCode, Stderr: r.Stderr}
	}
	return err
}
