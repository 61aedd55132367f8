// Package reveal shows a file in the desktop's file manager ("Show in
// folder"): Explorer with the file selected on Windows, the Finder with it
// selected on macOS, the folder that holds it on Linux (xdg-open has no
// way to select a file). The argv is decided by a pure function, tested
// for every OS; Show runs it through platform/command, never a shell.
package reveal

import (
	"context"
	"errors"
	"fmt"
	"path"
	"runtime"
	"strings"
	"time"

	"wpsdoctor/platform/command"
)

// ErrNotAbsolute refuses a relative path: the file manager would resolve
// it against its own working folder, and a name starting with "-" could
// read as an option.
var ErrNotAbsolute = errors.New("not an absolute path")

// Argv returns the program and arguments that show p in goos's file
// manager.
func Argv(goos, p string) ([]string, error) {
	if !absolute(goos, p) {
		return nil, fmt.Errorf("show %q in its folder: %w", p, ErrNotAbsolute)
	}
	switch goos {
	case "windows":
		// One argument: Explorer reads "/select," and the path together.
		return []string{"explorer", "/select," + p}, nil
	case "darwin":
		return []string{"open", "-R", p}, nil
	}
	return []string{"xdg-open", path.Dir(path.Clean(p))}, nil
}

// Succeeded says whether an exit code of the file manager means it
// showed the file: Explorer answers 1 even when it opened the window.
func Succeeded(goos string, code int) bool {
	return code == 0 || (goos == "windows" && code == 1)
}

func absolute(goos, p string) bool {
	if strings.ContainsRune(p, 0) || strings.ContainsAny(p, "\r\n") {
		return false
	}
	if goos != "windows" {
		return strings.HasPrefix(p, "/")
	}
	if strings.HasPrefix(p, `\\`) { // UNC: \\server\share\…
		return len(p) > 2
	}
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') &&
		(p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z')
}

// Show shows p in this computer's file manager.
func Show(p string) error { return show(context.Background(), runtime.GOOS, p) }

func show(ctx context.Context, goos, p string) error {
	argv, err := Argv(goos, p)
	if err != nil {
		return err
	}
	r, err := command.Run(ctx, command.Cmd{Argv: argv, Timeout: 10 * time.Second})
	if err != nil {
		return fmt.Errorf("%s: %w", argv[0], err)
	}
	if !Succeeded(goos, r.ExitCode) {
		return &command.ExitError{Argv: argv, Code: r.ExitCode, Stderr: r.Stderr}
	}
	return nil
}
