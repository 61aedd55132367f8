package redact

import (
	"strings"
	"testing"
)

func TestContactsAndDocuments(t *testing.T) {
	r := New(Config{Home: "/home/张伟", UserNames: []string{"张伟"}})
	for _, tc := range []struct{ name, in, want string }{
		{"email", "signed in as zhang.wei+wps@example.com.cn today", "signed in as " + LabelEmail + " today"},
		{"mainland bare", "手机 13812345678 已绑定", "手机 " + LabelPhone + " 已绑定"},
		{"mainland dashes", "call 138-1234-5678.", "call " + LabelPhone + "."},
		{"mainland spaces +86", "tel +86 138 1234 5678", "tel " + LabelPhone},
		{"international", "phone +44 20 7946 0958, ok", "phone " + LabelPhone + ", ok"},
		{"international brackets", "phone +1 (415) 555-2671", "phone " + LabelPhone},
		{"byte count is no phone", "avail 138123456789012 bytes", "avail 138123456789012 bytes"},
		{"short plus number stays", "offset +0800 and +3", "offset +0800 and +3"},
		{"version stays", "WPS 12.1.0.17900 build", "WPS 12.1.0.17900 build"},
		{"document in text", "upload 年度报告.docx failed", "upload <name:4>.docx failed"},
		{"document in a windows path", `C:\Users\x\Documents\Q3 plan.xlsx`, `C:\Users\x\Documents\Q3 <name:4>.xlsx`},
		{"program names stay", "wpscloudsvr.exe and Office.conf", "wpscloudsvr.exe and Office.conf"},
		{"account key", "login ok userid=212320004 then uid:212320004", "login ok userid=***004 then uid:***004"},
		{"private IP kept by default", "proxy 192.168.1.20:3128 corp.example.com", "proxy 192.168.1.20:3128 corp.example.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.String(tc.in); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestStrictHostsAndAddresses(t *testing.T) {
	r := New(Config{Strict: true, KeepHosts: []string{"wps.cn", "pool.ntp.org"}, HostNames: []string{"zw-laptop"}})
	for _, tc := range []struct{ name, in, want string }{
		{"private v4 and host", "via proxy.corp.example.com (10.2.3.4:3128)", "via <host-1> (<ip-1>:3128)"},
		{"same values same pseudonyms", "again 10.2.3.4 and PROXY.corp.example.com", "again <ip-1> and <host-1>"},
		{"kept domains", "account.wps.cn and cn.pool.ntp.org", "account.wps.cn and cn.pool.ntp.org"},
		{"public address kept", "resolver 223.5.5.5 answered", "resolver 223.5.5.5 answered"},
		{"v6 unique local and link local", "fd00::1 fe80::1%eth0 2400:3200::1", "<ip-2> <ip-3> 2400:3200::1"},
		{"cgnat", "tun 100.64.0.7", "tun <ip-4>"},
		{"own host name", "zw-laptop.local and zw-laptop", "<host-2> and <host-3>"},
		{"files are not hosts", "Office.conf syncassistant.db", "Office.conf syncassistant.db"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.String(tc.in); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if st := r.Stats(); st[StatHost] == 0 || st[StatIP] == 0 {
		t.Errorf("stats = %v, want host and ip counted", st)
	}
}

func TestRevealKeepsContacts(t *testing.T) {
	in := "a@b.cn 13812345678 10.0.0.1 x.corp.example.com 年度报告.docx sid=abcdef123456"
	got := New(Config{Reveal: true, Strict: true}).String(in)
	want := strings.Replace(in, "abcdef123456", Hidden, 1)
	if got != want {
		t.Errorf("String(%q) = %q, want %q (reveal keeps everything but secrets)", in, got, want)
	}
}
