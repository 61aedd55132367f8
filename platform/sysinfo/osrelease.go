package sysinfo

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// ParseOSRelease reads an os-release(5) file (/etc/os-release): KEY=value
// lines, values optionally quoted with shell-style escapes.
func ParseOSRelease(r io.Reader) (Info, error) {
	vals := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		vals[strings.TrimSpace(k)] = unquote(strings.TrimSpace(v))
	}
	if err := sc.Err(); err != nil {
		return Info{}, err
	}
	info := Info{OS: "linux", ID: strings.ToLower(vals["ID"]), Version: vals["VERSION_ID"], Name: vals["PRETTY_NAME"]}
	if info.ID == "" {
		info.ID = "linux" // os-release(5): the default
	}
	if info.Name == "" {
		info.Name = strings.TrimSpace(vals["NAME"] + " " + vals["VERSION"])
	}
	if info.Name == "" && info.Version == "" && len(vals) == 0 {
		return Info{}, errors.New("os-release: no fields")
	}
	if info.Name == "" {
		info.Name = "Linux"
	}
	return info, nil
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		q := v[0]
		v = v[1 : len(v)-1]
		if q == '\'' {
			return v
		}
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			if v[i] == '\\' && i+1 < len(v) {
				i++
			}
			b.WriteByte(v[i])
		}
		return b.String()
	}
	return v
}
