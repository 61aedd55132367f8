// Package timesync knows how each OS turns network time on and resyncs the
// clock: argv builders and parsers are pure and tested everywhere;
// read_<os>.go only asks the system.
package timesync

import (
	"bufio"
	"bytes"
	"strings"
)

// State is the time-sync configuration.
type State struct {
	OS string `json:"os"`
	// NetworkTime: automatic time is on. Known is false when it could not
	// be read: the fix then turns it on all the same (Windows: registers
	// W32Time when its key is missing, else writes Type=NTP, undone by
	// unregistering or deleting the value; elsewhere: the enable command,
	// with no undo step, since the prior state is unknown).
	NetworkTime bool `json:"network_time"`
	Known       bool `json:"known"`
	// WinUnregistered: W32Time's Parameters key does not exist (the service
	// is not registered, as on a stripped image or under Wine).
	WinUnregistered bool `json:"win_unregistered,omitempty"`
	Synced          bool `json:"synced,omitempty"`
	// Daemon is the Linux NTP client ("chrony", "timesyncd", "").
	Daemon string `json:"daemon,omitempty"`
	// WinType is W32Time's Parameters\Type (NTP, NT5DS, NoSync, AllSync).
	WinType string `json:"win_type,omitempty"`
}

// W32TimeKey is the registry key holding W32Time's source type.
const W32TimeKey = `SYSTEM\CurrentControlSet\Services\W32Time\Parameters`

// RegisterArgv registers the Windows Time service with its defaults
// (Type NTP outside a domain, NT5DS in one); UnregisterArgv is its undo.
func RegisterArgv() []string   { return []string{"w32tm", "/register"} }
func UnregisterArgv() []string { return []string{"w32tm", "/unregister"} }

// DomainManaged reports whether time comes from the domain hierarchy, which
// a fix must never change.
func (s State) DomainManaged() bool {
	return s.OS == "windows" && strings.EqualFold(s.WinType, "NT5DS")
}

// ParseTimedatectl parses `timedatectl show -p NTP -p NTPSynchronized`.
func ParseTimedatectl(out []byte) (ntp, synced, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, found := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !found {
			continue
		}
		switch k {
		case "NTP":
			ntp, ok = v == "yes", true
		case "NTPSynchronized":
			synced = v == "yes"
		}
	}
	return ntp, synced, ok
}

// ParseMacNetworkTime parses `systemsetup -getusingnetworktime`
// ("Network Time: On").
func ParseMacNetworkTime(out []byte) (on, ok bool) {
	s := strings.ToLower(strings.TrimSpace(string(out)))
	_, v, found := strings.Cut(s, ":")
	if !found {
		return false, false
	}
	v = strings.TrimSpace(v)
	return v == "on", v == "on" || v == "off"
}

// EnableArgv turns network time on; DisableArgv is its undo. Windows is a
// registry change (see W32TimeKey) and has no argv.
func EnableArgv(goos string) []string {
	switch goos {
	case "darwin":
		return []string{"systemsetup", "-setusingnetworktime", "on"}
	case "linux":
		return []string{"timedatectl", "set-ntp", "true"}
	}
	return nil
}

// DisableArgv turns network time off again.
func DisableArgv(goos string) []string {
	switch goos {
	case "darwin":
		return []string{"systemsetup", "-setusingnetworktime", "off"}
	case "linux":
		return []string{"timedatectl", "set-ntp", "false"}
	}
	return nil
}

// ResyncArgv returns the commands that make the clock resync now, with the
// exit codes that count as success for each.
func ResyncArgv(s State, server string) (argv [][]string, okExit [][]int) {
	switch s.OS {
	case "windows":
		// "net start" exits 2 when the service already runs.
		return [][]string{
			{"net", "start", "w32time"},
			{"w32tm", "/config", "/update"},
			{"w32tm", "/resync", "/force"},
		}, [][]int{{0, 2}, {0}, {0}}
	case "darwin":
		if server == "" {
			server = "time.apple.com"
		}
		return [][]string{{"sntp", "-sS", server}}, [][]int{{0}}
	case "linux":
		switch s.Daemon {
		case "chrony":
			return [][]string{{"chronyc", "makestep"}}, [][]int{{0}}
		case "timesyncd":
			return [][]string{{"systemctl", "restart", "systemd-timesyncd"}}, [][]int{{0}}
		}
	}
	return nil, nil
}
