// Package settings holds what the tray process and the window process
// share on disk: the user's settings and the last report, as JSON files in
// the user's state directory (Files). A notification over the instance
// socket tells the tray when the window saved a report (Announce); the
// future background agent can serve the same Store over local IPC without
// the tray or the window changing.
package settings

import (
	"fmt"
	"slices"
	"time"

	"wpsdoctor/i18n"
)

// Consent is the level of consent for automatic fixes, after Windows'
// "Recommended troubleshooting" levels.
type Consent string

const (
	ConsentAsk   Consent = "ask"         // ask before every fix (default)
	ConsentAuto  Consent = "auto_notify" // run fixes that need no admin, then notify
	ConsentNever Consent = "never"       // never offer automatic fixes
)

// Consents lists the levels in menu order.
var Consents = []Consent{ConsentAsk, ConsentAuto, ConsentNever}

// Intervals are the full-check intervals the settings offer, in minutes.
var Intervals = []int{15, 30, 60, 240}

// Settings are the user's choices for the tray and the window.
type Settings struct {
	// Lang is "zh-CN" or "en"; "" follows the system language.
	Lang string `json:"lang"`
	// IntervalMinutes is how often the full set of checks runs; light
	// probes run more often (LightEvery).
	IntervalMinutes int  `json:"interval_minutes"`
	Notifications   bool `json:"notifications"`
	// Consent applies to automatic fixes.
	Consent Consent `json:"consent"`
	// Autostart starts the tray at login.
	Autostart bool `json:"autostart"`
}

// LightEvery is how often the tray runs the light probes between full runs.
const LightEvery = 5 * time.Minute

// Default are used when no settings file exists.
func Default() Settings {
	return Settings{IntervalMinutes: 60, Notifications: true, Consent: ConsentAsk}
}

// Normalized replaces out-of-range values with defaults, so a hand-edited or
// older file can never put the monitor into a tight loop.
func (s Settings) Normalized() Settings {
	d := Default()
	if !slices.Contains(Intervals, s.IntervalMinutes) {
		s.IntervalMinutes = d.IntervalMinutes
	}
	if !slices.Contains(Consents, s.Consent) {
		s.Consent = d.Consent
	}
	if s.Lang != "" {
		if i18n.Supported(s.Lang) {
			s.Lang = i18n.Normalize(s.Lang)
		} else {
			s.Lang = ""
		}
	}
	return s
}

// Language is the language to show: the chosen one or the system's.
func (s Settings) Language() string {
	if s.Lang != "" {
		return i18n.Normalize(s.Lang)
	}
	return i18n.Detect()
}

// Interval is IntervalMinutes as a duration.
func (s Settings) Interval() time.Duration {
	return time.Duration(s.Normalized().IntervalMinutes) * time.Minute
}

func (s Settings) String() string {
	return fmt.Sprintf("lang=%q interval=%dm notifications=%v consent=%s autostart=%v",
		s.Lang, s.IntervalMinutes, s.Notifications, s.Consent, s.Autostart)
}
