package wps

import (
	"strings"
	"testing"
)

func TestParseDpkgStatus(t *testing.T) {
	status := "Package: a\nStatus: install ok installed\nVersion: 1:2.0-3\nDescription: x\n y\n\n" +
		"Package: wps-office\nStatus: deinstall ok config-files\nVersion: 10.1\n\n" +
		"Package: wps-office-cn\r\nStatus: install ok installed\r\nVersion: 12.1.0.17900\r\n" // no trailing blank line, CRLF
	p, err := ParseDpkgStatus(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := p.Installed("a"); !ok || got.Version != "1:2.0-3" || got.Manager != "dpkg" {
		t.Errorf("a = %+v %v", got, ok)
	}
	if _, ok := p.Installed("wps-office"); ok {
		t.Error("a removed package (config-files) counts as installed")
	}
	if got, ok := p.Installed("wps-office-cn"); !ok || got.Version != "12.1.0.17900" {
		t.Errorf("wps-office-cn = %+v %v", got, ok)
	}
	if len(p) != 2 {
		t.Errorf("got %d packages", len(p))
	}
}

func TestPackageVersionAndPacmanNames(t *testing.T) {
	for in, want := range map[string]string{"1:2.0-3": "2.0", "12.1.0.17900-1": "12.1.0.17900", "11.1.0.11723.XA": "11.1.0.11723.XA", " 11.1.0.11698.XA-1 ": "11.1.0.11698.XA"} {
		if got := packageVersion(in); got != want {
			t.Errorf("packageVersion(%q) = %q, want %q", in, got, want)
		}
	}
	name, ver, ok := splitPacmanEntry("wps-office-mui-zh-cn-2.0.0-1")
	if !ok || name != "wps-office-mui-zh-cn" || ver != "2.0.0-1" {
		t.Errorf("split = %q %q %v", name, ver, ok)
	}
	if _, _, ok := splitPacmanEntry("nodash"); ok {
		t.Error("nodash split")
	}
	dbs := PackageDBs{nil, Packages{}, Packages{"x": {Name: "x", Version: "1"}}}
	if p, ok := dbs.Installed("x"); !ok || p.Version != "1" {
		t.Error("PackageDBs lookup")
	}
}

func TestQtIniValue(t *testing.T) {
	data := []byte("[General]\r\nshowpanel=false\r\n; localsyncfolder=/commented\r\n[1234]\r\nusercenter\\localSyncFolder=\"/home/u/WPS\\x4e91\\x76d8\"\r\n")
	v, ok := qtIniValue(data, "localsyncfolder")
	if !ok || v != "/home/u/WPS云盘" {
		t.Errorf("got %q %v", v, ok)
	}
	if _, ok := qtIniValue(data, "missing"); ok {
		t.Error("missing key found")
	}
	for in, want := range map[string]string{`a\\b`: `a\b`, `@ByteArray(/x)`: "/x", `@@x`: "@x", `tab\there`: "tab\there", `bad\xzz`: "badxzz"} {
		if got := decodeQtValue(in); got != want {
			t.Errorf("decodeQtValue(%q) = %q, want %q", in, got, want)
		}
	}
	if got := expandHome("$HOME/a", "/home/u"); got != "/home/u/a" {
		t.Error(got)
	}
	if got := expandHome("~/a", "/home/u"); got != "/home/u/a" {
		t.Error(got)
	}
}
