// Package autostart starts the tray at login in the user's graphical
// session: Windows HKCU Run (honouring the user's StartupApproved switch),
// a macOS LaunchAgent (RunAtLoad, KeepAlive=false), a Linux XDG autostart
// .desktop file. Services (kardianos) are the wrong tool for a GUI: they run
// outside the session. The knowledge (file contents, registry values) is in
// pure functions tested on every OS; the per-OS files only read and write.
// Nothing here needs administrator rights.
package autostart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
)

// Entry describes what starts at login.
type Entry struct {
	// ID names the entry: the Run value name, the LaunchAgent label and
	// the .desktop file name ("io.github.wpssyncdoctor").
	ID string
	// Name is shown to the user (Linux Name=, Windows value is ID).
	Name    string
	Comment string
	// Exec is the program and its arguments, e.g. {exe, "--tray"}.
	Exec []string
}

// State is the autostart state as the OS sees it.
type State struct {
	Registered bool // our entry exists
	// DisabledByUser: Windows StartupApproved (Task Manager / Settings) or
	// Hidden=true in the .desktop file says the user turned it off. We show
	// that rather than silently re-enabling.
	DisabledByUser bool
}

// Enabled reports whether the entry will start at the next login.
func (s State) Enabled() bool { return s.Registered && !s.DisabledByUser }

func (e Entry) validate() error {
	if e.ID == "" || strings.ContainsAny(e.ID, `/\:*?"<>| `) {
		return fmt.Errorf("autostart: bad entry id %q", e.ID)
	}
	if len(e.Exec) == 0 || e.Exec[0] == "" {
		return errors.New("autostart: no program to start")
	}
	return nil
}

// WindowsCommand is the Run value: each argument quoted the way
// CommandLineToArgvW reads it back.
func WindowsCommand(argv []string) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		parts[i] = windowsQuote(a)
	}
	return strings.Join(parts, " ")
}

// windowsQuote follows the MSVCRT rules: backslashes are literal except
// before a quote, where they are doubled.
func windowsQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*slashes+1))
			slashes = 0
			b.WriteRune(r)
			continue
		default:
			slashes = 0
		}
		b.WriteRune(r)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

// Windows registry locations (under HKEY_CURRENT_USER).
const (
	RunKey      = `Software\Microsoft\Windows\CurrentVersion\Run`
	ApprovedKey = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`
)

// ApprovedDisabled reads a StartupApproved\Run value: the first byte 0x02
// (or 0x06) means enabled; other values (0x03, 0x07...) mean the user
// disabled the entry in Task Manager or Settings. A missing or empty value
// means enabled.
func ApprovedDisabled(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	return v[0]&1 == 1
}

// LaunchAgentPlist is the macOS ~/Library/LaunchAgents/<ID>.plist: start
// once at login in the Aqua session, never restart (KeepAlive=false: a
// user who quits the tray means it).
func LaunchAgentPlist(e Entry) ([]byte, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	b.WriteString("<plist version=\"1.0\">\n<dict>\n")
	kv := func(k, v string) {
		b.WriteString("\t<key>" + k + "</key>\n\t<string>")
		xml.EscapeText(&b, []byte(v))
		b.WriteString("</string>\n")
	}
	kv("Label", e.ID)
	b.WriteString("\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, a := range e.Exec {
		b.WriteString("\t\t<string>")
		xml.EscapeText(&b, []byte(a))
		b.WriteString("</string>\n")
	}
	b.WriteString("\t</array>\n")
	b.WriteString("\t<key>RunAtLoad</key>\n\t<true/>\n")
	b.WriteString("\t<key>KeepAlive</key>\n\t<false/>\n")
	kv("LimitLoadToSessionType", "Aqua")
	kv("ProcessType", "Interactive")
	b.WriteString("</dict>\n</plist>\n")
	return b.Bytes(), nil
}

// DesktopFile is the Linux $XDG_CONFIG_HOME/autostart/<ID>.desktop.
func DesktopFile(e Entry) ([]byte, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	for _, s := range []string{e.Name, e.Comment} {
		if strings.ContainsAny(s, "\r\n") {
			return nil, errors.New("autostart: line break in name or comment")
		}
	}
	var b strings.Builder
	b.WriteString("[Desktop Entry]\nType=Application\n")
	fmt.Fprintf(&b, "Name=%s\n", e.Name)
	if e.Comment != "" {
		fmt.Fprintf(&b, "Comment=%s\n", e.Comment)
	}
	fmt.Fprintf(&b, "Exec=%s\n", DesktopExec(e.Exec))
	b.WriteString("Terminal=false\nX-GNOME-Autostart-enabled=true\nX-MATE-Autostart-enabled=true\n")
	return []byte(b.String()), nil
}

// DesktopExec quotes argv for an Exec= key (Desktop Entry spec: arguments
// with reserved characters in double quotes, with ", `, $ and \ escaped by a
// backslash; a literal % doubled; the key's own string escaping doubles
// backslashes again).
func DesktopExec(argv []string) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		a = strings.ReplaceAll(a, "%", "%%")
		if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`=") {
			parts[i] = a
			continue
		}
		var q strings.Builder
		q.WriteByte('"')
		for _, r := range a {
			switch r {
			case '"', '`', '$':
				q.WriteString(`\`)
			case '\\':
				q.WriteString(`\\\`) // quoting rule, then string-value escaping
			}
			q.WriteRune(r)
		}
		q.WriteByte('"')
		parts[i] = q.String()
	}
	return strings.Join(parts, " ")
}

// DesktopHidden reports whether a .desktop file says Hidden=true (the user
// or another tool disabled it; the spec says it must then be ignored) or
// X-GNOME-Autostart-enabled=false.
func DesktopHidden(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.ToLower(strings.TrimSpace(v))
		if (k == "Hidden" && v == "true") || (k == "X-GNOME-Autostart-enabled" && v == "false") {
			return true
		}
	}
	return false
}

// Get returns the entry's state on this computer.
func Get(e Entry) (State, error) {
	if err := e.validate(); err != nil {
		return State{}, err
	}
	return get(e)
}

// Enable registers the entry. On Windows a user's "disabled" switch in
// StartupApproved is left alone: Get reports it, and the UI says so.
func Enable(e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	return enable(e)
}

// Disable removes our entry (only ours).
func Disable(e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	return disable(e)
}
