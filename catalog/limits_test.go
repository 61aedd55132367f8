package catalog

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"wpsdoctor/assets"
)

func TestPrescanAcceptsRealFiles(t *testing.T) {
	cases := map[string]string{
		"built-in": string(assets.Endpoints),
		"brackets in strings and comments": `
# [[[[[[[[[[[[[[ {{{{{{{{{{{{{
[thresholds] # ]]]]]]]]]]]]]]]]
conflict_patterns = ["[[[[[[[[[[", '{{{{{{{{{{{{', """
[[[[[[[[[[[[ "" \""" ]]""", '''[[[[[[[[[[[[ '' ''', "\"[[[[[[[[[["]
unsupported_extensions = [ # [[[[[[[[[[[[
  "exe", # {{{{{{{{{{
]
`,
		"quoted header parts with dots": `
["families"."a.b.c.d.e.f.g.h.i.j.k"]
name = "x"
domains = ["a.test"]
[[families."a.b.c.d.e.f.g.h.i.j.k".endpoints]]
host = "a.test"
ports = [443]
`,
		"nesting at the limit":                    "a = " + strings.Repeat("[{b=", MaxDepth/2) + "1" + strings.Repeat("}]", MaxDepth/2) + "\n",
		"multi-line string closed by five quotes": "[thresholds]\nuplink_target = \"\"\"a\"\"\"\"\"\ndns_slow_ms = 5\n",
		"header-like line in a multi-line array":  "[thresholds]\nunsupported_extensions = [\n[\"a\"][0],\n]\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if _, se := prescan([]byte(body)); se != nil {
				t.Errorf("got refusal %+v, want none", se)
			}
		})
	}
}

func TestScanCountsAsTheDecoder(t *testing.T) {
	cases := map[string]struct {
		body             string
		entries, maxPath int
	}{
		"built-in":       {string(assets.Endpoints), 0, 4},
		"inline and aot": {"[h.i]\na.b = {c = {d.e = 1}, f = [{g = 1}, {g = 2, h = [1]}]}\n[[x.y]]\nz = 1\n[[x.y]]\nz = 2\n", 12, 7},
		"nested arrays":  {"a = [[{b = 1}], [[{c.d = {e = 2}}]]]\n", 4, 4},
		"UTF-8 BOM":      {"\xef\xbb\xbf[a.b]\nc = 1\n", 2, 3},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			st, se := prescan([]byte(c.body))
			if se != nil {
				t.Fatalf("refused: %+v", se)
			}
			var raw map[string]any
			md, err := toml.Decode(c.body, &raw)
			if err != nil {
				t.Fatal(err)
			}
			longest := 0
			for _, k := range md.Keys() {
				longest = max(longest, len(k))
			}
			if st.entries != len(md.Keys()) || st.maxPath != longest {
				t.Errorf("scan counted %d keys, longest %d parts; decoder %d and %d", st.entries, st.maxPath, len(md.Keys()), longest)
			}
			if c.entries != 0 && (st.entries != c.entries || st.maxPath != c.maxPath) {
				t.Errorf("got %d keys, longest %d parts; want %d and %d", st.entries, st.maxPath, c.entries, c.maxPath)
			}
		})
	}
}

func TestPrescanRefuses(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	cases := []struct {
		name, body string
		line, col  int
		reason     string
	}{
		{"arrays one level too deep", "a = " + deep("[", "]", MaxDepth+1), 1, 5 + MaxDepth, "nested deeper"},
		{"inline tables too deep", "\n\na = " + deep("{b=", "}", MaxDepth+1), 3, 5 + 3*MaxDepth, "nested deeper"},
		{"arrays across lines", "a = [\n" + strings.Repeat("[\n", MaxDepth), 1 + MaxDepth, 1, "nested deeper"},
		{"bracket after a string with escaped quote", `a = ["\"", ` + deep("[", "]", MaxDepth), 1, 12 + MaxDepth - 1, "nested deeper"},
		{"bracket after a multi-line string", "a = [\"\"\"x\n\"\"\"\"\", " + deep("[", "]", MaxDepth), 2, 7 + MaxDepth, "nested deeper"},
		{"header parts", "[" + strings.Repeat("a.", MaxKeyParts) + "a]", 1, 2 + 2*MaxKeyParts, "dotted parts"},
		{"header parts quoted", "[[" + strings.Repeat(`"a".`, MaxKeyParts) + `"a"]]`, 1, 3 + 4*MaxKeyParts, "dotted parts"},
		{"dotted key", strings.Repeat("a . ", MaxKeyParts) + "a = 1", 1, 1 + 4*MaxKeyParts, "dotted parts"},
		{"dotted key in inline table", "x = {" + strings.Repeat("a.", MaxKeyParts) + "a = 1}", 1, 6 + 2*MaxKeyParts, "dotted parts"},
		{"long bare key", strings.Repeat("k", MaxKeyBytes+1) + " = 1", 1, MaxKeyBytes + 1, "longer than"},
		{"long quoted key", `"` + strings.Repeat("k", MaxKeyBytes) + `" = 1`, 1, 1, "longer than"},
		{"header parts after a BOM", "\xef\xbb\xbf[" + strings.Repeat("a.", MaxKeyParts) + "a]", 1, 5 + 2*MaxKeyParts, "dotted parts"},
		{"header parts not ASCII", "[" + strings.Repeat("é.", MaxKeyParts) + "é]", 1, 2 + 3*MaxKeyParts, "dotted parts"},
		{"long header part", "[" + strings.Repeat("k", MaxKeyBytes+1) + "]", 1, MaxKeyBytes + 2, "longer than"},
		{"too many keys", strings.Repeat("a = 1\n", MaxEntries+1), MaxEntries + 1, 3, "more than"},
		{"too many tables", strings.Repeat("[a]\n", MaxEntries+1), MaxEntries + 1, 1, "more than"},
		{"too many array items", "a = [" + strings.Repeat("1,", MaxArrayItems+1) + "1]", 1, 7 + 2*MaxArrayItems, "array items"},
		{"too many items in nested arrays", "a = [[1],\n" + strings.Repeat("[1, 1],\n", MaxArrayItems/2) + "]", 1 + MaxArrayItems/2, 7, "array items"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, se := prescan([]byte(c.body))
			if se == nil {
				t.Fatal("got no refusal, want one")
			}
			if se.line != c.line || se.col != c.col || !strings.Contains(se.reason, c.reason) {
				t.Errorf("got %d:%d %q, want %d:%d and %q", se.line, se.col, se.reason, c.line, c.col, c.reason)
			}
		})
	}
}

func TestErrorIsOneShortLine(t *testing.T) {
	long := strings.Repeat("目录/", 200) + "endpoints.toml"
	cases := []struct {
		name string
		err  *Error
		want []string
	}{
		{"plain", &Error{File: "a.toml", Line: 3, Col: 4, Reason: "bad"}, []string{"a.toml:3:4: bad"}},
		{"long path keeps the file name", &Error{File: long, Reason: "bad"}, []string{"…", "endpoints.toml: bad"}},
		{"long reason is cut", &Error{File: "a.toml", Reason: strings.Repeat("x", 5000)}, []string{"a.toml: xxx", "…"}},
		{"control characters", &Error{File: "a\nb.toml", Reason: "got '\x1b[31m\r\n'"}, []string{"a b.toml: got '?[31m  '"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.err.Error()
			if len(got) > MaxMessageBytes || strings.ContainsAny(got, "\n\r\x1b") {
				t.Errorf("got %d bytes %q, want one line of at most %d", len(got), got, MaxMessageBytes)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
		})
	}
}

func TestWrongTypesAnywhere(t *testing.T) {
	cases := map[string]string{
		"families = 42":            "families = 42\n",
		"[families] mainland = 42": "[families]\nmainland = 42\n",
		"thresholds = 1":           "thresholds = 1\n",
		"os_minimum = [1]":         "os_minimum = [1]\n",
		"os_minimum value":         "[os_minimum]\nwindows = 7\n",
		"schema string":            "schema = \"1\"\n",
		"endpoints a string":       "[families.x]\nendpoints = \"a\"\n",
		"endpoint element string":  "[families.x]\nendpoints = [\"a\"]\n",
		"ports floats":             "[families.x]\n[[families.x.endpoints]]\nhost = \"a.test\"\nports = [443.0]\n",
		"int from float threshold": "[thresholds]\nlatency_ms = 1.5\n",
		"list of lists":            "[thresholds]\nunsupported_extensions = [[\"exe\"]]\n",
		"string for an integer":    "[thresholds]\nfile_max_bytes = \"x\"\n",
		"date for a string":        "[thresholds]\nuplink_target = 1979-05-27\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := LoadBytes([]byte(body), "t.toml")
			var ce *Error
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), "want ") {
				t.Fatalf("got %v, want a type error", err)
			}
			if c == nil || c.Source != "built-in" {
				t.Errorf("got catalogue %v, want the built-in one with the error", c)
			}
		})
	}
	// A number where a float belongs may be written as an integer.
	c, err := LoadBytes([]byte("[thresholds]\nloss_percent = 3\n"), "t.toml")
	if err != nil || c.Thresholds.LossPercent != 3 {
		t.Errorf("loss_percent = 3: got %v, %v; want 3, nil", c.Thresholds.LossPercent, err)
	}
}

func TestUnknownKeysCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("[thresholds]\n")
	for i := range 2000 {
		b.WriteString("latency_msec_" + strings.Repeat("x", i%100) + "_" + string(rune('a'+i%26)) + "_" + strconv.Itoa(i) + " = 1\n")
	}
	_, err := LoadBytes([]byte(b.String()), "t.toml")
	if err == nil {
		t.Fatal("got no error, want unknown keys")
	}
	msg := err.Error()
	if len(msg) > MaxMessageBytes || !strings.HasPrefix(msg, "t.toml: unknown keys thresholds.latency_msec_") || !strings.Contains(msg, " more") {
		t.Errorf("got %d bytes %q, want a capped list naming the first keys and a count", len(msg), msg)
	}
	_, err = LoadBytes([]byte("[thresholds]\nLATENCY_MS = 5\n"), "t.toml")
	if err == nil || !strings.Contains(err.Error(), "unknown key thresholds.LATENCY_MS") {
		t.Errorf("got %v, want keys matched exactly", err)
	}
}

func TestLoadRefusesBigFilesUnread(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: 4 GiB that would take seconds to read.
	if err := f.Truncate(4 << 30); err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
	f.Close()
	cases := map[string]struct{ path, want string }{
		"big regular file": {big, "big.toml: file is 4096.0 MiB, over the 1.0 MiB limit"},
		"directory":        {dir, "is a directory"},
		"missing":          {filepath.Join(dir, "missing.toml"), "missing.toml: cannot read: "},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases["endless device"] = struct{ path, want string }{"/dev/zero", "/dev/zero: file is over the 1.0 MiB limit"}
	}
	_, err = Load(cases["missing"].path)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: got %v, want an error that is fs.ErrNotExist", err)
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cat, err := Load(c.path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
			if cat == nil || cat.Source != "built-in" {
				t.Errorf("got %v, want the built-in catalogue", cat)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	good := "[thresholds]\nlatency_ms = 250\n"
	bad := "schema = " + strings.Repeat("[", 100000)
	cases := []struct {
		name             string
		user, override   string // file bodies; "" = no file
		wantSrc          string // "user", "override" or "built-in"
		wantWarn, wantEr bool
	}{
		{"nothing", "", "", "built-in", false, false},
		{"good user file", good, "", "user", false, false},
		{"broken user file warns", bad, "", "built-in", true, false},
		{"override wins over user file", bad, good, "override", false, false},
		{"broken override is fatal", good, bad, "built-in", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			user := filepath.Join(dir, "wpsdoctor", "endpoints.toml")
			if c.user != "" {
				os.MkdirAll(filepath.Dir(user), 0o755)
				if err := os.WriteFile(user, []byte(c.user), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			override := ""
			if c.override != "" {
				override = filepath.Join(dir, "override.toml")
				os.WriteFile(override, []byte(c.override), 0o644)
			}
			cat, warn, err := Open(override, user)
			want := map[string]string{"user": user, "override": override, "built-in": "built-in"}[c.wantSrc]
			if cat == nil || cat.Source != want {
				t.Fatalf("got source %v, want %q", cat, want)
			}
			if (warn != nil) != c.wantWarn || (err != nil) != c.wantEr {
				t.Errorf("got warning %v, error %v; want warning %v, error %v", warn, err, c.wantWarn, c.wantEr)
			}
			if warn != nil && !strings.Contains(warn.Error(), "endpoints.toml:1:") {
				t.Errorf("got warning %q, want it to name the user file and line", warn)
			}
		})
	}
}

func TestConflictPatternLimits(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"too many":  {"[thresholds]\nconflict_patterns = [" + strings.Repeat(`"a",`, MaxPatterns) + `"a"]`, "conflict patterns, more than"},
		"too long":  {"[thresholds]\nconflict_patterns = [\"" + strings.Repeat("a", MaxPatternBytes+1) + `"]`, "longer than"},
		"at limits": {"[thresholds]\nconflict_patterns = [" + strings.Repeat(`"`+strings.Repeat("a", MaxPatternBytes)+`",`, MaxPatterns) + `]`, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := LoadBytes([]byte(c.body), "t.toml")
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestDefaultsAreIndependentCopies(t *testing.T) {
	a := Default()
	a.Family(Mainland).Resolvers[0] = "192.0.2.1"
	a.Thresholds.UnsupportedExtensions[0] = "changed"
	a.OSMinimum["windows"] = "changed"
	b := Default()
	if b.Family(Mainland).Resolvers[0] == "192.0.2.1" || b.Thresholds.UnsupportedExtensions[0] == "changed" || b.OSMinimum["windows"] == "changed" {
		t.Errorf("got a change to one catalogue in the next: %v %v %v", b.Family(Mainland).Resolvers, b.Thresholds.UnsupportedExtensions, b.OSMinimum)
	}
}
