package command

import (
	"fmt"
	"syscall"

	"golang.org/x/sys/windows"
)

// Path returns a system tool's path in the system directory the kernel
// reports (not %SystemRoot% from the environment), so a planted netsh.exe
// on PATH or in the working directory is never run; other programs are
// refused.
func Path(name string) (string, error) {
	dir, err := windows.GetSystemDirectory()
	if err != nil {
		return "", err
	}
	p, err := WindowsToolPath(dir, name)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return p, nil
}

// hiddenWindow keeps console programs from flashing a window over the tray.
func hiddenWindow() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{HideWindow: true, CreationFlags: 0x08000000} // CREATE_NO_WINDOW
}
