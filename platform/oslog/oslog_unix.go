//go:build unix && !linux

package oslog

// Open opens syslog with source as the tag (macOS's unified log receives
// syslog; `log show --predicate 'process == "wpsdoctor"'`).
func Open(source string) (Writer, error) { return openSyslog(source) }

// InstallSource has nothing to register outside Windows.
func InstallSource(string) error { return nil }

// RemoveSource has nothing to remove outside Windows.
func RemoveSource(string) error { return nil }
