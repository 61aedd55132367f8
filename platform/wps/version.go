package wps

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a WPS version number such as 12.1.0.28505 or 11.1.0.11723.XA:
// up to four numeric fields and an optional suffix after them (".XA",
// ".AK.preread.sw_480057_amd64"). The zero Version is "unknown".
type Version struct {
	// Nums holds the numeric fields; N says how many were present.
	Nums [4]int
	N    int
	// Suffix is what followed the numeric fields, without the leading dot.
	Suffix string
}

// ParseVersion parses a dotted WPS version. It accepts 2 to 4 numeric
// fields followed by an optional suffix, and a leading "v".
func ParseVersion(s string) (Version, error) {
	raw := s
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if s == "" {
		return Version{}, fmt.Errorf("wps: empty version")
	}
	var v Version
	fields := strings.Split(s, ".")
	i := 0
	for ; i < len(fields) && i < 4; i++ {
		n, err := strconv.Atoi(fields[i])
		if err != nil || n < 0 || fields[i] == "" || strings.HasPrefix(fields[i], "+") {
			break
		}
		v.Nums[i] = n
		v.N++
	}
	if v.N < 2 {
		return Version{}, fmt.Errorf("wps: %q is not a version number", raw)
	}
	v.Suffix = strings.Join(fields[i:], ".")
	return v, nil
}

// IsZero reports whether v is the unknown version.
func (v Version) IsZero() bool { return v.N == 0 }

// Compare orders versions by their numeric fields (missing fields count as
// 0); the suffix does not take part: 11.1.0.11723.XA equals 11.1.0.11723.
func (v Version) Compare(o Version) int {
	for i := range v.Nums {
		switch {
		case v.Nums[i] < o.Nums[i]:
			return -1
		case v.Nums[i] > o.Nums[i]:
			return 1
		}
	}
	return 0
}

// String gives back the version as WPS writes it.
func (v Version) String() string {
	if v.N == 0 {
		return ""
	}
	parts := make([]string, 0, v.N+1)
	for i := 0; i < v.N; i++ {
		parts = append(parts, strconv.Itoa(v.Nums[i]))
	}
	if v.Suffix != "" {
		parts = append(parts, v.Suffix)
	}
	return strings.Join(parts, ".")
}

// Major is the first field (11 for the 2019 line, 12 for 2023 and later).
func (v Version) Major() int { return v.Nums[0] }

// EditionOf derives the edition from a Windows or Linux version number: the
// 2nd and 3rd fields are the edition code (x.1.0 mainland personal, x.2.0
// international, x.8.2 professional, x.1.2 mainland WPS 365). A Linux ".XA"
// suffix marks the international build. Anything else is EditionUnknown;
// the marketing year is never used. macOS versions (12.1.<build>) do not
// carry the code; there the bundle id decides (EditionOfBundle).
func EditionOf(v Version) Edition {
	if v.N < 3 {
		return EditionUnknown
	}
	if isXA(v) {
		return EditionInternational
	}
	switch [2]int{v.Nums[1], v.Nums[2]} {
	case [2]int{1, 0}:
		return EditionMainland
	case [2]int{2, 0}:
		return EditionInternational
	case [2]int{8, 2}:
		return EditionProfessional
	case [2]int{1, 2}:
		return EditionMainland365
	}
	return EditionUnknown
}

// isXA reports a Linux international build, which ships with cloud
// features disabled (wps-office-repack README).
func isXA(v Version) bool {
	s := strings.ToUpper(v.Suffix)
	return s == "XA" || strings.HasPrefix(s, "XA.") || strings.HasPrefix(s, "XA-")
}

// macOS bundle identifiers of the two builds (Homebrew casks).
const (
	BundleMainland      = "com.kingsoft.wpsoffice.mac"
	BundleInternational = "com.kingsoft.wpsoffice.mac.global"
)

// EditionOfBundle maps a macOS CFBundleIdentifier to an edition.
func EditionOfBundle(id string) Edition {
	switch id {
	case BundleMainland:
		return EditionMainland
	case BundleInternational:
		return EditionInternational
	}
	return EditionUnknown
}
