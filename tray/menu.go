package tray

import (
	"time"

	"wpsdoctor/i18n"
	"wpsdoctor/verdict"
)

// View is everything the tray shows, computed from the verdict without
// touching systray, so labels and visibility are unit-tested.
type View struct {
	Icon    verdict.State
	Tooltip string
	Status  string
	// FixID is the top suggested fix ("" hides the item); Fix its label.
	FixID, Fix string
	CheckNow   string
	Open, Copy string
	// Guide opens the window on the "What is wrong?" symptom guide.
	Guide string
	// Bundle opens the window on the support bundle page.
	Bundle    string
	PauseHour string
	PauseEver string
	Resume    string
	Paused    bool
	// Lang is the label of the language switch: it names the other language.
	Lang, OtherLang string
	Quit            string
}

// Pause describes the monitor's pause as the tray knows it.
type Pause struct {
	Until time.Time // zero: not paused for a time
	Ever  bool      // until restart
}

func (p Pause) active(now time.Time) bool { return p.Ever || now.Before(p.Until) }

// MakeView computes the tray's texts from the verdict it shows (rendered
// in v.Lang; Checking() while a full run is in progress).
func MakeView(v verdict.Verdict, p Pause, now time.Time) View {
	lang := v.Lang
	out := View{
		Icon:      v.State,
		Status:    v.Line,
		Tooltip:   i18n.T(lang, "app.title", nil) + "\n" + v.Line,
		CheckNow:  i18n.T(lang, "tray.menu.check_now", nil),
		Open:      i18n.T(lang, "tray.menu.open", nil),
		Copy:      i18n.T(lang, "tray.menu.copy", nil),
		Bundle:    i18n.T(lang, "tray.menu.bundle", nil),
		Guide:     i18n.T(lang, "tray.menu.guide", nil),
		PauseHour: i18n.T(lang, "tray.menu.pause_hour", nil),
		PauseEver: i18n.T(lang, "tray.menu.pause_restart", nil),
		Resume:    i18n.T(lang, "tray.menu.resume", nil),
		Quit:      i18n.T(lang, "tray.menu.quit", nil),
		Paused:    p.active(now),
	}
	if out.Paused {
		if p.Ever {
			out.Status = i18n.T(lang, "tray.paused_restart", map[string]any{"status": out.Status})
		} else {
			out.Status = i18n.T(lang, "tray.paused_until", map[string]any{"status": out.Status, "time": p.Until.Local().Format("15:04")})
		}
	}
	if v.Fix != "" {
		out.FixID = v.Fix
		out.Fix = i18n.T(lang, "tray.menu.fix", map[string]any{"fix": i18n.T(lang, i18n.FixTitleKey(v.Fix), nil)})
	}
	if i18n.Normalize(lang) == i18n.Chinese {
		out.OtherLang, out.Lang = i18n.English, "Switch to English"
	} else {
		out.OtherLang, out.Lang = i18n.Chinese, "切换到中文"
	}
	return out
}
