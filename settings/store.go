package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
	"wpsdoctor/atomicfile"

	"wpsdoctor/health"
)

// ErrNoReport means no diagnosis has been saved yet.
var ErrNoReport = errors.New("no report yet")

// Store is the exchange between the tray and the window. Files implements
// it over the state directory; an IPC client to the agent can replace it.
type Store interface {
	LoadSettings() (Settings, error)
	SaveSettings(Settings) error
	// LastReport returns the newest saved report and when it was saved,
	// or ErrNoReport.
	LastReport() (health.Report, time.Time, error)
	SaveReport(health.Report) error
}

// Files stores settings and the last report as JSON files in Dir.
type Files struct{ Dir string }

const (
	settingsFile = "settings.json"
	reportFile   = "last-report.json"
)

// LoadSettings returns the saved settings, or the defaults when none are
// saved. A malformed file yields the defaults and an error naming the file,
// so the caller can tell the user and carry on.
func (f *Files) LoadSettings() (Settings, error) {
	data, err := os.ReadFile(filepath.Join(f.Dir, settingsFile))
	if errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return Default(), fmt.Errorf("settings: %w", err)
	}
	s := Default()
	if err := json.Unmarshal(data, &s); err != nil {
		return Default(), fmt.Errorf("settings %s: %w (using defaults)", filepath.Join(f.Dir, settingsFile), err)
	}
	return s.Normalized(), nil
}

// SaveSettings writes the settings atomically.
func (f *Files) SaveSettings(s Settings) error {
	return f.write(settingsFile, s.Normalized())
}

// LastReport reads the last saved report.
func (f *Files) LastReport() (health.Report, time.Time, error) {
	p := filepath.Join(f.Dir, reportFile)
	fi, err := os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		return health.Report{}, time.Time{}, ErrNoReport
	}
	if err != nil {
		return health.Report{}, time.Time{}, fmt.Errorf("last report: %w", err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return health.Report{}, time.Time{}, fmt.Errorf("last report: %w", err)
	}
	var r health.Report
	if err := json.Unmarshal(data, &r); err != nil {
		return health.Report{}, time.Time{}, fmt.Errorf("last report %s: %w", p, err)
	}
	if r.SchemaVersion != health.SchemaVersion {
		return health.Report{}, time.Time{}, fmt.Errorf("last report %s: schema %d, want %d", p, r.SchemaVersion, health.SchemaVersion)
	}
	return r, fi.ModTime(), nil
}

// SaveReport writes the report atomically, so a reader never sees half of it.
func (f *Files) SaveReport(r health.Report) error { return f.write(reportFile, r) }

func (f *Files) write(name string, v any) error {
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return fmt.Errorf("state directory: %w", err)
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(f.Dir, name), append(data, '\n'), 0o600, 0o700); err != nil {
		return fmt.Errorf("state directory: %w", err)
	}
	return nil
}

// Announced is a Store whose SaveReport also tells someone that a report
// was saved: the window tells the running tray over the instance socket,
// so the tray shows the report at once instead of polling the file.
type Announced struct {
	Store
	// Tell is called after each report is saved; nil tells no one. It
	// should return quickly (the tray may not be running at all).
	Tell func()
}

// SaveReport saves r, then tells.
func (a Announced) SaveReport(r health.Report) error {
	if err := a.Store.SaveReport(r); err != nil {
		return err
	}
	if a.Tell != nil {
		a.Tell()
	}
	return nil
}
