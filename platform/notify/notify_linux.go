//go:build linux || freebsd || openbsd || netbsd

package notify

import (
	"context"

	"github.com/godbus/dbus/v5"
)

// send calls org.freedesktop.Notifications.Notify on the session bus.
func send(ctx context.Context, n Note) error {
	conn, err := dbus.SessionBus()
	if err != nil {
		return err
	}
	a := dbusArgs(n)
	obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	return obj.CallWithContext(ctx, "org.freedesktop.Notifications.Notify", 0, a...).Err
}

// dbusArgs are Notify's arguments: app_name, replaces_id, app_icon,
// summary, body, actions, hints, expire_timeout (-1 = server default).
func dbusArgs(n Note) []any {
	return []any{n.App, uint32(0), n.Icon, n.Title, n.Body, []string{}, map[string]dbus.Variant{}, int32(-1)}
}
