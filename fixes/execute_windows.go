package fixes

import (
	"errors"
	"fmt"
	"strconv"
	"syscall"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// resolveTool takes the system tools from the system directory the
// kernel reports (not %SystemRoot% from the environment), so a planted
// netsh.exe on PATH or in the working directory is never run (elevated,
// at that); other programs are refused.
func resolveTool(name string) (string, error) {
	dir, err := windows.GetSystemDirectory()
	if err != nil {
		return "", err
	}
	return WindowsToolPath(dir, name)
}

func hiddenWindow() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{HideWindow: true, CreationFlags: 0x08000000} // CREATE_NO_WINDOW
}

func regSet(v RegValue) error {
	var root registry.Key
	switch v.Root {
	case "HKLM":
		root = registry.LOCAL_MACHINE
	case "HKCU":
		root = registry.CURRENT_USER
	default:
		return fmt.Errorf("registry root %q not supported", v.Root)
	}
	k, _, err := registry.CreateKey(root, v.Key, registry.SET_VALUE|registry.QUERY_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	if v.Delete {
		err := k.DeleteValue(v.Name)
		if errors.Is(err, registry.ErrNotExist) {
			return nil
		}
		return err
	}
	switch v.Type {
	case "REG_SZ":
		return k.SetStringValue(v.Name, v.Value)
	case "REG_DWORD":
		n, err := strconv.ParseUint(v.Value, 0, 32)
		if err != nil {
			return err
		}
		return k.SetDWordValue(v.Name, uint32(n))
	}
	return fmt.Errorf("registry type %q not supported", v.Type)
}
