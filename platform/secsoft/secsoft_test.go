package secsoft

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestKnownCatalogue(t *testing.T) {
	ps := Known()
	want := []string{"360", "huorong", "tencent", "kaspersky", "norton", "eset", "mcafee", "avast", "avg", "bitdefender", "trendmicro", "defender"}
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ID)
		if len(p.WMI) == 0 || len(p.Processes) == 0 || len(p.Services) == 0 {
			t.Errorf("%s: got %d WMI names, %d processes, %d services; want each non-empty", p.ID, len(p.WMI), len(p.Processes), len(p.Services))
		}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("got products %v, want %v", ids, want)
	}
}

func TestParseWMI(t *testing.T) {
	known := Known()
	for _, c := range []struct {
		name string
		in   []byte
		want []Found
	}{
		{"single object", fixture(t, "wmi_single.json"), []Found{{ID: "kaspersky", Name: "Kaspersky Internet Security", Source: "wmi", Active: true}}},
		{"array", fixture(t, "wmi_array.json"), []Found{
			{ID: "defender", Name: "Windows Defender", Source: "wmi", Active: false}, // 0x060100: off (another product is active)
			{ID: "360", Name: "360杀毒", Source: "wmi", Active: true},
			{ID: "", Name: "Contoso Shield", Source: "wmi", Active: false},
		}},
		{"with a BOM", append([]byte("\xef\xbb\xbf"), fixture(t, "wmi_single.json")...), []Found{{ID: "kaspersky", Name: "Kaspersky Internet Security", Source: "wmi", Active: true}}},
		{"no product", []byte("\r\n"), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseWMI(known, c.in)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
	for _, bad := range []string{"Get-CimInstance : Invalid namespace", "{\"displayName\": 3}", "[{"} {
		if _, err := ParseWMI(known, []byte(bad)); err == nil {
			t.Errorf("ParseWMI(%q) got no error, want one", bad)
		}
	}
}

func TestMatchProcesses(t *testing.T) {
	known := Known()
	for _, c := range []struct {
		name  string
		procs []string
		want  []string
	}{
		{"Windows, case and .exe", []string{"explorer.exe", "HIPSTRAY.EXE", "wps.exe", "avp.exe"}, []string{"huorong", "kaspersky"}},
		{"360 twice is one", []string{"360tray.exe", "ZhuDongFangYu.exe"}, []string{"360"}},
		{"macOS and Linux daemons", []string{"launchd", "wdavdaemon", "esets_daemon"}, []string{"eset", "defender"}},
		{"nothing known", []string{"bash", "wpscloudsvr", "avp-helper"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range MatchProcesses(known, c.procs) {
				got = append(got, f.ID)
				if f.Source != "process" {
					t.Errorf("%s: got source %q, want process", f.ID, f.Source)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestFirstPrefersThirdPartyAndMerge(t *testing.T) {
	var d Detected
	d.Merge(Found{ID: "defender", Name: "Windows Defender", Source: "wmi"}, Found{Name: "Contoso Shield", Source: "wmi"})
	d.Merge(Found{ID: "tencent", Name: "QQPCTray.exe", Source: "process"}, Found{ID: "defender", Name: "MsMpEng.exe", Source: "process"})
	if len(d.Products) != 3 {
		t.Fatalf("got %d products after merge, want 3: %+v", len(d.Products), d.Products)
	}
	if f, ok := d.First(); !ok || f.ID != "tencent" {
		t.Errorf("got first %+v, want tencent (known third party before unknown and Defender)", f)
	}
	if _, ok := (Detected{}).First(); ok {
		t.Errorf("got a first product of nothing, want none")
	}
}
