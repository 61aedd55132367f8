package wps

import (
	"errors"
	"strings"
	"testing"
)

func TestProtected(t *testing.T) {
	win := Install{OS: "windows", NeverDelete: []string{
		`D:\WPSDrive`,
		`C:\Users\u\AppData\Roaming\Kingsoft\office6\backup`,
	}}
	lin := Install{OS: "linux", NeverDelete: []string{"/home/u/WPS云盘", "/home/u/.local/share/Kingsoft/office6/data/backup"}}
	cases := []struct {
		in   Install
		path string
		want bool
	}{
		{win, `D:\WPSDrive`, true},                         // equal
		{win, `d:\wpsdrive\1054253139\a.docx`, true},       // inside, other case
		{win, `D:/WPSDrive/x`, true},                       // other separator
		{win, `D:\`, true},                                 // contains everything
		{win, `D:\WPSDrive2`, false},                       // a sibling with a common prefix
		{win, `C:\Users\u\AppData\Roaming\Kingsoft`, true}, // contains the backup folder
		{win, `C:\Users\u\AppData\Roaming\Kingsoft\wps\addons\pool`, false},
		{win, `C:\Users\u\AppData\Roaming\Kingsoft\office6\backup\..\log`, false}, // cleaned first
		{win, `C:\Users\u\AppData\Roaming\Kingsoft\office6\log\..\backup`, true},
		{win, `C:\x\kaccountsdk\token`, true}, // protected name anywhere
		{win, `C:\x\Kingsoft\office6\Cookies-journal`, true},
		{win, `C:\Users\account\AppData\Roaming\Kingsoft\wps\addons\pool`, false}, // "account" only counts below Kingsoft
		{win, `C:\Users\u\AppData\Roaming\Kingsoft\account\x`, true},
		{win, `relative\path`, true},
		{win, ``, true},
		{lin, "/home/u/WPS云盘/doc.docx", true},
		{lin, "/home/u/wps云盘/doc.docx", false}, // Linux is case-sensitive
		{lin, "/home/u/.local/share/Kingsoft", true},
		{lin, "/home/u/.kingsoft/wps/addons/pool", false},
		{lin, "/home/u/.kingsoft/office6/tokenTable.ini", true},
		{lin, "/", true},
		{lin, "/home/u/.cache/x/pre_cloudfile/a", true},
		{Install{OS: "darwin", NeverDelete: []string{"/Users/u/Library/Containers/x/Data/Library/Preferences"}}, "/users/U/library/containers/x/data/library/preferences/a.plist", true},
	}
	for _, c := range cases {
		if got := Protected(c.in, c.path); got != c.want {
			t.Errorf("Protected(%s, %q) = %v, want %v", c.in.OS, c.path, got, c.want)
		}
	}
}

func TestProtectedReal(t *testing.T) {
	// A fake resolver: two links, one into WPS Cloud Files, one to the
	// sync folder's real location.
	links := map[string]string{
		"/home/u/.cache/wps/cef/cache": "/home/u/.local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.1",
		"/home/u/WPSDrive":             "/data/u/drive",
		"/home/u/.kingsoft/pool":       "/data/u/drive/sub",
	}
	real := func(p string) (string, error) {
		for from, to := range links {
			if p == from || strings.HasPrefix(p, from+"/") {
				return to + strings.TrimPrefix(p, from), nil
			}
		}
		if strings.Contains(p, "missing") {
			return "", errors.New("no such file")
		}
		return p, nil
	}
	in := Install{OS: "linux", NeverDelete: []string{"/home/u/WPSDrive"}}
	cases := []struct {
		path string
		want bool
	}{
		{"/home/u/.cache/wps/cef/cache", true},   // a link into WPS Cloud Files
		{"/home/u/.cache/wps/cef/cache/x", true}, // below such a link
		{"/home/u/.kingsoft/pool", true},         // lands inside the real sync folder
		{"/data/u/drive", true},                  // the sync folder's real place
		{"/data/u", true},                        // holds it
		{"/home/u/.kingsoft/other", false},       // an ordinary cache folder
		{"/home/u/.kingsoft/missing", true},      // cannot be resolved: fail closed
		{"/home/u/WPSDrive/x", true},             // the string rule still holds
	}
	for _, c := range cases {
		if got := ProtectedReal(in, c.path, real); got != c.want {
			t.Errorf("ProtectedReal(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

func TestProtectedLoginStore(t *testing.T) {
	win := Install{OS: "windows", NeverDelete: []string{
		`C:\Users\u\AppData\Roaming\Kingsoft\kaccountsdk`,
		`C:\Users\u\AppData\Roaming\Kingsoft\kdynsdk`,
		`C:\Users\u\AppData\Roaming\Kingsoft\office6\backup`,
		`C:\Users\u\WPSDrive`,
	}}
	mac := Install{OS: "darwin", NeverDelete: []string{"/Users/u/WPSDrive"}}
	for _, tc := range []struct {
		name string
		in   Install
		path string
		want bool
	}{
		{"listed login store", win, `C:\Users\u\AppData\Roaming\Kingsoft\kaccountsdk`, false},
		{"listed login store, other case", win, `c:\users\u\appdata\roaming\kingsoft\KDYNSDK`, false},
		{"not a login store", win, `C:\Users\u\AppData\Roaming\Kingsoft\office6`, true},
		{"the Kingsoft folder holding backups", win, `C:\Users\u\AppData\Roaming\Kingsoft`, true},
		{"login store inside the sync folder", win, `C:\Users\u\WPSDrive\kaccountsdk`, true},
		{"login store inside a backup folder", win, `C:\Users\u\AppData\Roaming\Kingsoft\office6\backup\tokenTable.ini`, true},
		{"token file in the container", mac, "/Users/u/Library/Containers/x/Data/Library/Application Support/Kingsoft/office6/tokenTable.ini", false},
		{"token file inside WPS Cloud Files", mac, "/Users/u/Library/Application Support/Kingsoft/WPS Cloud Files/tokenTable.ini", true},
		{"token file inside the file cache state", mac, "/Users/u/x/filecache/.1234/pre_cloudfile/tokenTable.ini", true},
		{"token file below a Kingsoft account folder", mac, "/Users/u/Kingsoft/account/tokenTable.ini", true},
		{"relative", mac, "kaccountsdk", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ProtectedLoginStore(tc.in, tc.path); got != tc.want {
				t.Errorf("ProtectedLoginStore(%s): got %v, want %v", tc.path, got, tc.want)
			}
			if !Protected(tc.in, tc.path) {
				t.Errorf("Protected(%s): got false, want true (every login store stays protected from the other fixes)", tc.path)
			}
		})
	}
}
