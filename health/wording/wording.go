// Package wording holds the rule every finding's words follow, so a test
// of any check package can hold its findings to it:
//
//   - a warn or fail finding says what to do next: it suggests a fix, or
//     its text in every language contains an instruction;
//   - its text contains no internal token: no untranslated key ("i18n:…",
//     an unrendered {placeholder}), no identifier (class names such as
//     unsupported_type), no "see the details"; and the zh-CN text has no
//     English words other than names (WPS, Windows, DNS…) and values
//     (paths, hosts, versions, addresses).
//
// Evidence is not checked: it keeps the raw values.
package wording

import (
	"fmt"
	"regexp"
	"strings"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// Verbatim are placeholders whose values have no translation and are
// shown as they are: a certificate's issuer name and the error text of
// the system or a tool. Their values are left out of the English-words
// test of the zh-CN text (never out of the other tests).
var Verbatim = map[string]bool{"issuer": true, "error": true, "reason": true}

// Problems returns every way f breaks the rule, rendered in each
// supported language; none means it follows it.
func Problems(f health.Finding) []string {
	var out []string
	for _, lang := range i18n.Languages {
		text := i18n.T(lang, f.Message.Key, f.Message.Args)
		for _, p := range TextProblems(lang, f.Message.Key, text, verbatimValues(f.Message.Args)) {
			out = append(out, fmt.Sprintf("%s %s [%s]: %s", f.Code, f.Message.Key, lang, p))
		}
		if needsNextStep(f) && !HasInstruction(lang, text) {
			out = append(out, fmt.Sprintf("%s %s [%s]: a %s finding with no fix and no instruction: %q", f.Code, f.Message.Key, lang, f.Status, text))
		}
	}
	return out
}

func needsNextStep(f health.Finding) bool {
	return (f.Status == health.StatusWarn || f.Status == health.StatusFail) && len(f.Fixes) == 0
}

func verbatimValues(args map[string]any) []string {
	var out []string
	for name, v := range args {
		if !Verbatim[name] {
			continue
		}
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []string:
			out = append(out, x...)
		}
	}
	return out
}

var (
	unrendered = regexp.MustCompile(`\{[a-zA-Z0-9_]+\}`)
	identifier = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b`)
	codeSpan   = regexp.MustCompile("`[^`]*`")
	asciiRun   = regexp.MustCompile(`[!-~‘’“”]+`)
	word       = regexp.MustCompile(`^[A-Za-z][A-Za-z'’-]*$`)
)

// banned are phrases that point at nothing: the text must say it.
var banned = []string{"see the details", "see details", "详见详情", "see the warnings below", "see the problems below"}

// names are the English words a zh-CN text may contain: product,
// system and protocol names, and units.
var names = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`WPS Office Sync Doctor Cloud Service Windows Defender Internet WinHTTP macOS Linux
		Ubuntu Debian GNOME KDE Wi-Fi DNS TCP HTTP HTTPS TLS VPN PAC WPAD IT ID IP Clash Surge Fake-IP
		ufw nftables firewalld wpscloudsvr hosts HOME CON PRN AUX NUL B KiB MiB GiB TiB PiB EiB KB MB GB TB Mbps ms
		QQ Google Apple Facebook ESET Avast AVG`) {
		names[n] = true
	}
}

// TextProblems checks one rendered text of message key in lang; verbatim
// are argument values shown as they are (see Verbatim).
func TextProblems(lang, key, text string, verbatim []string) []string {
	var out []string
	if text == key {
		return []string{"no translation: the key itself is shown"}
	}
	if strings.Contains(text, i18n.KeyRef) {
		out = append(out, fmt.Sprintf("untranslated key reference in %q", text))
	}
	if m := unrendered.FindString(text); m != "" {
		out = append(out, fmt.Sprintf("unrendered placeholder %s in %q", m, text))
	}
	plain := codeSpan.ReplaceAllString(text, " ")
	for _, run := range asciiRun.FindAllString(plain, -1) {
		if strings.ContainsAny(run, `/\`) {
			continue // a path or URL: a value, underscores and all
		}
		for _, m := range identifier.FindAllString(run, -1) {
			out = append(out, fmt.Sprintf("internal identifier %q in %q", m, text))
		}
	}
	lower := strings.ToLower(text)
	for _, b := range banned {
		if strings.Contains(lower, b) {
			out = append(out, fmt.Sprintf("%q points at nothing in %q", b, text))
		}
	}
	if i18n.Normalize(lang) == i18n.Chinese {
		for _, v := range verbatim {
			if v != "" {
				plain = strings.ReplaceAll(plain, v, " ")
			}
		}
		for _, w := range EnglishWords(plain) {
			out = append(out, fmt.Sprintf("English word %q in the zh-CN text %q", w, text))
		}
	}
	return out
}

// EnglishWords returns the words of s that are English prose: not names,
// and not part of a value (a path, host, address, version, flag).
func EnglishWords(s string) []string {
	var out []string
	for _, run := range asciiRun.FindAllString(s, -1) {
		tok := strings.Trim(run, `()[]"',;!?‘’“”`)
		tok = strings.TrimRight(tok, ".:")
		if tok == "" || strings.ContainsAny(tok, `/\.:@=_<>{}%+#&~`) || strings.ContainsAny(tok, "0123456789") || strings.HasPrefix(tok, "-") {
			continue
		}
		if !word.MatchString(tok) || names[tok] {
			continue
		}
		out = append(out, tok)
	}
	return out
}

// instruction finds an imperative at the start of a sentence or clause.
var instruction = regexp.MustCompile(`(?i)(?:^|[.:;!?)]\s+|,\s+|\(\s*)(?:(?:or|and|then|otherwise|also|please)\s+)?(?:install|reinstall|update|allow|check|sync|set|turn|open|move|rename|free|clear|ask|use|switch|remove|flush|try|disconnect|fix|connect|reconnect|run|zip|split|shorten|add|close|restart|start|sign|delete|merge|retry|give|have|tell|complete|plug|compress|exclude|choose|contact|make|review|go|update)\b`)

// HasInstruction reports whether text tells the reader what to do: an
// English imperative that opens a sentence or clause; in zh-CN, a "请"
// sentence.
func HasInstruction(lang, text string) bool {
	if i18n.Normalize(lang) == i18n.Chinese {
		return strings.Contains(text, "请")
	}
	return instruction.MatchString(text)
}
