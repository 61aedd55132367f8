//go:build !windows

package command

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
)

// Path returns the absolute path of a program from the system directories
// (ToolDirs), never through PATH.
func Path(name string) (string, error) {
	p, err := LookupTool(runtime.GOOS, name, os.Stat)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return p, nil
}

func hiddenWindow() *syscall.SysProcAttr { return nil }
