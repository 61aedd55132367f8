package sysinfo

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"howett.net/plist"
)

// minimums mirrors the catalogue's os_minimum table.
var minimums = map[string]string{"windows": "6.1", "darwin": "10.12", "ubuntu": "20.04"}

func readOSRelease(t *testing.T, name string) Info {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := ParseOSRelease(f)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func TestParseOSReleaseAndSupported(t *testing.T) {
	cases := []struct {
		file, id, version, name string
		ok, known               bool
	}{
		{"ubuntu-22.04.os-release", "ubuntu", "22.04", "Ubuntu 22.04.4 LTS", true, true},
		{"ubuntu-18.04.os-release", "ubuntu", "18.04", "Ubuntu 18.04.6 LTS", false, true},
		{"debian-12.os-release", "debian", "12", "Debian GNU/Linux 12 (bookworm)", true, false},
		{"kylin.os-release", "kylin", "v10", `Kylin V10 SP1 "quoted"`, true, false},
	}
	for _, c := range cases {
		info := readOSRelease(t, c.file)
		if info.OS != "linux" || info.ID != c.id || info.Version != c.version || info.Name != c.name {
			t.Errorf("%s: %+v", c.file, info)
		}
		if ok, known := Supported(info, minimums); ok != c.ok || known != c.known {
			t.Errorf("%s: Supported = %v,%v want %v,%v", c.file, ok, known, c.ok, c.known)
		}
	}
}

func TestParseOSReleaseOddInput(t *testing.T) {
	if _, err := ParseOSRelease(strings.NewReader("")); err == nil {
		t.Error("empty file accepted")
	}
	info, err := ParseOSRelease(strings.NewReader("garbage without equals\nNAME=Foo\n"))
	if err != nil || info.ID != "linux" || info.Name != "Foo" {
		t.Errorf("%+v %v", info, err)
	}
	// Ubuntu with an unparsable version: not comparable.
	if ok, known := Supported(Info{OS: "linux", ID: "ubuntu", Version: "rolling"}, minimums); !ok || known {
		t.Errorf("rolling: %v %v", ok, known)
	}
}

func TestParseSystemVersion(t *testing.T) {
	xml, err := os.ReadFile(filepath.Join("testdata", "SystemVersion.plist"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if _, err := plist.Unmarshal(xml, &m); err != nil {
		t.Fatal(err)
	}
	m["ProductVersion"] = "10.11.6"
	old, err := plist.Marshal(m, plist.BinaryFormat)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		data      []byte
		version   string
		ok, known bool
	}{
		{"xml", xml, "14.5", true, true},
		{"binary", old, "10.11.6", false, true},
	}
	for _, c := range cases {
		info, err := ParseSystemVersion(c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if info.OS != "darwin" || info.Version != c.version || info.Name != "macOS" {
			t.Errorf("%s: %+v", c.name, info)
		}
		if ok, known := Supported(info, minimums); ok != c.ok || known != c.known {
			t.Errorf("%s: Supported = %v,%v", c.name, ok, known)
		}
	}
	for _, bad := range [][]byte{nil, []byte("<plist><dict></dict></plist>"), []byte("{{{")} {
		if _, err := ParseSystemVersion(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestWindowsInfo(t *testing.T) {
	cases := []struct {
		major, minor, build uint32
		server              bool
		name, version       string
		ok                  bool
	}{
		{10, 0, 22631, false, "Windows 11", "10.0.22631", true},
		{10, 0, 19045, false, "Windows 10", "10.0.19045", true},
		{6, 1, 7601, false, "Windows 7", "6.1.7601", true},
		{6, 0, 6002, false, "Windows Vista", "6.0.6002", false},
		{5, 1, 2600, false, "Windows", "5.1.2600", false},
		{10, 0, 20348, true, "Windows Server", "10.0.20348", true},
	}
	for _, c := range cases {
		info := WindowsInfo(c.major, c.minor, c.build, c.server)
		if info.Name != c.name || info.Version != c.version || info.OS != "windows" {
			t.Errorf("%+v", info)
		}
		if ok, known := Supported(info, minimums); ok != c.ok || !known {
			t.Errorf("%s: Supported = %v,%v", info.Version, ok, known)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"10.12", "10.12.0", 0}, {"10.9", "10.12", -1}, {"20.04", "20.4", 0}, {"22.04", "20.04", 1}, {"6.1", "10.0", -1}} {
		if got, ok := compareVersions(c.a, c.b); !ok || got != c.want {
			t.Errorf("compare(%s,%s) = %d,%v", c.a, c.b, got, ok)
		}
	}
	if _, ok := compareVersions("1.x", "1"); ok {
		t.Error("non-numeric compared")
	}
	if ok, known := Supported(Info{OS: "plan9"}, minimums); !ok || known {
		t.Error("unknown OS")
	}
}

// The running system: a real, parsable answer.
func TestOSVersionHere(t *testing.T) {
	info, err := OSVersion()
	if err != nil {
		t.Skipf("no OS version here: %v", err)
	}
	if info.OS != runtime.GOOS || info.Version == "" && runtime.GOOS != "linux" || info.Name == "" {
		t.Errorf("%+v", info)
	}
	t.Logf("%+v", info)
}
