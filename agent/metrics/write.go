package metrics

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"wpsdoctor/atomicfile"
)

// ErrNoCollector means the textfile collector's folder does not exist:
// node_exporter or windows_exporter is not installed (or reads another
// folder). The agent then writes no metrics; it never creates the
// exporter's folder itself.
var ErrNoCollector = errors.New("the textfile collector's folder does not exist")

// Write replaces the file at path with the snapshot, atomically (the
// collector reads the old file or the new one, never half of one), mode
// 0644 so the exporter's user can read it.
func Write(path string, s Snapshot) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%w: %s", ErrNoCollector, dir)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%w: %s is not a folder", ErrNoCollector, dir)
	}
	return atomicfile.Write(path, Render(s), 0o644, 0o755)
}
