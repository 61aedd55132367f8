package wps

import (
	"strconv"
	"strings"
)

// qtIniValue finds key (compared case-insensitively against the last
// component of each INI key, in any section) in a Qt QSettings INI file
// such as ~/.config/Kingsoft/WPSCloud.conf, and decodes the value. Qt
// writes non-Latin-1 characters as \xHHHH escapes, so a sync folder named
// WPS云盘 is stored as "WPS\x4e91\x76d8".
func qtIniValue(data []byte, key string) (string, bool) {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == ';' || line[0] == '#' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		if i := strings.LastIndexAny(k, `\/`); i >= 0 {
			k = k[i+1:]
		}
		if strings.EqualFold(k, key) {
			return decodeQtValue(strings.TrimSpace(v)), true
		}
	}
	return "", false
}

func decodeQtValue(v string) string {
	if strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) && len(v) >= 2 {
		v = v[1 : len(v)-1]
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 >= len(v) {
			b.WriteByte(c)
			continue
		}
		i++
		switch v[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'x':
			j := i + 1
			for j < len(v) && j < i+5 && isHex(v[j]) {
				j++
			}
			if n, err := strconv.ParseUint(v[i+1:j], 16, 32); err == nil && j > i+1 {
				b.WriteRune(rune(n))
				i = j - 1
			} else {
				b.WriteByte('x')
			}
		default:
			b.WriteByte(v[i])
		}
	}
	s := b.String()
	if strings.HasPrefix(s, "@ByteArray(") && strings.HasSuffix(s, ")") {
		s = s[len("@ByteArray(") : len(s)-1]
	} else if strings.HasPrefix(s, "@@") {
		s = s[1:]
	}
	return s
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
