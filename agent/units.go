package agent

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The files that register the agent with each OS's service manager are
// rendered here, as pure functions tested against golden files, and handed
// to kardianos/service as its custom templates (SystemdScript,
// LaunchdConfig): they hold no template action, so its engine writes them
// as they are.

// Names of the service.
const (
	// ServiceName is the systemd unit and the Windows service name.
	ServiceName = "wpsdoctor-agent"
	// LaunchdLabel is the macOS LaunchDaemon's label (and plist name).
	LaunchdLabel = "io.github.wpssyncdoctor.agent"
	// DisplayName is what service managers show.
	DisplayName = "WPS Sync Doctor agent"
	// Description says what it does.
	Description = "Runs the WPS Sync Doctor fixes that need administrator rights for local users, as the organisation's policy allows, and watches WPS cloud sync health."
)

// RunArgs are the agent's arguments after its binary.
var RunArgs = []string{"service", "run"}

// NameFor is the service's name with goos's service manager.
func NameFor(goos string) string {
	if goos == "darwin" {
		return LaunchdLabel
	}
	return ServiceName
}

// checkExe refuses a binary path a unit file cannot carry safely (a
// Windows path keeps its backslashes).
func checkExe(exe string) error {
	bad := "\"\\$%;`'"
	if len(exe) > 2 && exe[1] == ':' {
		bad = "\"$%;`'"
	}
	if exe == "" || strings.Contains(exe, "{{") || strings.ContainsAny(exe, bad) ||
		strings.ContainsFunc(exe, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fmt.Errorf("the program path %q cannot be registered as a service (quotes, $, %%, ; or control characters)", exe)
	}
	return nil
}

// SystemdUnit is /etc/systemd/system/wpsdoctor-agent.service for exe. It
// restarts the agent when it fails, and gives it /run/wpsdoctor (the
// socket's directory) and /var/lib/wpsdoctor (its journal).
func SystemdUnit(exe string) (string, error) {
	if err := checkExe(exe); err != nil {
		return "", err
	}
	return `[Unit]
Description=` + DisplayName + `
Documentation=man:wpsdoctor(1)
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart="` + exe + `" ` + strings.Join(RunArgs, " ") + `
Restart=on-failure
RestartSec=5
RuntimeDirectory=wpsdoctor
RuntimeDirectoryMode=0755
StateDirectory=wpsdoctor
StateDirectoryMode=0755
NoNewPrivileges=yes
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
`, nil
}

// xmlEscape escapes text for a plist string.
var xmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace

// LaunchdPlist is /Library/LaunchDaemons/io.github.wpssyncdoctor.agent.plist
// for exe: started at boot (RunAtLoad), started again when it exits with
// a failure (KeepAlive SuccessfulExit=false), logging to /Library/Logs.
func LaunchdPlist(exe string) (string, error) {
	if err := checkExe(exe); err != nil {
		return "", err
	}
	var args strings.Builder
	for _, a := range append([]string{exe}, RunArgs...) {
		args.WriteString("\t\t<string>" + xmlEscape(a) + "</string>\n")
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + LaunchdLabel + `</string>
	<key>ProgramArguments</key>
	<array>
` + args.String() + `	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>KeepAlive</key>
	<dict>
		<key>SuccessfulExit</key>
		<false/>
	</dict>
	<key>ThrottleInterval</key>
	<integer>10</integer>
	<key>StandardErrorPath</key>
	<string>/Library/Logs/wpsdoctor-agent.log</string>
</dict>
</plist>
`, nil
}

// WindowsOptions are the kardianos options of the Windows service: started
// automatically (delayed, after the boot rush), restarted 5 s after a
// failure, the failure count reset after a day. kardianos sets recovery
// actions only when OnFailure is given (see platform-fixes.md 6.3).
func WindowsOptions() map[string]any {
	return map[string]any{
		"StartType":              "automatic",
		"DelayedAutoStart":       true,
		"OnFailure":              "restart",
		"OnFailureDelayDuration": "5s",
		"OnFailureResetPeriod":   86400,
	}
}

// WindowsConfig is the Windows service's registration as a file (JSON):
// what `service install` hands the service control manager.
func WindowsConfig(exe string) (string, error) {
	if err := checkExe(exe); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(map[string]any{
		"name":         ServiceName,
		"display_name": DisplayName,
		"description":  Description,
		"executable":   exe,
		"arguments":    RunArgs,
		"account":      "LocalSystem",
		"options":      WindowsOptions(),
	}, "", "  ")
	return string(b) + "\n", err
}
