package fixes

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestInvokingUID(t *testing.T) {
	for _, tc := range []struct {
		name     string
		env      map[string]string
		real     int
		want     int
		wantFail bool
	}{
		{"direct", nil, 1000, 1000, false},
		{"root", nil, 0, 0, false},
		{"pkexec", map[string]string{"PKEXEC_UID": "1000"}, 0, 1000, false},
		{"sudo", map[string]string{"SUDO_UID": "1001"}, 0, 1001, false},
		{"pkexec wins over sudo", map[string]string{"PKEXEC_UID": "1000", "SUDO_UID": "0"}, 0, 1000, false},
		{"garbage", map[string]string{"PKEXEC_UID": "1000; rm"}, 0, 0, true},
		{"negative", map[string]string{"SUDO_UID": "-1"}, 0, 0, true},
		{"huge", map[string]string{"SUDO_UID": "99999999999"}, 0, 0, true},
	} {
		got, err := InvokingUID(func(k string) string { return tc.env[k] }, tc.real)
		if (err != nil) != tc.wantFail || !tc.wantFail && got != tc.want {
			t.Errorf("%s: got %d, %v; want %d (fail %v)", tc.name, got, err, tc.want, tc.wantFail)
		}
	}
}

func TestCheckPrivDir(t *testing.T) {
	for _, tc := range []struct {
		name          string
		isDir, isLink bool
		perm          uint32
		owner, inv    int
		ok            bool
	}{
		{"user's private dir", true, false, 0o700, 1000, 1000, true},
		{"root's private dir", true, false, 0o700, 0, 1000, true},
		{"setgid private dir", true, false, 0o2700, 1000, 1000, true},
		{"group readable", true, false, 0o750, 1000, 1000, false},
		{"world writable", true, false, 0o777, 1000, 1000, false},
		{"no write for owner", true, false, 0o500, 1000, 1000, false},
		{"another user's", true, false, 0o700, 1001, 1000, false},
		{"a link", false, true, 0o777, 1000, 1000, false},
		{"a file", false, false, 0o700, 1000, 1000, false},
	} {
		if err := checkPrivDir(tc.isDir, tc.isLink, tc.perm, tc.owner, tc.inv); (err == nil) != tc.ok {
			t.Errorf("%s: got %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestPrivilegedPaths(t *testing.T) {
	root := "/tmp"
	if runtime.GOOS == "windows" {
		root = `C:\Temp`
	}
	d := filepath.Join(root, "wpsdoctor-priv-1")
	for _, tc := range []struct {
		name, step, result string
		ok                 bool
	}{
		{"same dir", filepath.Join(d, "step.json"), filepath.Join(d, "result.json"), true},
		{"different dirs", filepath.Join(d, "step.json"), filepath.Join(root, "result.json"), false},
		{"relative", "step.json", "result.json", false},
		{"same file", filepath.Join(d, "x"), filepath.Join(d, "x"), false},
		{"dot dot", filepath.Join(d, "step.json"), d + string(filepath.Separator) + "..", false},
		{"the directory itself", filepath.Join(d, "step.json"), d + string(filepath.Separator), false},
	} {
		dir, s, r, err := privilegedPaths(tc.step, tc.result)
		if (err == nil) != tc.ok || tc.ok && (dir != d || s != "step.json" || r != "result.json") {
			t.Errorf("%s: got %q %q %q %v, want ok=%v", tc.name, dir, s, r, err, tc.ok)
		}
	}
}
