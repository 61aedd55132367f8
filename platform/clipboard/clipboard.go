// Package clipboard puts text on the desktop's clipboard through the
// system's own program (Set-Clipboard, pbcopy, wl-copy, xclip, xsel), run
// by platform/command: the text goes through stdin, never argv or a
// script, so it cannot be interpreted.
package clipboard

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"wpsdoctor/platform/command"
)

// clipboardCommands lists the programs that put stdin on the clipboard, in
// order of preference. The text always goes through stdin, never argv or a
// script, so it cannot be interpreted.
func clipboardCommands(goos string, getenv func(string) string) [][]string {
	switch goos {
	case "windows":
		// Set-Clipboard keeps Unicode (clip.exe would mangle Chinese).
		return [][]string{{"powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
			"[Console]::InputEncoding=[Text.Encoding]::UTF8; Set-Clipboard -Value ([Console]::In.ReadToEnd())"}}
	case "darwin":
		return [][]string{{"pbcopy"}}
	}
	var out [][]string
	if getenv("WAYLAND_DISPLAY") != "" {
		out = append(out, []string{"wl-copy"})
	}
	return append(out, []string{"xclip", "-selection", "clipboard", "-in"}, []string{"xsel", "--clipboard", "--input"})
}

// errNoClipboard says no clipboard program was found.
var errNoClipboard = errors.New("no clipboard program found (install wl-clipboard, xclip or xsel)")

// Copy puts text on this computer's clipboard.
func Copy(text string) error { return copyText(runtime.GOOS, os.Getenv, text) }

// copyText runs the first available clipboard command with text on stdin.
func copyText(goos string, getenv func(string) string, text string) error {
	var errs []string
	for _, argv := range clipboardCommands(goos, getenv) {
		r, err := command.Run(context.Background(), command.Cmd{Argv: argv, Stdin: text, Timeout: 10 * time.Second})
		if errors.Is(err, command.ErrNotFound) {
			continue
		}
		if err == nil && r.ExitCode == 0 {
			return nil
		}
		if err == nil {
			err = &command.ExitError{Argv: argv, Code: r.ExitCode, Stderr: r.Stderr}
		}
		errs = append(errs, fmt.Sprintf("%s: %v", argv[0], err))
	}
	if len(errs) == 0 {
		return errNoClipboard
	}
	return errors.New(strings.Join(errs, "; "))
}
