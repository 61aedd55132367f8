package netinfo

import (
	"bufio"
	"strings"
)

// ParseTimedatectlNTP reads `timedatectl show --property=NTP --value`
// ("yes"/"no").
func ParseTimedatectlNTP(out string) TimeSync {
	switch strings.TrimSpace(out) {
	case "yes":
		return TimeSync{State: SyncOn, Source: "timedatectl"}
	case "no":
		return TimeSync{State: SyncOff, Source: "timedatectl"}
	}
	return TimeSync{State: SyncUnknown, Source: "timedatectl", Detail: strings.TrimSpace(out)}
}

// W32TimeType maps HKLM\SYSTEM\CurrentControlSet\Services\W32Time\
// Parameters\Type: NTP (manual peers), NT5DS (domain hierarchy) and
// AllSync sync; NoSync does not.
func W32TimeType(v string) TimeSync {
	t := TimeSync{Source: "w32time", Detail: v}
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "NTP", "NT5DS", "ALLSYNC":
		t.State = SyncOn
	case "NOSYNC":
		t.State = SyncOff
	default:
		t.State = SyncUnknown
	}
	return t
}

// NTPConfServers lists the server lines of an ntp.conf (macOS keeps the
// network-time server there; it says which server, not whether sync is on).
func NTPConfServers(text string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && (f[0] == "server" || f[0] == "pool") {
			out = append(out, f[1])
		}
	}
	return out
}
