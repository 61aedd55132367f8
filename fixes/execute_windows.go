package fixes

import (
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/sys/windows/registry"
)

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
