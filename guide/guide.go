// Package guide is the symptom guide (issue 16 item 9), like SaRA's
// scenario picker: for what only the user sees — "I cannot sign in",
// "the sync icon keeps spinning", "conflict copies keep appearing" — the
// checks that bear on it and then the remaining steps of the source
// documents, in their order, with the official links of the user's account
// family. The last step is always "copy the report for support".
//
// The symptoms are data (assets/guide/symptoms.json, both languages); this
// package is the pure model over them: no platform code, no Fyne. The
// front ends run a symptom's checks through what the composition root
// hands them, then show Resolve's steps.
package guide

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sync"

	"wpsdoctor/assets"
	"wpsdoctor/i18n"
)

// Kind is the kind of an official link a step points at; each family's
// page of that kind is in the catalogue ([account.families.*]).
type Kind string

// The link kinds and the catalogue keys they come from.
const (
	LinkPasswordReset Kind = "password_reset" // password_reset_url
	LinkStorage       Kind = "storage"        // storage_url: storage management
	LinkWeb           Kind = "web"            // web_url: the web version
	LinkSupport       Kind = "support"        // help_url: customer service
	LinkDownload      Kind = "download"       // downloads.<os>, else the family's download_url
	LinkAccount       Kind = "account"        // account_url: the account centre
)

// Kinds lists every link kind.
var Kinds = []Kind{LinkPasswordReset, LinkStorage, LinkWeb, LinkSupport, LinkDownload, LinkAccount}

// Text is one text in each language (en, zh-CN).
type Text map[string]string

// In is the text in lang, else the English one.
func (t Text) In(lang string) string {
	if s := t[i18n.Normalize(lang)]; s != "" {
		return s
	}
	return t[i18n.English]
}

// Step is one step of a symptom, as the documents give it.
type Step struct {
	Text Text `json:"text"`
	// Link is the kind of official page the step needs, if any.
	Link Kind `json:"link,omitempty"`
	// AllFamilies gives the page of every family, not only the user's
	// (the account may belong to the other family: "no such account").
	AllFamilies bool `json:"all_families,omitempty"`
	// Fix is the fix that does this step for the user (health.FixIDs).
	Fix string `json:"fix,omitempty"`
	// Report marks the closing step: copy the report for support.
	Report bool `json:"report,omitempty"`
}

// Symptom is one thing the user sees.
type Symptom struct {
	// ID is stable and kebab-case ("cannot-sign-in"): the CLI's argument.
	ID    string `json:"id"`
	Title Text   `json:"title"`
	// Checks are the check IDs that bear on it (health/checks.All()); they
	// run first, with what they depend on.
	Checks []string `json:"checks"`
	Steps  []Step   `json:"steps"`
}

// book is the data file's shape.
type book struct {
	Schema   int       `json:"schema"`
	Symptoms []Symptom `json:"symptoms"`
}

var (
	loadOnce sync.Once
	loaded   []Symptom
	loadErr  error
)

// Symptoms are the guide's symptoms in display order. An error means the
// built-in data is broken (a test catches it before a release).
func Symptoms() ([]Symptom, error) {
	loadOnce.Do(func() { loaded, loadErr = Parse(assets.Guide) })
	return slices.Clone(loaded), loadErr
}

// Find returns the symptom with this ID.
func Find(id string) (Symptom, bool, error) {
	all, err := Symptoms()
	if err != nil {
		return Symptom{}, false, err
	}
	i := slices.IndexFunc(all, func(s Symptom) bool { return s.ID == id })
	if i < 0 {
		return Symptom{}, false, nil
	}
	return all[i], true, nil
}

// IDs are the symptoms' IDs in display order.
func IDs() []string {
	all, _ := Symptoms()
	ids := make([]string, len(all))
	for i, s := range all {
		ids[i] = s.ID
	}
	return ids
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse reads guide data and checks its shape: unknown fields, IDs that
// are not kebab-case or repeat, a symptom without checks or steps, an
// unknown link kind, a closing step that is not the report step. Which
// check and fix IDs exist is the callers' tests' business (this package
// does not link the checks).
func Parse(data []byte) ([]Symptom, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b book
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("guide data: %w", err)
	}
	if b.Schema != 1 {
		return nil, fmt.Errorf("guide data: schema %d, want 1", b.Schema)
	}
	seen := map[string]bool{}
	for _, s := range b.Symptoms {
		if !kebab.MatchString(s.ID) || seen[s.ID] {
			return nil, fmt.Errorf("guide data: symptom ID %q is not kebab-case or is repeated", s.ID)
		}
		seen[s.ID] = true
		if err := s.validate(); err != nil {
			return nil, fmt.Errorf("guide data: %s: %w", s.ID, err)
		}
	}
	return b.Symptoms, nil
}

func (s Symptom) validate() error {
	if len(s.Checks) == 0 || len(s.Steps) == 0 {
		return fmt.Errorf("needs at least one check and one step")
	}
	for i, st := range s.Steps {
		if st.Link != "" && !slices.Contains(Kinds, st.Link) {
			return fmt.Errorf("step %d: unknown link kind %q (known: %v)", i+1, st.Link, Kinds)
		}
		if st.Report != (i == len(s.Steps)-1) {
			return fmt.Errorf("step %d: the last step, and only it, is the report step", i+1)
		}
	}
	return nil
}
