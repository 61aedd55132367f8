package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExplainCode(t *testing.T) {
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"WSD-NET-012", "Symptoms", "Cause", "Resolution", "IT department"}},
		{"zh-CN", []string{"WSD-NET-012", "现象", "原因", "解决办法", "IT 部门"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			code, out, errOut := runCLI(t, nil, "explain", "WSD-NET-012", "--lang", c.lang)
			if code != 0 {
				t.Fatalf("exit %d, want 0; stderr %q", code, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestExplainJSON(t *testing.T) {
	code, out, _ := runCLI(t, nil, "explain", "wsd-tls-005", "--json", "--lang", "zh-CN")
	var e map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &e) != nil {
		t.Fatalf("exit %d, output %q", code, out)
	}
	if e["code"] != "WSD-TLS-005" || e["lang"] != "zh-CN" || e["symptoms"] == "" || e["cause"] == "" || e["resolution"] == "" {
		t.Errorf("got %v, want code WSD-TLS-005, lang zh-CN and three parts", e)
	}
}

func TestExplainUnknownExit3(t *testing.T) {
	for _, arg := range []string{"WSD-XYZ-999", "net.tcp", ""} {
		code, out, errOut := runCLI(t, nil, "explain", arg, "--lang", "en")
		if code != exitToolFailure || !strings.Contains(errOut, "unknown finding code") || out != "" {
			t.Errorf("explain %q: exit %d, stdout %q, stderr %q; want 3, nothing on stdout, a clear message", arg, code, out, errOut)
		}
	}
}

func TestExplainList(t *testing.T) {
	code, out, _ := runCLI(t, nil, "explain", "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, w := range []string{"WSD-NET-012  Connections dropped", "WSD-FIL-010  Programs in the sync folder", "wpsdoctor explain CODE"} {
		if !strings.Contains(out, w) {
			t.Errorf("list lacks %q", w)
		}
	}
	code, out, _ = runCLI(t, nil, "explain", "--json", "--lang", "zh-CN")
	var items []map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil || len(items) < 50 {
		t.Fatalf("explain --json: exit %d, %d items", code, len(items))
	}
	if items[0]["code"] == "" || items[0]["title"] == "" {
		t.Errorf("first item %v, want code and title", items[0])
	}
}
