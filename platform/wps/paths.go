package wps

import (
	"path"
	"strings"
)

// Discovery describes every OS from every OS, so it cannot use
// path/filepath (which follows the host). winJoin/winDir/winBase handle
// Windows paths; path.Join handles POSIX ones.

// winJoin joins Windows path elements with backslashes.
func winJoin(elem ...string) string {
	var parts []string
	for _, e := range elem {
		if e != "" {
			parts = append(parts, strings.ReplaceAll(e, `\`, "/"))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	unc := strings.HasPrefix(parts[0], "//")
	j := path.Join(parts...)
	if unc {
		j = "/" + j
	}
	return strings.ReplaceAll(j, "/", `\`)
}

// winClean normalises separators and dot elements of a Windows path.
func winClean(p string) string {
	p = strings.TrimSpace(p)
	if p == "" {
		return ""
	}
	return winJoin(p)
}

func winDir(p string) string {
	p = strings.ReplaceAll(winClean(p), `\`, "/")
	d := path.Dir(p)
	if len(d) == 2 && d[1] == ':' {
		d += "/"
	}
	return strings.ReplaceAll(d, "/", `\`)
}

func winBase(p string) string {
	return path.Base(strings.ReplaceAll(winClean(p), `\`, "/"))
}

// expandWinEnv replaces %NAME% references with values from env, matched
// case-insensitively as Windows does; unknown references are left alone.
func expandWinEnv(s string, env map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		if v, ok := lookupEnv(env, name); ok && name != "" {
			b.WriteString(s[:i])
			b.WriteString(v)
		} else {
			b.WriteString(s[:i+2+j])
		}
		s = s[i+2+j:]
	}
}

// lookupEnv finds an environment variable, case-insensitively.
func lookupEnv(env map[string]string, name string) (string, bool) {
	if v, ok := env[name]; ok {
		return v, true
	}
	for k, v := range env {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}
