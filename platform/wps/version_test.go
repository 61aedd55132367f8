package wps

import "testing"

func TestParseVersionAndEdition(t *testing.T) {
	cases := []struct {
		in      string
		str     string
		suffix  string
		edition Edition
	}{
		{"12.1.0.28505", "12.1.0.28505", "", EditionMainland},
		{"11.1.0.11719", "11.1.0.11719", "", EditionMainland},
		{"12.2.0.23196", "12.2.0.23196", "", EditionInternational},
		{"11.2.0.10463", "11.2.0.10463", "", EditionInternational},
		{"12.8.2.18913", "12.8.2.18913", "", EditionProfessional},
		{"11.8.2.12085", "11.8.2.12085", "", EditionProfessional},
		{"12.1.2.24722", "12.1.2.24722", "", EditionMainland365},
		{"11.1.0.11723.XA", "11.1.0.11723.XA", "XA", EditionInternational},
		{"12.1.2.24722.AK.preread.sw_480057_amd64", "12.1.2.24722.AK.preread.sw_480057_amd64", "AK.preread.sw_480057_amd64", EditionMainland365},
		{"12.1.28496", "12.1.28496", "", EditionUnknown}, // macOS: third field is the build
		{"10.1.0.6757", "10.1.0.6757", "", EditionMainland},
		{"12.5.0.1", "12.5.0.1", "", EditionUnknown},
		{"v12.2.0.1", "12.2.0.1", "", EditionInternational},
		{"6.12.2", "6.12.2", "", EditionUnknown},
	}
	for _, c := range cases {
		v, err := ParseVersion(c.in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", c.in, err)
			continue
		}
		if v.String() != c.str || v.Suffix != c.suffix {
			t.Errorf("ParseVersion(%q) = %q suffix %q", c.in, v.String(), v.Suffix)
		}
		if got := EditionOf(v); got != c.edition {
			t.Errorf("EditionOf(%q) = %q, want %q", c.in, got, c.edition)
		}
	}
}

func TestParseVersionRejects(t *testing.T) {
	for _, s := range []string{"", "  ", "abc", "12", "x.1.0", ".1.0", "-1.2.3", "+1.2"} {
		if v, err := ParseVersion(s); err == nil {
			t.Errorf("ParseVersion(%q) = %v, want error", s, v)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	order := []string{"9.1.0.5", "10.1.0.6757", "11.1.0.11719", "11.1.0.15120", "12.1.0.16729", "12.1.0.28505", "12.2.0.1"}
	for i := range order {
		for j := range order {
			a, _ := ParseVersion(order[i])
			b, _ := ParseVersion(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	a, _ := ParseVersion("11.1.0.11723.XA")
	b, _ := ParseVersion("11.1.0.11723")
	if a.Compare(b) != 0 {
		t.Error("suffix must not change the order")
	}
	if !(Version{}).IsZero() || a.IsZero() || a.Major() != 11 {
		t.Error("IsZero/Major")
	}
}

func TestEditionOfBundle(t *testing.T) {
	for id, want := range map[string]Edition{
		"com.kingsoft.wpsoffice.mac":        EditionMainland,
		"com.kingsoft.wpsoffice.mac.global": EditionInternational,
		"com.kingsoft.wpsoffice.mac.beta":   EditionUnknown,
		"":                                  EditionUnknown,
	} {
		if got := EditionOfBundle(id); got != want {
			t.Errorf("EditionOfBundle(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestParseInfoPlistErrors(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not a plist {"), []byte(`<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleVersion</key><string>1</string></dict></plist>`)} {
		if _, err := ParseInfoPlist(data); err == nil {
			t.Errorf("ParseInfoPlist(%q): want error", data)
		}
	}
}
