package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"wpsdoctor/i18n"
	"wpsdoctor/settings"
)

// SettingsForm exposes the settings widgets (tests).
type SettingsForm struct {
	Interval      *widget.Select
	Notifications *widget.Check
	Language      *widget.Select
	Consent       *widget.RadioGroup
	Autostart     *widget.Check
	Status        *widget.Label
}

// Settings returns the current settings form.
func (w *Window) Settings() *SettingsForm { return w.form }

// buildSettings draws the settings page; each change is saved at once.
func (w *Window) buildSettings() {
	w.mu.Lock()
	s := w.settings
	w.mu.Unlock()
	f := &SettingsForm{Status: label("")}

	w.intervalAndNotifications(f, s)
	w.languageChoice(f, s)
	w.consentChoice(f, s)
	w.autostartSwitch(f)

	form := widget.NewForm(
		widget.NewFormItem(w.t("app.settings.interval"), f.Interval),
		widget.NewFormItem(w.t("app.settings.notifications"), f.Notifications),
		widget.NewFormItem(w.t("app.settings.language"), f.Language),
		widget.NewFormItem(w.t("app.settings.consent"), f.Consent),
		widget.NewFormItem(w.t("app.settings.autostart"), f.Autostart),
	)
	w.form = f
	w.prefs.Objects = []fyne.CanvasObject{form, f.Status}
	w.prefs.Refresh()
}

// intervalAndNotifications: how often the full check runs, and whether
// the tray notifies.
func (w *Window) intervalAndNotifications(f *SettingsForm, s settings.Settings) {
	minutes := func(m int) string { return w.t("app.settings.every", "minutes", m) }
	var opts []string
	for _, m := range settings.Intervals {
		opts = append(opts, minutes(m))
	}
	f.Interval = widget.NewSelect(opts, nil)
	f.Interval.SetSelected(minutes(s.IntervalMinutes))
	f.Interval.OnChanged = func(v string) {
		for _, m := range settings.Intervals {
			if minutes(m) == v {
				w.update(func(s *settings.Settings) { s.IntervalMinutes = m })
			}
		}
	}

	f.Notifications = widget.NewCheck(w.t("app.settings.notifications_on"), nil)
	f.Notifications.SetChecked(s.Notifications)
	f.Notifications.OnChanged = func(on bool) { w.update(func(s *settings.Settings) { s.Notifications = on }) }
}

// languageChoice: the system's language, Chinese or English; every page is
// redrawn when it changes.
func (w *Window) languageChoice(f *SettingsForm, s settings.Settings) {
	langs := []string{w.t("app.settings.lang_system"), "中文（简体）", "English"}
	codes := []string{"", i18n.Chinese, i18n.English}
	f.Language = widget.NewSelect(langs, nil)
	for i, c := range codes {
		if c == s.Lang {
			f.Language.SetSelected(langs[i])
		}
	}
	f.Language.OnChanged = func(v string) {
		for i, l := range langs {
			if l == v && codes[i] != w.currentLang() {
				code := codes[i]
				w.update(func(s *settings.Settings) { s.Lang = code })
				// every page is redrawn in the new language
				w.rebuild()
			}
		}
	}
}

// consentChoice: whether fixes may run without asking.
func (w *Window) consentChoice(f *SettingsForm, s settings.Settings) {
	consentText := map[settings.Consent]string{
		settings.ConsentAsk:   w.t("app.settings.consent_ask"),
		settings.ConsentAuto:  w.t("app.settings.consent_auto"),
		settings.ConsentNever: w.t("app.settings.consent_never"),
	}
	var copts []string
	for _, c := range settings.Consents {
		copts = append(copts, consentText[c])
	}
	f.Consent = widget.NewRadioGroup(copts, nil)
	f.Consent.SetSelected(consentText[s.Consent])
	f.Consent.OnChanged = func(v string) {
		for c, t := range consentText {
			if t == v {
				w.update(func(s *settings.Settings) { s.Consent = c })
			}
		}
	}
}

// autostartSwitch: start at login, as the OS reports it.
func (w *Window) autostartSwitch(f *SettingsForm) {
	f.Autostart = widget.NewCheck(w.t("app.settings.autostart_on"), nil)
	if w.deps.Autostart == nil {
		f.Autostart.Disable()
	} else {
		on, err := w.deps.Autostart.Enabled()
		f.Autostart.SetChecked(on)
		if err != nil {
			f.Status.SetText(w.t("app.error", "error", errLine(err)))
		}
		f.Autostart.OnChanged = func(on bool) {
			if err := w.deps.Autostart.SetEnabled(on); err != nil {
				f.Status.SetText(w.t("app.error", "error", errLine(err)))
				return
			}
			w.update(func(s *settings.Settings) { s.Autostart = on })
		}
	}
}

func (w *Window) currentLang() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.settings.Lang
}

// update changes the settings and saves them.
func (w *Window) update(change func(*settings.Settings)) {
	w.mu.Lock()
	change(&w.settings)
	w.settings = w.settings.Normalized()
	s := w.settings
	w.mu.Unlock()
	if w.deps.Store == nil {
		return
	}
	if err := w.deps.Store.SaveSettings(s); err != nil && w.form != nil {
		w.form.Status.SetText(w.t("app.error", "error", errLine(err)))
	} else if w.form != nil {
		w.form.Status.SetText(w.t("app.settings.saved"))
	}
}
