package tray

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
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

// copyText runs the first available clipboard command with text on stdin.
func copyText(goos string, getenv func(string) string, text string) error {
	var errs []string
	for _, argv := range clipboardCommands(goos, getenv) {
		path, err := exec.LookPath(argv[0])
		if err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		cmd := exec.CommandContext(ctx, path, argv[1:]...)
		cmd.Stdin = strings.NewReader(text)
		err = cmd.Run()
		cancel()
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Sprintf("%s: %v", argv[0], err))
	}
	if len(errs) == 0 {
		return errNoClipboard
	}
	return errors.New(strings.Join(errs, "; "))
}
