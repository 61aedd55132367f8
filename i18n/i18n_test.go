package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestNormalizeAndEnv(t *testing.T) {
	cases := map[string]string{
		"zh_CN.UTF-8": Chinese, "zh-Hans-CN": Chinese, "zh_TW": Chinese, "zh": Chinese,
		"en_US.UTF-8": English, "de_DE": English, "": English, "C": English,
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if l, ok := FromEnv(env(map[string]string{"LANG": "zh_CN.UTF-8"})); !ok || l != Chinese {
		t.Errorf("LANG zh: %q %v", l, ok)
	}
	if l, ok := FromEnv(env(map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"})); !ok || l != English {
		t.Errorf("LC_ALL must win: %q", l)
	}
	if _, ok := FromEnv(env(map[string]string{"LANG": "C.UTF-8"})); ok {
		t.Error("C locale taken as a language choice")
	}
	if l, ok := FromEnv(env(map[string]string{"LANGUAGE": "zh_CN:en"})); !ok || l != Chinese {
		t.Errorf("LANGUAGE list: %q", l)
	}
	for _, s := range []string{"en", "zh-CN", "zh_cn", "EN-us"} {
		if !Supported(s) {
			t.Errorf("Supported(%q) = false", s)
		}
	}
	if Supported("fr") {
		t.Error("fr supported?")
	}
}

func TestRender(t *testing.T) {
	got := T(English, "local.not_installed", map[string]any{"os": "Linux"})
	if !strings.Contains(got, "Linux") || strings.Contains(got, "{os}") {
		t.Errorf("en render: %q", got)
	}
	zh := T(Chinese, "local.not_installed", map[string]any{"os": "Linux"})
	if zh == got || !strings.Contains(zh, "WPS") {
		t.Errorf("zh render: %q", zh)
	}
	if got := T(Chinese, "no.such.key", nil); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	ref := T(Chinese, "local.version_ok", map[string]any{"version": "12.1.0.1", "edition": KeyRef + "edition.mainland"})
	if !strings.Contains(ref, "国内个人版") {
		t.Errorf("key reference not translated: %q", ref)
	}
	if got := T(English, "runner.timeout", map[string]any{"seconds": 2.5}); !strings.Contains(got, "2.5") {
		t.Errorf("float arg: %q", got)
	}
}

// TestTablesMatch: every key exists in both languages with the same
// placeholders, so no finding is ever shown half-translated.
func TestTablesMatch(t *testing.T) {
	en, err := Table(English)
	if err != nil {
		t.Fatal(err)
	}
	zh, _ := Table(Chinese)
	if len(en) == 0 {
		t.Fatal("no English translations loaded")
	}
	for k, v := range en {
		z, ok := zh[k]
		if !ok {
			t.Errorf("%s: missing in zh-CN", k)
			continue
		}
		if a, b := Placeholders(v), Placeholders(z); !slices.Equal(a, b) {
			t.Errorf("%s: placeholders differ: en %v, zh-CN %v", k, a, b)
		}
		if strings.TrimSpace(z) == "" || strings.TrimSpace(v) == "" {
			t.Errorf("%s: empty translation", k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("%s: missing in en", k)
		}
	}
}

var keyShape = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// TestEveryUsedKeyExists scans the repository's Go sources for message
// keys passed as literals (Msg("..."), .t("..."), T(lang, "...")) and
// demands a translation for each.
func TestEveryUsedKeyExists(t *testing.T) {
	en, _ := Table(English)
	root := filepath.Join("..")
	fset := token.NewFileSet()
	used := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			// KeyRef + "family." + value: a key spelled by concatenation.
			if bin, ok := n.(*ast.BinaryExpr); ok && bin.Op == token.ADD {
				if inner, ok := bin.X.(*ast.BinaryExpr); ok && inner.Op == token.ADD {
					if sel, ok := inner.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "KeyRef" {
						t.Errorf("%s: message key built by concatenation: use i18n.MemberKey", fset.Position(bin.Pos()))
					}
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			name, argIdx := "", 0
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			switch name {
			case "Msg", "t", "NewMessage":
			case "T":
				argIdx = 1
			default:
				return true
			}
			if len(call.Args) <= argIdx {
				return true
			}
			if bin, ok := call.Args[argIdx].(*ast.BinaryExpr); ok && bin.Op == token.ADD {
				t.Errorf("%s: message key built by concatenation: use i18n's key helpers (FixTitleKey, MemberKey…)", fset.Position(bin.Pos()))
				return true
			}
			lit, ok := call.Args[argIdx].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, _ := strconv.Unquote(lit.Value)
			if !keyShape.MatchString(key) {
				return true
			}
			used++
			if _, ok := en[key]; !ok {
				t.Errorf("%s: message key %q has no translation", fset.Position(lit.Pos()), key)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if used < 20 {
		t.Fatalf("found only %d keys: the scan is broken", used)
	}
}
