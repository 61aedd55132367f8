package i18n_test

import (
	"testing"

	"wpsdoctor/agent"
	"wpsdoctor/i18n"
)

// TestAgentKeyFamilies: how elevated steps ran and the agent service's
// states are translated in both languages for every member.
func TestAgentKeyFamilies(t *testing.T) {
	var keys []string
	for _, via := range []string{agent.ViaAgent, agent.ViaPrompt} {
		keys = append(keys, i18n.MemberKey("agent.via", via))
	}
	for _, st := range []agent.State{agent.StateRunning, agent.StateStopped, agent.StateNotInstalled, agent.StateNoRights, agent.StateUnknown} {
		keys = append(keys, i18n.MemberKey("agent.status", string(st)))
	}
	for _, lang := range []string{i18n.English, i18n.Chinese} {
		table, err := i18n.Table(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if _, ok := table[k]; !ok {
				t.Errorf("%s: got no %q, want every member translated", lang, k)
			}
		}
	}
}
