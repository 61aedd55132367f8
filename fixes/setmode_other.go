//go:build !unix

package fixes

import (
	"errors"
	"io/fs"
)

// setMode: Windows files have no execute bit (the planner refuses there).
func setMode(Action) (string, error) {
	return "", errors.New("file modes are not set on this system")
}

func ownedByOther(fs.FileInfo) bool { return false }
