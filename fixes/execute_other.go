//go:build !windows

package fixes

import (
	"errors"
	"syscall"
)

func resolveTool(name string) string { return name }

func hiddenWindow() *syscall.SysProcAttr { return nil }

func regSet(RegValue) error { return errors.New("the registry exists only on Windows") }
