package autostart

import (
	"errors"

	"golang.org/x/sys/windows/registry"
)

func get(e Entry) (State, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, RunKey, registry.QUERY_VALUE)
	if err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return State{}, nil
		}
		return State{}, err
	}
	defer k.Close()
	if _, _, err := k.GetStringValue(e.ID); err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return State{}, nil
		}
		return State{}, err
	}
	st := State{Registered: true}
	if a, err := registry.OpenKey(registry.CURRENT_USER, ApprovedKey, registry.QUERY_VALUE); err == nil {
		defer a.Close()
		if v, _, err := a.GetBinaryValue(e.ID); err == nil {
			st.DisabledByUser = ApprovedDisabled(v)
		}
	}
	return st, nil
}

func enable(e Entry) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, RunKey, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	return k.SetStringValue(e.ID, WindowsCommand(e.Exec))
}

func disable(e Entry) error {
	k, err := registry.OpenKey(registry.CURRENT_USER, RunKey, registry.SET_VALUE)
	if err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return nil
		}
		return err
	}
	defer k.Close()
	if err := k.DeleteValue(e.ID); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return err
	}
	return nil
}
