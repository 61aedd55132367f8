//go:build !windows && !darwin

package autostart

import (
	"errors"
	"os"
	"path/filepath"
)

// desktopPath is $XDG_CONFIG_HOME/autostart/<ID>.desktop.
func desktopPath(e Entry) (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", e.ID+".desktop"), nil
}

func get(e Entry) (State, error) {
	p, err := desktopPath(e)
	if err != nil {
		return State{}, err
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, err
	}
	return State{Registered: true, DisabledByUser: DesktopHidden(data)}, nil
}

func enable(e Entry) error {
	p, err := desktopPath(e)
	if err != nil {
		return err
	}
	data, err := DesktopFile(e)
	if err != nil {
		return err
	}
	return writeFile(p, data)
}

func disable(e Entry) error {
	p, err := desktopPath(e)
	if err != nil {
		return err
	}
	return removeFile(p)
}
