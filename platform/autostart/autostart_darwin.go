package autostart

import (
	"errors"
	"os"
	"path/filepath"
)

// plistPath is ~/Library/LaunchAgents/<ID>.plist. The agent loads at the
// next login; we do not `launchctl bootstrap` it now, because the tray is
// already running.
func plistPath(e Entry) (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, "Library", "LaunchAgents", e.ID+".plist"), nil
}

func get(e Entry) (State, error) {
	p, err := plistPath(e)
	if err != nil {
		return State{}, err
	}
	if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
		return State{}, nil
	} else if err != nil {
		return State{}, err
	}
	return State{Registered: true}, nil
}

func enable(e Entry) error {
	p, err := plistPath(e)
	if err != nil {
		return err
	}
	data, err := LaunchAgentPlist(e)
	if err != nil {
		return err
	}
	return writeFile(p, data)
}

func disable(e Entry) error {
	p, err := plistPath(e)
	if err != nil {
		return err
	}
	return removeFile(p)
}
