//go:build !windows

package agent

import (
	"errors"
	"io/fs"
	"os"

	"github.com/kardianos/service"
)

// osControl answers "not installed" when the service manager's file is
// absent: the SysV backend otherwise reports a bare "exit status 1"
// (containers, systems without systemd). Other states come from
// kardianos (systemctl, launchctl); a LaunchDaemon a user cannot see is
// told by the ping before this is asked.
type osControl struct{ service.Service }

func wrapControl(s service.Service, _ func() (service.Service, error)) Control { return osControl{s} }

// registrationFile is where each service manager keeps the agent, "" when
// not known.
func registrationFile(platform string) string {
	switch platform {
	case "linux-systemd":
		return "/etc/systemd/system/" + ServiceName + ".service"
	case "unix-systemv", "linux-openrc", "linux-rcs":
		return "/etc/init.d/" + ServiceName
	case "linux-upstart":
		return "/etc/init/" + ServiceName + ".conf"
	case "darwin-launchd":
		return "/Library/LaunchDaemons/" + LaunchdLabel + ".plist"
	}
	return ""
}

func (c osControl) Status() (service.Status, error) {
	if f := registrationFile(c.Platform()); f != "" {
		if _, err := os.Stat(f); errors.Is(err, fs.ErrNotExist) {
			return service.StatusUnknown, service.ErrNotInstalled
		}
	}
	return c.Service.Status()
}
