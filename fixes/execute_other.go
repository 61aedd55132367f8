//go:build !windows

package fixes

import (
	"errors"
	"os"
	"runtime"
	"syscall"
)

// resolveTool takes programs from the fixed system directories only
// (ToolDirs), never through PATH.
func resolveTool(name string) (string, error) { return LookupTool(runtime.GOOS, name, os.Stat) }

func hiddenWindow() *syscall.SysProcAttr { return nil }

func regSet(RegValue) error { return errors.New("the registry exists only on Windows") }
