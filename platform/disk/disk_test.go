package disk

import "testing"

func TestStatTempDir(t *testing.T) {
	u, err := Stat(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if u.Total == 0 || u.Avail > u.Total || u.Free > u.Total {
		t.Fatalf("implausible usage %+v", u)
	}
	if p := u.UsedPercent(); p < 0 || p > 100 {
		t.Fatalf("used %% = %v", p)
	}
	if _, err := Stat("/definitely/not/here"); err == nil {
		t.Fatal("missing path gave no error")
	}
}

func TestUsedPercent(t *testing.T) {
	// 100 blocks, 10 free of which 5 reserved for root: df says 90/(90+5).
	u := Usage{Total: 100, Free: 10, Avail: 5}
	if got := u.UsedPercent(); got < 94.7 || got > 94.8 {
		t.Fatalf("UsedPercent = %v", got)
	}
}
