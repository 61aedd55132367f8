package timesync

import (
	"context"
	"wpsdoctor/platform/command"
)

func read(ctx context.Context) (State, error) {
	st := State{OS: "linux"}
	if out, ok := output(ctx, "timedatectl", "show", "-p", "NTP", "-p", "NTPSynchronized"); ok {
		st.NetworkTime, st.Synced, st.Known = ParseTimedatectl(out)
	}
	if _, err := command.Path("chronyc"); err == nil {
		st.Daemon = "chrony"
	} else if _, ok := output(ctx, "systemctl", "cat", "systemd-timesyncd"); ok {
		st.Daemon = "timesyncd"
	}
	return st, nil
}
