//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"errors"

	"github.com/godbus/dbus/v5"
)

// trayHost checks what a StatusNotifierItem tray needs on Linux: a session
// bus (without one, fyne.io/systray crashes on quit: fyne#6403) and a
// StatusNotifierWatcher (the panel; GNOME needs the AppIndicator
// extension). bus=false means the tray must not start at all; watcher=false
// means it may start and will register when a watcher appears.
func trayHost() (bus, watcher bool, err error) {
	conn, err := dbus.SessionBus() // the shared connection systray uses too
	if err != nil {
		return false, false, err
	}
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has); err != nil {
		return true, false, err
	}
	if !has {
		return true, false, errors.New("no StatusNotifierWatcher on the session bus")
	}
	return true, true, nil
}
