//go:build !(linux || freebsd || openbsd || netbsd)

package tray

// trayHost: Windows and macOS always have a notification area / menu bar.
func trayHost() (bus, watcher bool, err error) { return true, true, nil }
