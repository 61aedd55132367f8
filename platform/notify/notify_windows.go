package notify

import (
	"context"
	"os"
	"os/exec"
	"syscall"
)

// send shows a toast through PowerShell and WinRT. The toast is attributed
// to n.App; without a registered AppUserModelID Windows may show it under
// PowerShell's name. Expect EDR/AppLocker policies to block this in some
// companies: the tray then keeps its tooltip and icon as the only signal.
func send(ctx context.Context, n Note) error {
	argv, env := powershellCommand(n)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true}
	return cmd.Run()
}
