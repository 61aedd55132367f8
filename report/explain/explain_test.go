package explain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"wpsdoctor/i18n"
)

// sourceCodes returns every finding code written as a string literal in
// the module's non-test Go source, with where it was seen.
func sourceCodes(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	codes := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && ValidCode(s) {
				codes[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

// TestEveryCodeExplained: a code used anywhere in the source has an entry
// in both languages, with all four texts; an entry whose code the source
// no longer uses is an error too (the data must not drift).
func TestEveryCodeExplained(t *testing.T) {
	used := sourceCodes(t)
	if len(used) < 50 {
		t.Fatalf("found only %d codes in the source: the scan is broken", len(used))
	}
	for _, lang := range i18n.Languages {
		t.Run(lang, func(t *testing.T) {
			for code, where := range used {
				e, ok, err := Lookup(code, lang)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					t.Errorf("%s (used at %s) has no %s explanation in assets/explain/%s.json", code, where, lang, lang)
					continue
				}
				for name, text := range map[string]string{"title": e.Title, "symptoms": e.Symptoms, "cause": e.Cause, "resolution": e.Resolution} {
					if strings.TrimSpace(text) == "" {
						t.Errorf("%s: %s %s is empty", code, lang, name)
					}
				}
			}
			codes, _ := Codes(lang)
			for _, c := range codes {
				if _, ok := used[c]; !ok {
					t.Errorf("%s: explained in %s but used nowhere in the source", c, lang)
				}
			}
		})
	}
}

// TestChineseEntriesAreChinese: a zh-CN entry that is a copy of the
// English one is not a translation.
func TestChineseEntriesAreChinese(t *testing.T) {
	en, _ := All(i18n.English)
	for _, e := range en {
		zh, ok, _ := Lookup(e.Code, i18n.Chinese)
		if !ok {
			continue
		}
		for _, pair := range [][2]string{{e.Title, zh.Title}, {e.Symptoms, zh.Symptoms}, {e.Cause, zh.Cause}, {e.Resolution, zh.Resolution}} {
			if pair[0] == pair[1] || !hasHan(pair[1]) {
				t.Errorf("%s: zh-CN text %q is not Chinese", e.Code, pair[1])
			}
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

func TestLookupAndText(t *testing.T) {
	cases := []struct {
		code, lang string
		want       []string
	}{
		{"WSD-NET-012", "en", []string{"WSD-NET-012", "Symptoms\n", "Cause\n", "Resolution\n", "IT department"}},
		{"wsd-net-012", "zh_CN.UTF-8", []string{"WSD-NET-012", "现象\n", "原因\n", "解决办法\n", "IT 部门"}},
	}
	for _, c := range cases {
		t.Run(c.code+"/"+c.lang, func(t *testing.T) {
			e, ok, err := Lookup(c.code, c.lang)
			if err != nil || !ok {
				t.Fatalf("Lookup(%q, %q) = %v, %v", c.code, c.lang, ok, err)
			}
			got := Text(e)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("Text lacks %q; got:\n%s", w, got)
				}
			}
		})
	}
	if _, ok, _ := Lookup("WSD-XXX-999", "en"); ok {
		t.Error("Lookup(WSD-XXX-999) found an entry, want none")
	}
	for s, want := range map[string]bool{"WSD-NET-012": true, "WSD-NET-12": false, "net.tcp": false, "WSD-net-012": false} {
		if got := ValidCode(s); got != want {
			t.Errorf("ValidCode(%q) = %v, want %v", s, got, want)
		}
	}
}
