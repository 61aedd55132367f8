package i18n_test

import (
	"testing"

	"wpsdoctor/fixes"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// TestKeyFamiliesComplete: the keys the typed helpers build exist in both
// languages for every value of their family (the scan of literal keys in
// i18n_test.go cannot see them).
func TestKeyFamiliesComplete(t *testing.T) {
	var keys []string
	for _, a := range health.Areas {
		keys = append(keys, i18n.AreaKey(string(a)))
	}
	for _, s := range []health.Status{health.StatusOK, health.StatusInfo, health.StatusSkipped, health.StatusWarn, health.StatusError, health.StatusFail} {
		keys = append(keys, i18n.StatusKey(string(s)))
	}
	for _, s := range []health.Status{health.StatusOK, health.StatusWarn, health.StatusFail} {
		keys = append(keys, i18n.OverallKey(string(s)))
	}
	for _, o := range []fixes.Outcome{fixes.OutcomeFixed, fixes.OutcomeNotFixed, fixes.OutcomePartly, fixes.OutcomeApplied,
		fixes.OutcomeFailed, fixes.OutcomeRolledBack, fixes.OutcomeCancelled, fixes.OutcomeDenied, fixes.OutcomeUndone} {
		keys = append(keys, i18n.OutcomeKey(string(o)))
	}
	for _, id := range health.FixIDs {
		keys = append(keys, i18n.FixTitleKey(id), i18n.FixDescriptionKey(id))
	}
	for _, lang := range []string{i18n.English, i18n.Chinese} {
		table, err := i18n.Table(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if _, ok := table[k]; !ok {
				t.Errorf("%s: got no %q, want every member of the family translated", lang, k)
			}
		}
	}
}
