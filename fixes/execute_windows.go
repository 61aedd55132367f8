package fixes

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/windows/registry"
)

// systemTools are taken from System32 so a planted netsh.exe on PATH or in
// the working directory is never run (elevated, at that).
var systemTools = map[string]bool{"netsh": true, "ipconfig": true, "w32tm": true, "net": true,
	"taskkill": true, "powershell": true, "powershell.exe": true}

func resolveTool(name string) string {
	if systemTools[strings.ToLower(name)] {
		root := os.Getenv("SystemRoot")
		if root == "" {
			root = `C:\Windows`
		}
		base := strings.TrimSuffix(strings.ToLower(name), ".exe")
		if base == "powershell" {
			return filepath.Join(root, "System32", "WindowsPowerShell", "v1.0", "powershell.exe")
		}
		return filepath.Join(root, "System32", base+".exe")
	}
	return name
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
