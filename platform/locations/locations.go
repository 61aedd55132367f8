// Package locations is the one home of every per-user path the product
// reads or writes: the state directory (fix journal, quarantine, settings,
// the last report), the per-user endpoint catalogue and the directory of
// the single-instance lock and socket. Every other package asks here, so a
// path is decided once, and tests and portable installs move all of them
// with environment variables of one prefix, WSD_.
//
// The rules are pure functions of the OS name and the environment, so the
// Windows and macOS layouts are tested on Linux.
package locations

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// Overrides, each an absolute directory.
const (
	// EnvState moves the state directory (journal, quarantine, settings,
	// last report).
	EnvState = "WSD_STATE_DIR"
	// EnvConfig moves the directory that holds the per-user catalogue.
	EnvConfig = "WSD_CONFIG_DIR"
	// EnvInstance moves the single-instance lock and socket.
	EnvInstance = "WSD_INSTANCE_DIR"

	// legacyState is the state override of earlier releases, still honoured.
	legacyState = "WPSDOCTOR_STATE_DIR"
)

// name is the product's folder inside each per-user directory.
const name = "wpsdoctor"

// Files inside the directories.
const (
	journalFile    = "journal.jsonl"
	quarantineDir  = "quarantine"
	settingsFile   = "settings.json"
	reportFile     = "last-report.json"
	catalogueFile  = "endpoints.toml"
	instanceSubdir = name
)

// Locations are the product's per-user directories.
type Locations struct {
	// State holds the journal, the quarantine, settings and the last report.
	State string
	// Config holds the per-user catalogue override.
	Config string
	// Instance holds the single-instance lock and socket.
	Instance string
}

// Journal is the append-only fix journal.
func (l Locations) Journal() string { return filepath.Join(l.State, journalFile) }

// Quarantine is where fixes move files instead of deleting them.
func (l Locations) Quarantine() string { return filepath.Join(l.State, quarantineDir) }

// Settings is the tray's and window's settings file.
func (l Locations) Settings() string { return filepath.Join(l.State, settingsFile) }

// LastReport is the last report the tray or the window wrote.
func (l Locations) LastReport() string { return filepath.Join(l.State, reportFile) }

// Catalogue is the per-user endpoint catalogue override (it may not exist).
func (l Locations) Catalogue() string {
	if l.Config == "" {
		return ""
	}
	return filepath.Join(l.Config, catalogueFile)
}

// ErrNoHome means the per-user directories cannot be told: no home
// directory and no override.
var ErrNoHome = errors.New("no per-user directory: neither the home directory nor a WSD_STATE_DIR override is set")

// Current returns the locations of this process.
func Current() (Locations, error) { return For(runtime.GOOS, os.Getenv) }

// For returns the locations on goos with the environment getenv:
//
//	state:    $WSD_STATE_DIR, else $XDG_STATE_HOME/wpsdoctor (Unix), else <config>/wpsdoctor
//	config:   $WSD_CONFIG_DIR, else <config>/wpsdoctor
//	instance: $WSD_INSTANCE_DIR, else $XDG_RUNTIME_DIR/wpsdoctor (Linux, BSD), else <cache>/wpsdoctor
//
// where <config> and <cache> are the OS's per-user directories: %AppData% and
// %LocalAppData% on Windows, ~/Library/Application Support and
// ~/Library/Caches on macOS, $XDG_CONFIG_HOME (~/.config) and
// $XDG_CACHE_HOME (~/.cache) elsewhere. Relative values are ignored, as the
// XDG specification asks.
func For(goos string, getenv func(string) string) (Locations, error) {
	abs := func(k string) string {
		v := getenv(k)
		if isAbs(goos, v) {
			return v
		}
		return ""
	}
	var l Locations
	config := userConfigDir(goos, getenv)
	if config != "" {
		config = join(goos, config, name)
	}

	switch {
	case abs(EnvState) != "":
		l.State = abs(EnvState)
	case abs(legacyState) != "":
		l.State = abs(legacyState)
	case goos != "windows" && abs("XDG_STATE_HOME") != "":
		l.State = join(goos, abs("XDG_STATE_HOME"), name)
	default:
		l.State = config
	}

	l.Config = config
	if d := abs(EnvConfig); d != "" {
		l.Config = d
	}

	switch {
	case abs(EnvInstance) != "":
		l.Instance = abs(EnvInstance)
	case goos != "windows" && goos != "darwin" && abs("XDG_RUNTIME_DIR") != "":
		l.Instance = join(goos, abs("XDG_RUNTIME_DIR"), instanceSubdir)
	default:
		if c := userCacheDir(goos, getenv); c != "" {
			l.Instance = join(goos, c, instanceSubdir)
		}
	}
	if l.State == "" {
		return l, ErrNoHome
	}
	return l, nil
}

// userConfigDir is os.UserConfigDir for goos, from getenv.
func userConfigDir(goos string, getenv func(string) string) string {
	switch goos {
	case "windows":
		return absOrEmpty(goos, getenv("AppData"))
	case "darwin", "ios":
		if h := absOrEmpty(goos, getenv("HOME")); h != "" {
			return join(goos, h, "Library", "Application Support")
		}
		return ""
	default:
		if d := absOrEmpty(goos, getenv("XDG_CONFIG_HOME")); d != "" {
			return d
		}
		if h := absOrEmpty(goos, getenv("HOME")); h != "" {
			return join(goos, h, ".config")
		}
		return ""
	}
}

// userCacheDir is os.UserCacheDir for goos, from getenv.
func userCacheDir(goos string, getenv func(string) string) string {
	switch goos {
	case "windows":
		return absOrEmpty(goos, getenv("LocalAppData"))
	case "darwin", "ios":
		if h := absOrEmpty(goos, getenv("HOME")); h != "" {
			return join(goos, h, "Library", "Caches")
		}
		return ""
	default:
		if d := absOrEmpty(goos, getenv("XDG_CACHE_HOME")); d != "" {
			return d
		}
		if h := absOrEmpty(goos, getenv("HOME")); h != "" {
			return join(goos, h, ".cache")
		}
		return ""
	}
}

func absOrEmpty(goos, p string) string {
	if isAbs(goos, p) {
		return p
	}
	return ""
}

// isAbs is filepath.IsAbs for goos: a drive or UNC path on Windows.
func isAbs(goos, p string) bool {
	if p == "" {
		return false
	}
	if goos == "windows" {
		if strings.HasPrefix(p, `\\`) {
			return true
		}
		return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
	}
	return strings.HasPrefix(p, "/")
}

// join is filepath.Join for goos.
func join(goos string, parts ...string) string {
	if goos != "windows" {
		return path.Join(parts...)
	}
	out := strings.TrimRight(parts[0], `\/`)
	for _, p := range parts[1:] {
		out += `\` + strings.Trim(p, `\/`)
	}
	return out
}
