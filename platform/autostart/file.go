package autostart

import (
	"errors"
	"os"

	"wpsdoctor/atomicfile"
)

// writeFile replaces path atomically (temp file + rename).
func writeFile(path string, data []byte) error {
	return atomicfile.Write(path, data, 0o644, 0o755)
}

func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
