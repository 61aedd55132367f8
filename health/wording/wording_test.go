package wording

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// TestTextProblems: the texts issue 17 quoted are caught; their
// corrections pass.
func TestTextProblems(t *testing.T) {
	cases := []struct {
		name, lang, text string
		verbatim         []string
		want             string // a substring of the first problem; "" = none
	}{
		{"class name in zh", i18n.Chinese, "同步文件夹的 5 个文件中有 3 个无法同步(例如 setup.exe (unsupported_type))", nil, "unsupported_type"},
		{"catalogue name in zh", i18n.Chinese, "您安装的是 WPS mainland (wps.cn) 版本，但从这里只能访问 WPS international (wps.com)。", nil, `"mainland"`},
		{"raw rule text in zh", i18n.Chinese, "本机防火墙阻止 WPS 连接服务器:ufw: outgoing deny, no rule allows 443 out。请允许 WPS 通过防火墙。", nil, `"outgoing"`},
		{"see the details", i18n.English, "The sync database records 3 failed transfer(s); see the details.", nil, "points at nothing"},
		{"详见详情", i18n.Chinese, "同步数据库中有 3 条失败的传输记录,详见详情。", nil, "points at nothing"},
		{"key reference", i18n.English, "WPS Office 12.2 (i18n:edition.international) is installed.", nil, "key reference"},
		{"unrendered placeholder", i18n.English, "{count} files cannot sync.", nil, "{count}"},
		{"identifier in en", i18n.English, "The proxy does not work (no_route).", nil, "no_route"},
		{"issuer is verbatim", i18n.Chinese, "到 WPS 的安全连接被“Kaspersky Personal Root”拦截。", []string{"Kaspersky Personal Root"}, ""},
		{"names, hosts, paths and code", i18n.Chinese, "请在 Windows Defender 防火墙中放行 WPS Office（TCP 443），打开 https://www.wps.com 或运行 `wpsdoctor check -v`；路径 /home/li/my_docs/a.docx。", nil, ""},
		{"translated family", i18n.Chinese, "您安装的是国内版（wps.cn），但从这里只能访问国际版（wps.com）。", nil, ""},
		{"untranslated key shown", i18n.Chinese, "local.no_such_key", nil, "no translation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			key := "local.some_key"
			if c.want == "no translation" {
				key = c.text
			}
			got := TextProblems(c.lang, key, c.text, c.verbatim)
			switch {
			case c.want == "" && len(got) > 0:
				t.Errorf("got %q, want no problem", got)
			case c.want != "" && (len(got) == 0 || !strings.Contains(got[0], c.want)):
				t.Errorf("got %q, want a problem naming %q", got, c.want)
			}
		})
	}
}

func TestHasInstruction(t *testing.T) {
	cases := []struct {
		lang, text string
		want       bool
	}{
		{i18n.English, "The WPS cloud component /opt/x/wpscloudsvr is not executable, so the sign-in button does nothing.", false},
		{i18n.English, "… does nothing. Reinstall WPS Office from the official package.", true},
		{i18n.English, "If WPS cannot connect, allow it through the firewall.", true},
		{i18n.English, "Sync will be unreliable; try a more stable network.", true},
		{i18n.English, "A VPN is connected, but WPS traffic does not use it.", false},
		{i18n.Chinese, "WPS 云服务组件没有可执行权限，所以点击登录没有反应。", false},
		{i18n.Chinese, "请用官方安装包重新安装 WPS Office。", true},
	}
	for _, c := range cases {
		if got := HasInstruction(c.lang, c.text); got != c.want {
			t.Errorf("HasInstruction(%s, %q) = %v, want %v", c.lang, c.text, got, c.want)
		}
	}
}

// fixtureArgs gives every placeholder a value of the kind the checks pass:
// numbers, paths, hosts, names, and translation keys where the checks pass
// one. A placeholder not listed here gets a neutral value.
var fixtureArgs = map[string]any{
	"path": "/home/li/WPS云盘", "root": "/opt/kingsoft/wps-office", "version": "12.1.0.17900",
	"edition": i18n.KeyRef + "edition.international", "os": "Ubuntu 22.04", "error": "permission denied",
	"reason": "connection refused", "count": 3, "files": 120, "free": "1.2 GiB", "min": "1.0 GiB", "limit": 100,
	"percent": 97.5, "size": "2.1 GiB", "service": "wpscloudsvr", "backend": i18n.KeyRef + "local.fw_backend.nftables",
	"rules": []string{"阻止 WPS 云"}, "chars": []string{"“:”", i18n.KeyRef + "local.files.name_trailing_dot"},
	"examples": []string{"…/项目/setup.exe", "大文件.iso"}, "addr": "203.0.113.7:443",
	"endpoints": []string{"drive.wps.cn:443", "account.wps.cn:80"}, "hosts": []string{"drive.wps.cn"},
	"host": "account.wps.cn", "failed": 2, "total": 8, "ms": 310, "other_ms": 40, "hours": 8, "minutes": 7,
	"seconds": 420, "mbps": 0.6, "iface": "wlan0", "ifaces": []string{"wg0", "tun0"},
	"installed": i18n.KeyRef + "net.family.mainland", "other": i18n.KeyRef + "net.family.international",
	"families": []string{i18n.KeyRef + "net.family.mainland", i18n.KeyRef + "net.family.international"},
	"issuer":   "Kaspersky Anti-Virus Personal Root Certificate", "location": "http://portal.example/login",
	"pac": "http://wpad.example/wpad.dat", "proxy": "http://10.0.0.1:3128", "source": i18n.KeyRef + "net.proxy.source.env",
	"classes": []health.Message{
		health.Msg("local.files.unsupported_type", "count", 2, "examples", []string{"…/项目/setup.exe"}),
		health.Msg("local.files.invalid_name", "count", 1, "examples", []string{"a:b.docx"}, "chars", []string{"“:”"}),
	},
}

// uiPrefixes are keys of the programs' own interface, not of findings
// (bundle.: the support bundle's prompts, file list and README).
var uiPrefixes = []string{"app.", "area.", "bundle.", "catalog.", "cli.", "explain.", "fix.", "journal.", "quarantine.", "status.", "tray."}

func fixtureFor(tmpl string) map[string]any {
	args := map[string]any{}
	for _, p := range i18n.Placeholders(tmpl) {
		v, ok := fixtureArgs[p]
		if !ok {
			v = "X1"
		}
		args[p] = v
	}
	return args
}

// TestEveryMessageRendersClean renders every finding message key with
// fixture arguments in both languages: no key references, placeholders,
// identifiers or English prose may show.
func TestEveryMessageRendersClean(t *testing.T) {
	en, err := i18n.Table(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(en))
	for k := range en {
		ui := false
		for _, p := range uiPrefixes {
			ui = ui || strings.HasPrefix(k, p)
		}
		if !ui {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) < 100 {
		t.Fatalf("only %d finding keys: the selection is broken", len(keys))
	}
	for _, k := range keys {
		args := fixtureFor(en[k])
		for _, lang := range i18n.Languages {
			for _, p := range TextProblems(lang, k, i18n.T(lang, k, args), verbatimValues(args)) {
				t.Errorf("%s [%s]: %s", k, lang, p)
			}
		}
	}
}

// statusCall is one health.Warn/Fail(code, health.Msg("key", …)) in the
// checks' source, and whether a fix is suggested on the same finding.
type statusCall struct {
	where, status, key string
	suggests           bool
}

// warnFailCalls finds every warn or fail finding the checks build with a
// literal message key.
func warnFailCalls(t *testing.T) []statusCall {
	t.Helper()
	root := ".."
	fset := token.NewFileSet()
	var out []statusCall
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
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
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if c, ok := statusOf(n); ok {
				c.where = fset.Position(n.Pos()).String()
				c.suggests = suggested(stack)
				out = append(out, c)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// statusOf recognises health.Warn(code, health.Msg("key", …)) and
// health.Fail(…).
func statusOf(n ast.Node) (statusCall, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return statusCall{}, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Warn" && sel.Sel.Name != "Fail") {
		return statusCall{}, false
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "health" {
		return statusCall{}, false
	}
	msg, ok := call.Args[1].(*ast.CallExpr)
	if !ok || len(msg.Args) == 0 {
		return statusCall{}, false
	}
	lit, ok := msg.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return statusCall{}, false
	}
	key, _ := strconv.Unquote(lit.Value)
	return statusCall{status: strings.ToLower(sel.Sel.Name), key: key}, true
}

// suggested: the finding is built inside a chain that calls .Suggest, up
// to the statement that builds it.
func suggested(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case ast.Stmt:
			return false
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Suggest" {
				return true
			}
		}
	}
	return false
}

// TestWarnFailFindingsHaveNextStep: every warn or fail finding of the
// checks suggests a fix, or says in both languages what to do.
func TestWarnFailFindingsHaveNextStep(t *testing.T) {
	calls := warnFailCalls(t)
	if len(calls) < 30 {
		t.Fatalf("found only %d warn/fail findings: the scan is broken", len(calls))
	}
	en, _ := i18n.Table(i18n.English)
	for _, c := range calls {
		if c.suggests {
			continue
		}
		args := fixtureFor(en[c.key])
		for _, lang := range i18n.Languages {
			if text := i18n.T(lang, c.key, args); !HasInstruction(lang, text) {
				t.Errorf("%s: %s finding %q suggests no fix and its %s text gives no instruction: %q", c.where, c.status, c.key, lang, text)
			}
		}
	}
}
