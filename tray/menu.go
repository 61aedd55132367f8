package tray

import (
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/tray/link"
)

// View is everything the tray shows, computed from the state without
// touching systray, so labels and visibility are unit-tested.
type View struct {
	Icon    link.State
	Tooltip string
	Status  string
	// FixID is the top suggested fix ("" hides the item); Fix its label.
	FixID, Fix string
	CheckNow   string
	Open, Copy string
	PauseHour  string
	PauseEver  string
	Resume     string
	Paused     bool
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

// MakeView computes the tray's texts for lang. r is nil before any report.
func MakeView(lang string, st link.State, r *health.Report, p Pause, now time.Time) View {
	v := View{
		Icon:      st,
		CheckNow:  i18n.T(lang, "tray.menu.check_now", nil),
		Open:      i18n.T(lang, "tray.menu.open", nil),
		Copy:      i18n.T(lang, "tray.menu.copy", nil),
		PauseHour: i18n.T(lang, "tray.menu.pause_hour", nil),
		PauseEver: i18n.T(lang, "tray.menu.pause_restart", nil),
		Resume:    i18n.T(lang, "tray.menu.resume", nil),
		Quit:      i18n.T(lang, "tray.menu.quit", nil),
		Paused:    p.active(now),
	}
	if r == nil && st != link.Checking {
		st = link.Offline
		v.Icon = st
	}
	v.Status = link.StatusLine(lang, st, r)
	v.Tooltip = i18n.T(lang, "app.title", nil) + "\n" + v.Status
	if v.Paused {
		if p.Ever {
			v.Status = i18n.T(lang, "tray.paused_restart", map[string]any{"status": v.Status})
		} else {
			v.Status = i18n.T(lang, "tray.paused_until", map[string]any{"status": v.Status, "time": p.Until.Local().Format("15:04")})
		}
	}
	if r != nil && st != link.Healthy {
		if top, ok := health.Top(r.Findings); ok && len(top.Fixes) > 0 {
			v.FixID = top.Fixes[0]
			v.Fix = i18n.T(lang, "tray.menu.fix", map[string]any{"fix": i18n.T(lang, "fix."+v.FixID+".title", nil)})
		}
	}
	if i18n.Normalize(lang) == i18n.Chinese {
		v.OtherLang, v.Lang = i18n.English, "Switch to English"
	} else {
		v.OtherLang, v.Lang = i18n.Chinese, "切换到中文"
	}
	return v
}
