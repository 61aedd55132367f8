package netinfo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

func networkTime(ctx context.Context) (TimeSync, error) {
	if b, err := run(ctx, "timedatectl", "show", "--property=NTP", "--value"); err == nil {
		if t := ParseTimedatectlNTP(string(b)); t.State != SyncUnknown {
			return t, nil
		}
	}
	// No systemd: timesyncd's flag file, or a running NTP daemon's config.
	if _, err := os.Stat("/run/systemd/timesync/synchronized"); err == nil {
		return TimeSync{State: SyncOn, Source: "/run/systemd/timesync/synchronized"}, nil
	}
	return TimeSync{State: SyncUnknown, Source: "timedatectl"}, nil
}

func osProxies(ctx context.Context) ([]Proxy, error) {
	var out []Proxy
	if b, err := run(ctx, "gsettings", "list-recursively", "org.gnome.system.proxy"); err == nil {
		if p, err := ParseGSettings(string(b)); err == nil {
			out = append(out, p)
		}
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, ".config")
		}
	}
	if dir != "" {
		if b, err := os.ReadFile(filepath.Join(dir, "kioslaverc")); err == nil && strings.Contains(string(b), "[Proxy Settings]") {
			out = append(out, ParseKioslaverc(string(b)))
		}
	}
	return out, nil
}
