// Package i18n renders message keys in zh-CN or English. Findings carry keys
// and arguments; translation happens at the edge (CLI, tray, reports), so one
// report can be shown in either language.
package i18n

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"wpsdoctor/assets"
)

// Supported languages. English is the fallback.
const (
	English = "en"
	Chinese = "zh-CN"
)

// Languages lists the supported languages in menu order.
var Languages = []string{Chinese, English}

var (
	loadOnce sync.Once
	tables   map[string]map[string]string
	loadErr  error
)

// load merges every i18n/<part>.<lang>.json: each area of the program
// (core, network, fixes, app) keeps its own file pair, and a key defined
// twice is an error.
func load() {
	tables = map[string]map[string]string{}
	entries, err := assets.Translations.ReadDir("i18n")
	if err != nil {
		loadErr = err
		return
	}
	for _, lang := range Languages {
		tables[lang] = map[string]string{}
	}
	for _, e := range entries {
		name := e.Name()
		for _, lang := range Languages {
			if !strings.HasSuffix(name, "."+lang+".json") {
				continue
			}
			data, err := assets.Translations.ReadFile("i18n/" + name)
			if err != nil {
				loadErr = err
				return
			}
			m := map[string]string{}
			if err := json.Unmarshal(data, &m); err != nil {
				loadErr = fmt.Errorf("translations %s: %w", name, err)
				return
			}
			for k, v := range m {
				if _, dup := tables[lang][k]; dup {
					loadErr = fmt.Errorf("translations %s: key %q defined twice", name, k)
				}
				tables[lang][k] = v
			}
		}
	}
}

// Table returns the translation table of lang (for tests and the GUI).
func Table(lang string) (map[string]string, error) {
	loadOnce.Do(load)
	return tables[Normalize(lang)], loadErr
}

// Normalize maps a locale string ("zh_CN.UTF-8", "zh-Hans-CN", "zh_TW",
// "en_US", "C") to a supported language.
func Normalize(locale string) string {
	l := strings.ToLower(strings.TrimSpace(locale))
	if i := strings.IndexAny(l, ".@"); i >= 0 {
		l = l[:i]
	}
	l = strings.ReplaceAll(l, "_", "-")
	if l == "zh" || strings.HasPrefix(l, "zh-") {
		return Chinese
	}
	return English
}

// Supported reports whether s names a supported language (before
// normalisation), for validating --lang.
func Supported(s string) bool {
	l := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	return l == "en" || strings.HasPrefix(l, "en-") || l == "zh" || strings.HasPrefix(l, "zh-")
}

// FromEnv picks the language from the POSIX locale variables, in their
// order of precedence; ok is false when none is set to a real locale.
func FromEnv(getenv func(string) string) (lang string, ok bool) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		val := getenv(v)
		if v == "LANGUAGE" {
			val, _, _ = strings.Cut(val, ":")
		}
		if val == "" || val == "C" || val == "POSIX" || strings.HasPrefix(val, "C.") {
			continue
		}
		return Normalize(val), true
	}
	return English, false
}

// Detect returns the system language: the locale environment first, then
// the OS's own setting (systemLocale, per OS), then English.
func Detect() string {
	if l, ok := FromEnv(os.Getenv); ok {
		return l
	}
	if s := systemLocale(); s != "" {
		return Normalize(s)
	}
	return English
}

// KeyRef prefixes an argument value that names another translation key.
const KeyRef = "i18n:"

var placeholder = regexp.MustCompile(`\{([a-zA-Z0-9_]+)\}`)

// T renders key in lang with named arguments. A missing translation falls
// back to English, then to the key itself, so a gap never hides a finding.
func T(lang, key string, args map[string]any) string {
	loadOnce.Do(load)
	tmpl, ok := tables[Normalize(lang)][key]
	if !ok {
		if tmpl, ok = tables[English][key]; !ok {
			tmpl = key
		}
	}
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := m[1 : len(m)-1]
		v, ok := args[name]
		if !ok {
			return m
		}
		return renderArg(lang, v)
	})
}

// renderArg renders one argument in lang. An argument may itself be a key
// ("i18n:edition.mainland"), so enumerations render in the reader's
// language too; a list of such keys renders each; a message, or a list of
// messages (a finding that names several kinds of problem, one sentence
// each), renders as sentences.
func renderArg(lang string, v any) string {
	if s, isStr := v.(string); isStr && strings.HasPrefix(s, KeyRef) {
		return T(lang, strings.TrimPrefix(s, KeyRef), nil)
	}
	if key, args, ok := asMessage(v); ok {
		return T(lang, key, args)
	}
	if parts, ok := asMessages(v); ok {
		out := make([]string, len(parts))
		for i, p := range parts {
			out[i] = T(lang, p.key, p.args)
		}
		sep := " "
		if Normalize(lang) == Chinese {
			sep = ""
		}
		return strings.Join(out, sep)
	}
	if list, ok := v.([]string); ok {
		out := make([]string, len(list))
		for i, s := range list {
			out[i] = renderArg(lang, s)
		}
		return strings.Join(out, ", ")
	}
	return format(v)
}

// Messager is an argument that is itself a message (health.Message).
type Messager interface {
	I18nMessage() (key string, args map[string]any)
}

type part struct {
	key  string
	args map[string]any
}

// asMessage recognises a message argument: a Messager, or the same
// decoded from JSON ({"key": …, "args": {…}}).
func asMessage(v any) (string, map[string]any, bool) {
	switch x := v.(type) {
	case Messager:
		k, a := x.I18nMessage()
		return k, a, true
	case map[string]any:
		k, ok := x["key"].(string)
		if !ok || k == "" {
			return "", nil, false
		}
		a, _ := x["args"].(map[string]any)
		return k, a, true
	}
	return "", nil, false
}

// asMessages recognises a non-empty list whose every element is a message.
func asMessages(v any) ([]part, bool) {
	rv := reflect.ValueOf(v)
	if v == nil || rv.Kind() != reflect.Slice || rv.Len() == 0 {
		return nil, false
	}
	out := make([]part, rv.Len())
	for i := range out {
		k, a, ok := asMessage(rv.Index(i).Interface())
		if !ok {
			return nil, false
		}
		out[i] = part{k, a}
	}
	return out, true
}

func format(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case []string:
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(v)
}

// Placeholders returns the sorted placeholder names a template uses.
func Placeholders(tmpl string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

// Keys of the message families named by an ID or a value: built here
// only, so a key is never spelled by concatenation elsewhere, and one
// concept has one family of keys (a finding's area, a status, the overall
// verdict, a fix's outcome, a fix's title).

// AreaKey names an area of the checks ("install", "network"…).
func AreaKey(area string) string { return "area." + area }

// StatusKey names a finding's status ("ok", "warn", "fail"…).
func StatusKey(status string) string { return "status." + status }

// OverallKey is the verdict sentence of a report's overall status.
func OverallKey(overall string) string { return "overall." + overall }

// OutcomeKey is how a fix (or its undo) ended ("fixed", "rolled_back"…).
func OutcomeKey(outcome string) string { return "outcome." + outcome }

// MemberKey names one member of an enumeration family of messages (a
// proxy source, a service family, a refusal reason): family.member.
func MemberKey(family, member string) string { return family + "." + member }

// FixTitleKey is the key of a fix's title.
func FixTitleKey(id string) string { return "fix." + id + ".title" }

// FixDescriptionKey is the key of a fix's description.
func FixDescriptionKey(id string) string { return "fix." + id + ".description" }
