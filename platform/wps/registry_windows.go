package wps

import (
	"errors"

	"golang.org/x/sys/windows/registry"
)

// WinRegistry reads the real Windows registry.
type WinRegistry struct{}

func (WinRegistry) GetString(root RegRoot, key, value string) (string, error) {
	switch root {
	case HKCU:
		return readString(registry.CURRENT_USER, key, value, 0)
	case HKLM:
		s, err := readString(registry.LOCAL_MACHINE, key, value, registry.WOW64_64KEY)
		if err == nil {
			return s, nil
		}
		return readString(registry.LOCAL_MACHINE, key, value, registry.WOW64_32KEY)
	}
	return "", ErrNoValue
}

func readString(root registry.Key, key, value string, view uint32) (string, error) {
	k, err := registry.OpenKey(root, key, registry.QUERY_VALUE|view)
	if err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return "", ErrNoValue
		}
		return "", err
	}
	defer k.Close()
	s, _, err := k.GetStringValue(value)
	if err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return "", ErrNoValue
		}
		return "", err
	}
	return s, nil
}
