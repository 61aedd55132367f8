package proc

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"testing/fstest"
)

func TestReadProcFS(t *testing.T) {
	fsys := fstest.MapFS{
		"1/stat":      {Data: []byte("1 (systemd) S 0 1 1 0 -1\n")},
		"1/cmdline":   {Data: []byte("/sbin/init\x00splash\x00")},
		"42/stat":     {Data: []byte("42 (wpscloudsvr) S 1 42 42 0 -1\n")},
		"42/cmdline":  {Data: []byte("/opt/kingsoft/wps-office/office6/wpscloudsvr\x00--daemon\x00")},
		"77/stat":     {Data: []byte("77 (odd (name) x) R 42 77 77 0 -1\n")},
		"self/stat":   {Data: []byte("not a pid dir")},
		"99/cmdline":  {Data: []byte("gone")}, // no stat: exited mid-listing
		"100/stat":    {Data: []byte("garbage")},
		"101/stat":    {Data: []byte("101 (promecefpluginho) S 42 1 1\n")},
		"101/cmdline": {Data: []byte("/opt/kingsoft/wps-office/office6/promecefpluginhost\x00")},
	}
	ps, err := ReadProcFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	byPID := map[int]Process{}
	for _, p := range ps {
		byPID[p.PID] = p
	}
	if len(byPID) != 4 {
		t.Fatalf("got %d processes, want 4: %+v", len(byPID), ps)
	}
	if p := byPID[42]; p.Name != "wpscloudsvr" || p.PPID != 1 || p.Exe != "/opt/kingsoft/wps-office/office6/wpscloudsvr" {
		t.Errorf("pid 42 = %+v", p)
	}
	if p := byPID[77]; p.Name != "odd (name) x" || p.PPID != 42 {
		t.Errorf("pid 77 = %+v", p)
	}
	if p := byPID[101]; p.Name != "promecefpluginhost" {
		t.Errorf("truncated comm not completed from cmdline: %+v", p)
	}
	if got := Find(ps, "WPSCLOUDSVR.exe"); len(got) != 1 || got[0].PID != 42 {
		t.Errorf("Find = %+v", got)
	}
}

func TestParsePS(t *testing.T) {
	out := []byte("    1     0 /sbin/launchd\n  512     1 /Applications/wpsoffice.app/Contents/MacOS/wpsoffice\n  600   512 /Applications/WPS Office Helper.app/Contents/MacOS/wpscloudsvr\nbad line\n")
	ps := ParsePS(out)
	if len(ps) != 3 {
		t.Fatalf("got %+v", ps)
	}
	if ps[2].Exe != "/Applications/WPS Office Helper.app/Contents/MacOS/wpscloudsvr" || ps[2].Name != "wpscloudsvr" || ps[2].PPID != 512 {
		t.Errorf("path with spaces: %+v", ps[2])
	}
	if got := Find(ps, "wpscloudsvr"); len(got) != 1 {
		t.Errorf("Find = %+v", got)
	}
}

func TestListFindsSelf(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("live listing tested on Linux")
	}
	ps, err := List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.PID == os.Getpid() {
			return
		}
	}
	t.Fatalf("own pid %d not in %d processes", os.Getpid(), len(ps))
}

func TestOfInstall(t *testing.T) {
	ps := []Process{
		{PID: 1, Name: "wpscloudsvr", Exe: "/opt/kingsoft/wps-office/office6/wpscloudsvr"},
		{PID: 2, Name: "wpscloudsvr", Exe: "/tmp/TestX/home/opt/kingsoft/wps-office/office6/wpscloudsvr"},
		{PID: 3, Name: "wpscloudsvr.exe", Exe: `C:\Users\u\AppData\Local\Kingsoft\WPS Office\12.1.0\office6\wpscloudsvr.exe`},
		{PID: 4, Name: "wpscloudsvr"}, // path unknown
		{PID: 5, Name: "wpscloudsvr", Exe: "/opt/kingsoft/wps-office-other/office6/wpscloudsvr"},
	}
	for _, tt := range []struct {
		root string
		want []int
	}{
		{"/opt/kingsoft/wps-office", []int{1, 4}},
		{"/opt/kingsoft/wps-office/", []int{1, 4}},
		{`c:\users\U\AppData\Local\Kingsoft\WPS Office`, []int{3, 4}},
		{"", []int{4}},
	} {
		var got []int
		for _, p := range OfInstall(ps, tt.root) {
			got = append(got, p.PID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("OfInstall(%q): got %v, want %v", tt.root, got, tt.want)
		}
	}
}
