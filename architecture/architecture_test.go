package architecture

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "wpsdoctor"

// pkg is one package of the module as go list reports it.
type pkg struct {
	ImportPath string
	Deps       []string
	Imports    []string
}

func listPackages(t *testing.T) map[string]pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "-deps=false", module+"/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs[p.ImportPath] = p
	}
	return pkgs
}

// TestLayers: the arrows ARCHITECTURE.md allows, as import rules.
func TestLayers(t *testing.T) {
	pkgs := listPackages(t)
	rules := []struct {
		from, mustNot, why string
		except             []string
		exact              bool // from is one package, not a prefix
	}{
		{module + "/health", module + "/platform/", "health is the model and the runner: the composition root provides what the checks observe", nil, true},
		{"", "fyne.io/", "Fyne is imported only by the window, the tray and the tray's main",
			[]string{module + "/app", module + "/tray", module + "/cmd/wpsdoctor-tray"}, false},
		{module + "/fixes", module + "/health/", "fixes plans and applies; it does not run checks (the composition root wires probes)", nil, false},
		{module + "/platform/", module + "/health", "platform knows the OS, not the model", nil, false},
		{module + "/platform/", module + "/fixes", "platform knows the OS, not the fixes", nil, false},
		{module + "/health", module + "/fixes", "checks observe; they never reach for the fixes", nil, false},
		{module + "/cmd/", module + "/health/checks", "main packages call the composition root (product)", nil, false},
		{module + "/cmd/", module + "/catalog", "main packages call the composition root (product)", nil, false},
	}
	for _, r := range rules {
		t.Run(r.mustNot+" not from "+r.from, func(t *testing.T) {
			for path, p := range pkgs {
				if (r.exact && path != r.from) || !strings.HasPrefix(path, r.from) || slices.ContainsFunc(r.except, func(e string) bool { return strings.HasPrefix(path, e) }) {
					continue
				}
				for _, imp := range p.Imports {
					if strings.HasPrefix(imp, r.mustNot) {
						t.Errorf("%s imports %s: %s", path, imp, r.why)
					}
				}
			}
		})
	}
}

// TestFrontEndsLinkNoPlatform: the model, the window, the tray and their
// shared packages reach the operating system only through what the
// composition root hands them: no platform package in their dependencies.
func TestFrontEndsLinkNoPlatform(t *testing.T) {
	for _, p := range []string{"health", "app", "tray", "verdict", "settings", "fixes/plan", "guide"} {
		out, err := exec.Command("go", "list", "-deps", module+"/"+p).Output()
		if err != nil {
			t.Skipf("go list: %v", err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, module+"/platform/") {
				t.Errorf("%s depends on %s: let the composition root pass it in", p, dep)
			}
		}
	}
}

// maxFuncLines is the longest function a reader should have to hold at once.
const maxFuncLines = 80

// longFuncs are the justified exceptions, each with its reason.
var longFuncs = map[string]string{}

// TestNoLongFunctions: no function of non-test code is over maxFuncLines.
func TestNoLongFunctions(t *testing.T) {
	fset := token.NewFileSet()
	seen := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != ".." && (strings.HasPrefix(name, ".") || name == "testdata") {
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
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			name := funcName(path, fd)
			if n <= maxFuncLines {
				continue
			}
			if _, ok := longFuncs[name]; ok {
				seen[name] = true
				continue
			}
			t.Errorf("%s is %d lines, over %d: split it into named steps", name, n, maxFuncLines)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range longFuncs {
		if !seen[name] {
			t.Errorf("%s is allowed to be long but is not (any more): drop it from longFuncs", name)
		}
	}
}

// funcName is "dir/file.go:Recv.Name", stable across line moves.
func funcName(path string, fd *ast.FuncDecl) string {
	rel, _ := filepath.Rel("..", path)
	name := fd.Name.Name
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		typ := fd.Recv.List[0].Type
		if st, ok := typ.(*ast.StarExpr); ok {
			typ = st.X
		}
		if idx, ok := typ.(*ast.IndexExpr); ok {
			typ = idx.X
		}
		if id, ok := typ.(*ast.Ident); ok {
			name = id.Name + "." + name
		}
	}
	return fmt.Sprintf("%s:%s", filepath.ToSlash(rel), name)
}
