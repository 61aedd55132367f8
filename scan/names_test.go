package scan

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestInvalidName(t *testing.T) {
	for _, c := range []struct {
		name string
		want string // "" = valid, else a substring of the detail
	}{
		{"报告.docx", ""},
		{"plain name.txt", ""},
		{".hidden", ""},
		{"COM10.txt", ""},
		{"CONSOLE.txt", ""},
		{"icon", ""},
		{"a:b.txt", `character ':'`},
		{"what?.docx", `character '?'`},
		{`quote".txt`, `character '"'`},
		{"star*.txt", `character '*'`},
		{"pipe|.txt", `character '|'`},
		{"<tag>.txt", `character '<'`},
		{`back\slash`, `character '\\'`},
		{"tab\there", "control character U+0009"},
		{"trailing.", "trailing dot"},
		{"trailing ", "trailing space"},
		{"CON", "reserved name CON"},
		{"con.txt", "reserved name CON"},
		{"Nul.tar.gz", "reserved name NUL"},
		{"aux .doc", "reserved name AUX"},
		{"LPT9.log", "reserved name LPT9"},
		{"com1", "reserved name COM1"},
		{"COM¹.txt", "reserved name COM¹"},
		{"bad\xff.txt", "not valid UTF-8"},
	} {
		got := invalidName(c.name)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("invalidName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"dir/报告.docx":        "dir/报告.docx",
		"bad\xff.txt":        `bad\xff.txt`,
		"d\xe4/\xe6\x96.txt": `d\xe4/\xe6\x96.txt`,
	} {
		got := escape(in)
		if got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
		b, err := json.Marshal(Problem{Kind: InvalidName, Path: got})
		if err != nil || !json.Valid(b) {
			t.Errorf("json of %q: %s %v", got, b, err)
		}
		var back Problem
		if err := json.Unmarshal(b, &back); err != nil || back.Path != want {
			t.Errorf("round trip of %q = %q, %v", want, back.Path, err)
		}
	}
}

func TestExtOf(t *testing.T) {
	for in, want := range map[string]string{"a.ZIP": ".ZIP", "a.tar.gz": ".gz", ".profile": "", "noext": "", "a.": "."} {
		if got := extOf(in); got != want {
			t.Errorf("extOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNameIssue: every detail invalidName writes splits into a kind and
// the value a person must change.
func TestNameIssue(t *testing.T) {
	for _, c := range []struct{ name, kind, value string }{
		{"a:b.txt", IssueChar, ":"},
		{`quote".txt`, IssueChar, `"`},
		{`back\slash`, IssueChar, `\`},
		{"what?.docx", IssueChar, "?"},
		{"tab\there", IssueControl, "U+0009"},
		{"trailing.", IssueTrailingDot, ""},
		{"trailing ", IssueTrailingSpace, ""},
		{"con.txt", IssueReserved, "CON"},
		{"COM¹.txt", IssueReserved, "COM¹"},
		{"bad\xff.txt", IssueEncoding, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			kind, value := NameIssue(invalidName(c.name))
			if kind != c.kind || value != c.value {
				t.Errorf("NameIssue(invalidName(%q)) = %q, %q; want %q, %q", c.name, kind, value, c.kind, c.value)
			}
		})
	}
	if kind, _ := NameIssue("something new"); kind != "" {
		t.Errorf("unknown detail gave kind %q, want \"\"", kind)
	}
}
