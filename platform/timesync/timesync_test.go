package timesync

import (
	"os"
	"path/filepath"
	"reflect"
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

func TestParsers(t *testing.T) {
	if ntp, synced, ok := ParseTimedatectl(fixture(t, "timedatectl_off.txt")); ntp || synced || !ok {
		t.Errorf("off: %v %v %v", ntp, synced, ok)
	}
	if ntp, synced, ok := ParseTimedatectl(fixture(t, "timedatectl_on.txt")); !ntp || !synced || !ok {
		t.Errorf("on: %v %v %v", ntp, synced, ok)
	}
	if _, _, ok := ParseTimedatectl([]byte("garbage")); ok {
		t.Error("garbage parsed")
	}
	if on, ok := ParseMacNetworkTime(fixture(t, "systemsetup_off.txt")); on || !ok {
		t.Errorf("mac: %v %v", on, ok)
	}
	if _, ok := ParseMacNetworkTime([]byte("You need administrator access to run this tool... exiting!")); ok {
		t.Error("error text parsed as a state")
	}
}

func TestResyncArgv(t *testing.T) {
	argv, ok := ResyncArgv(State{OS: "linux", Daemon: "chrony"}, "")
	if !reflect.DeepEqual(argv, [][]string{{"chronyc", "makestep"}}) || len(ok) != 1 {
		t.Errorf("chrony %q", argv)
	}
	argv, _ = ResyncArgv(State{OS: "darwin"}, "ntp.aliyun.com")
	if !reflect.DeepEqual(argv, [][]string{{"sntp", "-sS", "ntp.aliyun.com"}}) {
		t.Errorf("mac %q", argv)
	}
	if argv, _ := ResyncArgv(State{OS: "linux"}, ""); argv != nil {
		t.Errorf("unknown daemon: %q", argv)
	}
	if !(State{OS: "windows", WinType: "NT5DS"}).DomainManaged() {
		t.Error("NT5DS is domain time")
	}
}
