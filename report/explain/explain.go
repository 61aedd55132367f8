// Package explain is the catalogue of finding codes (WSD-…) as a person
// reads it: for each code a title, the symptoms, the cause and the
// resolution, in zh-CN and English. The texts are data
// (assets/explain/<part>.<lang>.json); the console's `wpsdoctor explain CODE` and
// the window read them through this package.
package explain

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"wpsdoctor/assets"
	"wpsdoctor/i18n"
)

// Entry explains one finding code in one language.
type Entry struct {
	Code       string `json:"code"`
	Lang       string `json:"lang"`
	Title      string `json:"title"`
	Symptoms   string `json:"symptoms"`
	Cause      string `json:"cause"`
	Resolution string `json:"resolution"`
}

// codeShape is the form of every finding code.
var codeShape = regexp.MustCompile(`^WSD-[A-Z]{3}-[0-9]{3}$`)

// ValidCode reports whether s has the shape of a finding code.
func ValidCode(s string) bool { return codeShape.MatchString(s) }

var (
	loadOnce sync.Once
	tables   map[string]map[string]Entry
	loadErr  error
)

func load() {
	tables = map[string]map[string]Entry{}
	entries, err := assets.Explanations.ReadDir("explain")
	if err != nil {
		loadErr = fmt.Errorf("explain: %w", err)
		return
	}
	for _, lang := range i18n.Languages {
		tables[lang] = map[string]Entry{}
		for _, f := range entries {
			if !strings.HasSuffix(f.Name(), "."+lang+".json") {
				continue
			}
			if loadErr = loadPart(f.Name(), lang); loadErr != nil {
				return
			}
		}
	}
}

// loadPart merges one explain/<part>.<lang>.json into tables[lang]; each
// area keeps its own file pair, and a code explained twice is an error.
func loadPart(name, lang string) error {
	data, err := assets.Explanations.ReadFile("explain/" + name)
	if err != nil {
		return fmt.Errorf("explain: %w", err)
	}
	m := map[string]Entry{}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("explain/%s: %w", name, err)
	}
	for code, e := range m {
		if _, dup := tables[lang][code]; dup {
			return fmt.Errorf("explain/%s: code %s explained twice", name, code)
		}
		e.Code, e.Lang = code, lang
		tables[lang][code] = e
	}
	return nil
}

// Lookup returns the explanation of code in lang (normalised: "zh_CN"
// reads as zh-CN, anything else as English). ok is false for a code that
// has no entry.
func Lookup(code, lang string) (Entry, bool, error) {
	loadOnce.Do(load)
	if loadErr != nil {
		return Entry{}, false, loadErr
	}
	e, ok := tables[i18n.Normalize(lang)][strings.ToUpper(strings.TrimSpace(code))]
	return e, ok, nil
}

// All returns every entry of lang, sorted by code.
func All(lang string) ([]Entry, error) {
	loadOnce.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	t := tables[i18n.Normalize(lang)]
	out := make([]Entry, 0, len(t))
	for _, e := range t {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// Codes returns the codes that have an entry in lang, sorted.
func Codes(lang string) ([]string, error) {
	all, err := All(lang)
	codes := make([]string, len(all))
	for i, e := range all {
		codes[i] = e.Code
	}
	return codes, err
}

// Labels are the section headings in lang.
type Labels struct{ Symptoms, Cause, Resolution string }

// LabelsFor returns the section headings of an explanation in lang.
func LabelsFor(lang string) Labels {
	if i18n.Normalize(lang) == i18n.Chinese {
		return Labels{Symptoms: "现象", Cause: "原因", Resolution: "解决办法"}
	}
	return Labels{Symptoms: "Symptoms", Cause: "Cause", Resolution: "Resolution"}
}

// Text renders an entry as plain text: the code and title, then the three
// parts under their headings.
func Text(e Entry) string {
	l := LabelsFor(e.Lang)
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n\n", e.Code, e.Title)
	for _, part := range []struct{ head, body string }{
		{l.Symptoms, e.Symptoms}, {l.Cause, e.Cause}, {l.Resolution, e.Resolution},
	} {
		fmt.Fprintf(&b, "%s\n", part.head)
		for _, line := range strings.Split(strings.TrimSpace(part.body), "\n") {
			fmt.Fprintf(&b, "  %s\n", line)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
