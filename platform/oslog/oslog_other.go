//go:build !unix && !windows

package oslog

// Open has no log to open here.
func Open(string) (Writer, error) { return nil, ErrUnsupported }

// InstallSource has nothing to register here.
func InstallSource(string) error { return nil }

// RemoveSource has nothing to remove here.
func RemoveSource(string) error { return nil }
