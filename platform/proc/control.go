package proc

import (
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EditorNames are WPS programs that hold documents: closing them may lose
// unsaved work, so they are only ever asked to close like a user would.
var EditorNames = []string{"wps", "et", "wpp", "wpspdf", "wpsoffice", "wpsofd"}

// CloudNames are the background cloud/sync component's names; it holds no
// documents and may be terminated politely and restarted.
var CloudNames = []string{"wpscloudsvr", "wpscloudsrv", "wpscloudlaunch"}

// MacBundleIDs are the WPS application ids AppleScript may be asked to quit.
var MacBundleIDs = []string{"com.kingsoft.wpsoffice.mac", "com.kingsoft.wpsoffice.mac.global"}

// ErrStillRunning means a close request was not obeyed in time (WPS may be
// asking whether to save); we never escalate to a kill.
var ErrStillRunning = errors.New("WPS is still running (it may be asking whether to save documents)")

// CloseArgv returns the command that asks an editor to close the way the
// user would, so WPS itself prompts about unsaved documents: WM_CLOSE via
// taskkill without /F on Windows, an AppleScript quit on macOS. Linux has
// no such request that WPS is known to honour, so it returns nil and the
// caller asks the user to close WPS.
func CloseArgv(goos string, p Process, bundleID string) []string {
	switch goos {
	case "windows":
		return []string{"taskkill", "/PID", strconv.Itoa(p.PID)}
	case "darwin":
		if !slices.Contains(MacBundleIDs, bundleID) {
			return nil
		}
		// "if ... is running" keeps AppleScript from launching WPS to quit it.
		return []string{"osascript", "-e", `if application id "` + bundleID + `" is running then tell application id "` + bundleID + `" to quit`}
	}
	return nil
}

// CloseOKExit are the exit codes of CloseArgv/TerminateArgv that count as
// success: the process may have exited on its own since it was listed
// (taskkill 128 "not found", kill 1 "no such process").
func CloseOKExit(goos string) []int {
	if goos == "windows" {
		return []int{0, 128}
	}
	return []int{0, 1}
}

// TerminateArgv politely stops a background component (no documents).
func TerminateArgv(goos string, p Process) []string {
	if goos == "windows" {
		return []string{"taskkill", "/PID", strconv.Itoa(p.PID)}
	}
	return []string{"kill", "-TERM", strconv.Itoa(p.PID)}
}

// WaitGone polls list until none of pids runs, or ctx/timeout ends.
func WaitGone(ctx context.Context, list func(context.Context) ([]Process, error), pids []int, timeout, every time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		procs, err := list(ctx)
		if err != nil {
			return err
		}
		alive := false
		for _, p := range procs {
			if slices.Contains(pids, p.PID) {
				alive = true
				break
			}
		}
		if !alive {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			return ErrStillRunning
		case <-tick.C:
		}
	}
}

// DirReader lists a directory of native paths (wps.FS satisfies it).
type DirReader interface {
	ReadDir(name string) ([]fs.DirEntry, error)
}

// UnsavedHints returns files that suggest unsaved work while WPS runs:
// Office owner/lock files ("~$name", ".~lock.name#") in docDirs' top
// level, and autosave/backup files under backupDirs modified after since.
// It is a heuristic: an empty answer is no proof, so editors are still
// only ever closed gracefully. join builds native paths.
func UnsavedHints(fsys DirReader, join func(...string) string, docDirs, backupDirs []string, since time.Time) []string {
	var hints []string
	for _, d := range docDirs {
		entries, err := fsys.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if strings.HasPrefix(n, "~$") || strings.HasPrefix(n, ".~lock.") {
				hints = append(hints, join(d, n))
			}
		}
	}
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		entries, err := fsys.ReadDir(dir)
		if err != nil || depth > 6 {
			return
		}
		for _, e := range entries {
			if len(hints) >= 50 {
				return
			}
			p := join(dir, e.Name())
			switch {
			case e.Type()&fs.ModeSymlink != 0:
			case e.IsDir():
				walk(p, depth+1)
			default:
				if info, err := e.Info(); err == nil && info.ModTime().After(since) {
					hints = append(hints, p)
				}
			}
		}
	}
	for _, d := range backupDirs {
		walk(d, 0)
	}
	return hints
}

// StartDetached starts exe (the cloud component) detached from us, so it
// outlives the doctor and gets no console window.
func StartDetached(exe string, args ...string) error {
	cmd := exec.Command(exe, args...)
	cmd.SysProcAttr = detached()
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}
