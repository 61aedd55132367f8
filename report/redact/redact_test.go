package redact

import (
	"strings"
	"testing"
)

func TestSecrets(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"socks userinfo", "socks5://alice:Pa55w0rd@127.0.0.1:1080", "socks5://127.0.0.1:1080"},
		{"http userinfo in text", "proxyconnect via http://bob:s3cret@proxy:3128/ failed", "proxyconnect via http://proxy:3128/ failed"},
		{"sid", "upload failed sid=V02Sxyz_abc123; retry", "upload failed sid=" + Hidden + "; retry"},
		{"wps_sid", "set wps_sid=abcdef0123 ok", "set wps_sid=" + Hidden + " ok"},
		{"cookie header", "Cookie: a=1; wps_sid=abcdef0123", "Cookie: " + Hidden + "; wps_sid=" + Hidden},
		{"token query", "https://drive.wps.cn/api?access_token=AbC123&x=1", "https://drive.wps.cn/api?access_token=" + Hidden + "&x=1"},
		{"json token", `{"token":"abc.def","ok":1}`, `{"token":"` + Hidden + `","ok":1}`},
		{"bearer", "Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer " + Hidden},
		{"jwt", "t eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig-nat_ure x", "t " + JWT + " x"},
		{"hex", "key 0123456789abcdef0123456789abcdef end", "key " + Hidden + " end"},
		{"base64", "blob Zm9vYmFyMTIzQUJDZGVmZ2hpams4OTA= end", "blob " + Hidden + " end"},
		{"random token", "x V02SbGxQ3vRtY8pLmN4kJ7hG2fD5sA9zX1cV6bN0mQ y", "x " + Hidden + " y"},
		{"CamelCase stays", "/tmp/TestReportsRedactPlantedSecrets601389964/001", "/tmp/TestReportsRedactPlantedSecrets601389964/001"},
		{"plain words stay", "WPS Office cloud service wps_cloud_service_component_name stopped", "WPS Office cloud service wps_cloud_service_component_name stopped"},
		{"error code stays", "errorCode: -5 文件不存在", "errorCode: -5 文件不存在"},
		{"path stays", "/opt/kingsoft/wps-office/office6/wpscloudsvr", "/opt/kingsoft/wps-office/office6/wpscloudsvr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Secrets(tc.in); got != tc.want {
				t.Errorf("Secrets(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestProxyURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"socks5://alice:Pa55w0rd@127.0.0.1:1080", "socks5://127.0.0.1:1080"},
		{"socks5h://alice@127.0.0.1:1080", "socks5h://127.0.0.1:1080"},
		{"http://bob:p%40ss@proxy.corp:3128", "http://proxy.corp:3128"},
		{"bob:pass@proxy.corp:3128", "proxy.corp:3128"},
		{"proxy.corp:3128", "proxy.corp:3128"},
		{"http://user:pw@wpad.corp/proxy.pac?token=abc123", "http://wpad.corp/proxy.pac?token=" + Hidden},
		{"", ""},
	} {
		if got := ProxyURL(tc.in); got != tc.want {
			t.Errorf("ProxyURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, line, text string }{
		{"a\x1b]0;OWNED\x07\x1b[2J.docx", `a\x1b]0;OWNED\x07\x1b[2J.docx`, `a\x1b]0;OWNED\x07\x1b[2J.docx`},
		{"年度报告.docx", "年度报告.docx", "年度报告.docx"},
		{"x\u202egpj.exe", `x\u202egpj.exe`, `x\u202egpj.exe`},
		{"c1\u009bm del\x7f", `c1\u009bm del\x7f`, `c1\u009bm del\x7f`},
		{"two\nlines\tand tab", `two\x0alines\x09and tab`, "two\nlines\tand tab"},
		{"bad \xff byte", `bad \xff byte`, `bad \xff byte`},
		{"real \uFFFD stays", "real \uFFFD stays", "real \uFFFD stays"},
		{"isolate \u2066x\u2069", `isolate \u2066x\u2069`, `isolate \u2066x\u2069`},
	} {
		if got := EscapeControls(tc.in); got != tc.line {
			t.Errorf("EscapeControls(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := EscapeText(tc.in); got != tc.text {
			t.Errorf("EscapeText(%q) = %q, want %q", tc.in, got, tc.text)
		}
	}
}

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"年度报告.docx", "<name:4>.docx"},
		{"my report.pdf", "<name:9>.pdf"},
		{"README", "<name:6>"},
		{".bashrc", "<name:7>"},
		{"报告.机密内容", "<name:7>"},
		{"a\x1b]0;OWNED\x07\x1b[2J.docx", "<name:15>.docx"},
	} {
		if got := MaskName(tc.in); got != tc.want {
			t.Errorf("MaskName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func linuxRedactor() *Redactor {
	return New(Config{
		Home:       "/home/张伟",
		SyncRoot:   "/home/张伟/WPS云盘",
		UserNames:  []string{"张伟"},
		AccountIDs: []string{"212320004"},
	})
}

func TestRewrite(t *testing.T) {
	const cache = "/home/张伟/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.212320004/syncassistant.db"
	for _, tc := range []struct {
		name string
		kind Kind
		in   string
		want string
	}{
		{"home path", Path, "/home/张伟/.config/Kingsoft", "~/.config/Kingsoft"},
		{"other user's home stays", Path, "/home/anna/x", "/home/anna/x"},
		{"account folder", Path, cache, "~/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.***004/syncassistant.db"},
		{"sync root", Path, "/home/张伟/WPS云盘", "<sync>"},
		{"document in sync folder", Path, "/home/张伟/WPS云盘/项目 A/年度报告.docx", "<sync>/<name:4>/<name:4>.docx"},
		{"sync-relative", SyncPath, "项目/a.exe", "<sync>/<name:2>/<name:1>.exe"},
		{"cloud path", DocPath, "/我的云文档/年度报告.docx", "/<name:5>/<name:4>.docx"},
		{"name", Name, "年度报告.docx", "<name:4>.docx"},
		{"message with paths", Text, "open /home/张伟/WPS云盘/年度报告.docx: permission denied",
			"open <sync>/<name:4>.docx: permission denied"},
		{"windows documents folder", Text, `C:\Users\x\Documents\WPS Cloud Files\1054253139\团队文档`, `C:\Users\x\Documents\WPS Cloud Files\***139\团队文档`},
		{"sync folder parent", Path, "/home/x/WPSDrive/1054253139/WPS云盘", "/home/x/WPSDrive/***139/WPS云盘"},
		{"local copies", Path, "/home/x/filecache/1054253139/a", "/home/x/filecache/***139/a"},
		{"message with account id", Text, "user 212320004 signed out", "user ***004 signed out"},
		{"longer number stays", Text, "id 9212320004", "id 9212320004"},
		{"user name in text", Text, "用户 张伟 的文件", "用户 <user> 的文件"},
		{"secret even in Keep", Keep, "sid=abcdef", "sid=" + Hidden},
		{"windows", Path, `c:\users\zhang\AppData\Local\Kingsoft`, `%LOCALAPPDATA%\Kingsoft`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := linuxRedactor()
			if tc.name == "other user's home stays" {
				r = New(Config{Home: "/home/ann", UserNames: []string{"ann"}})
			}
			if tc.name == "windows" {
				r = New(Config{Home: `C:\Users\Zhang`, LocalAppData: `C:\Users\Zhang\AppData\Local`, UserNames: []string{"Zhang"}})
			}
			if got := r.Rewrite(tc.kind, tc.in); got != tc.want {
				t.Errorf("Rewrite(%v, %q) = %q, want %q", tc.kind, tc.in, got, tc.want)
			}
		})
	}
}

func TestLearnedNamesHiddenInText(t *testing.T) {
	r := linuxRedactor()
	r.Learn(Name, "年度报告.docx")
	r.Learn(SyncPath, "sub dir/my report.pdf")
	got := r.String("上传 年度报告.docx 失败; file /home/张伟/WPS云盘/sub dir/my report.pdf: too large")
	want := "上传 <name:4>.docx 失败; file <sync>/<name:7>/<name:9>.pdf: too large"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReveal(t *testing.T) {
	r := New(Config{Home: "/home/张伟", SyncRoot: "/home/张伟/WPS云盘", UserNames: []string{"张伟"}, Reveal: true})
	in := "/home/张伟/WPS云盘/年度报告.docx sid=abcdef http://a:b@h:1"
	want := "/home/张伟/WPS云盘/年度报告.docx sid=" + Hidden + " http://h:1"
	if got := r.String(in); got != want {
		t.Errorf("reveal: got %q, want %q", got, want)
	}
}

func TestJSONKeepsOrderAndNumbers(t *testing.T) {
	r := linuxRedactor()
	in := `{"z":1.50,"path":"/home/张伟/WPS云盘/a.docx","denied":{"/home/张伟/x":"permission denied"},"list":["sid=abc",12345678901234567890,true,null],"a":{"file_name":"年度报告.docx"}}`
	kind := func(p []string) Kind {
		if len(p) > 0 && p[len(p)-1] == "file_name" {
			return Name
		}
		return Text
	}
	if err := r.LearnJSON([]byte(in), kind); err != nil {
		t.Fatal(err)
	}
	out, err := r.JSON([]byte(in), kind)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"z":1.50,"path":"<sync>/<name:1>.docx","denied":{"~/x":"permission denied"},"list":["sid=<redacted>",12345678901234567890,true,null],"a":{"file_name":"<name:4>.docx"}}`
	if string(out) != want {
		t.Errorf("JSON:\n got %s\nwant %s", out, want)
	}
	if _, err := r.JSON([]byte(`{"a":`), kind); err == nil {
		t.Error("truncated JSON: no error")
	}
	if strings.Contains(string(out), "张伟") {
		t.Error("user name survived")
	}
}
