package netinfo

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpproxy"
)

// FromEnv reads the proxy environment variables (read afresh each call:
// net/http caches them for the life of the process).
func FromEnv() Proxy {
	c := httpproxy.FromEnvironment()
	return fromEnvConfig(c)
}

func fromEnvConfig(c *httpproxy.Config) Proxy {
	p := Proxy{Source: "env", Mode: ModeNone}
	p.HTTP = p.setting(c.HTTPProxy, 80)
	p.HTTPS = p.setting(c.HTTPSProxy, 80)
	if p.HTTP != "" || p.HTTPS != "" {
		p.Mode = ModeManual
	}
	for _, b := range strings.Split(c.NoProxy, ",") {
		if b = strings.TrimSpace(b); b != "" {
			p.Bypass = append(p.Bypass, b)
		}
	}
	return p
}

// setting stores one configured proxy: its user info goes to p.Users
// (for the probe), never into the value shown in reports.
func (p *Proxy) setting(s string, def int) string {
	hp, user := splitUserinfo(s)
	hp = proxyHostPort(hp, def)
	if user != nil && hp != "" {
		if p.Users == nil {
			p.Users = map[string]*url.Userinfo{}
		}
		p.Users[hp] = user
		p.Authenticated = true
	}
	return hp
}

// splitUserinfo separates "scheme://user:pw@host:port" (or the same
// without a scheme) into the setting without user info, and the user info.
func splitUserinfo(s string) (string, *url.Userinfo) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.User == nil {
			return stripUserinfo(s), nil
		}
		user := u.User
		u.User = nil
		return u.String(), user
	}
	i := strings.LastIndex(s, "@")
	if i < 0 || strings.ContainsAny(s[:i], "/?#") {
		return s, nil
	}
	name, pw, hasPW := strings.Cut(s[:i], ":")
	if n, err := url.PathUnescape(name); err == nil {
		name = n
	}
	if hasPW {
		if x, err := url.PathUnescape(pw); err == nil {
			pw = x
		}
		return s[i+1:], url.UserPassword(name, pw)
	}
	return s[i+1:], url.User(name)
}

// stripUserinfo removes "user:pw@" after a scheme even when the URL does
// not parse (a password with a raw '#', say).
func stripUserinfo(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if i := strings.LastIndex(rest[:end], "@"); i >= 0 {
		rest = rest[i+1:]
	}
	return scheme + "://" + rest
}

// pacURL is a PAC or WPAD URL without user info.
func pacURL(s string) string {
	s, _ = splitUserinfo(s)
	return s
}

// proxyHostPort turns "http://h:p", "h:p" or "h" into "h:p"; socks URLs
// are kept with their scheme (socks5://h:p) so the probe speaks SOCKS.
// User info is never kept.
func proxyHostPort(s string, def int) string {
	s, _ = splitUserinfo(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return s
		}
		if IsSOCKS(u.Scheme) {
			port := u.Port()
			if port == "" {
				port = "1080"
			}
			return strings.ToLower(u.Scheme) + "://" + net.JoinHostPort(u.Hostname(), port)
		}
		s = u.Host
	}
	if _, _, err := net.SplitHostPort(s); err == nil {
		return s
	}
	return net.JoinHostPort(strings.Trim(s, "[]"), strconv.Itoa(def))
}

// IsSOCKS reports whether a proxy URL scheme names SOCKS (socks, socks4,
// socks4a, socks5, socks5h).
func IsSOCKS(scheme string) bool {
	return strings.HasPrefix(strings.ToLower(scheme), "socks")
}

// SOCKSAddr splits a proxy value as UsesProxy returns it: for
// "socks5://h:p" it returns "h:p" and true.
func SOCKSAddr(proxy string) (string, bool) {
	scheme, rest, ok := strings.Cut(proxy, "://")
	if !ok || !IsSOCKS(scheme) {
		return proxy, false
	}
	return strings.TrimSuffix(rest, "/"), true
}

// UsesProxy reports which proxy (host:port, "" for none) a connection to
// https://host goes through under p, and whether p's answer is uncertain
// (PAC/WPAD decide per URL, which needs a JavaScript engine).
func (p Proxy) UsesProxy(host string) (proxy string, uncertain bool) {
	switch p.Mode {
	case ModePAC, ModeAuto:
		return "", true
	case ModeManual:
	default:
		return "", false
	}
	if p.Source == "env" {
		c := httpproxy.Config{HTTPSProxy: p.HTTPS, HTTPProxy: p.HTTP, NoProxy: strings.Join(p.Bypass, ",")}
		u, err := c.ProxyFunc()(&url.URL{Scheme: "https", Host: host})
		if err != nil || u == nil {
			return "", false
		}
		if IsSOCKS(u.Scheme) {
			return strings.ToLower(u.Scheme) + "://" + u.Host, false
		}
		return u.Host, false
	}
	if Bypassed(host, p.Bypass) {
		return "", false
	}
	for _, x := range []string{p.HTTPS, p.HTTP} {
		if x != "" {
			return x, false
		}
	}
	if p.SOCKS != "" {
		// The OS settings name a SOCKS host without a version; WPS's
		// network stack speaks SOCKS5 to it.
		if _, ok := SOCKSAddr(p.SOCKS); ok {
			return p.SOCKS, false
		}
		return "socks5://" + p.SOCKS, false
	}
	return "", false
}

// Bypassed matches host against a bypass list in the styles the OSes use:
// "*.wps.cn", ".wps.cn", "wps.cn", "<local>", "127.0.0.0/8", "*".
func Bypassed(host string, list []string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	ip := net.ParseIP(h)
	for _, e := range list {
		e = strings.ToLower(strings.TrimSpace(e))
		switch {
		case e == "":
		case e == "*":
			return true
		case e == "<local>":
			if !strings.Contains(h, ".") {
				return true
			}
		case strings.Contains(e, "/"):
			if _, n, err := net.ParseCIDR(e); err == nil && ip != nil && n.Contains(ip) {
				return true
			}
		case strings.HasPrefix(e, "*.") && !strings.Contains(e[2:], "*"):
			if strings.HasSuffix(h, e[1:]) || h == e[2:] {
				return true
			}
		case strings.HasPrefix(e, "."):
			if strings.HasSuffix(h, e) || h == e[1:] {
				return true
			}
		case strings.Contains(e, "*"):
			if wildcard(e, h) {
				return true
			}
		default:
			if h == e || strings.HasSuffix(h, "."+e) {
				return true
			}
		}
	}
	return false
}

func wildcard(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, part := range parts[1:] {
		j := strings.Index(s, part)
		if j < 0 || (i == len(parts)-2 && !strings.HasSuffix(s, part)) {
			return false
		}
		s = s[j+len(part):]
	}
	return true
}

// WinINet builds the per-user Windows proxy from the values under
// HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings.
// ProxyServer is "h:p" for every protocol or "http=h:p;https=h:p;socks=h:p".
func WinINet(enable uint32, server, override, autoConfigURL string) Proxy {
	p := Proxy{Source: "wininet", Mode: ModeNone}
	if autoConfigURL != "" {
		p.Mode, p.PAC = ModePAC, pacURL(autoConfigURL)
	}
	if enable != 0 && strings.TrimSpace(server) != "" {
		p.Mode = ModeManual
		p.HTTP, p.HTTPS, p.SOCKS = splitProxyServer(server)
	}
	for _, b := range strings.Split(override, ";") {
		if b = strings.TrimSpace(b); b != "" {
			p.Bypass = append(p.Bypass, b)
		}
	}
	return p
}

func splitProxyServer(s string) (httpP, httpsP, socks string) {
	if !strings.Contains(s, "=") {
		hp := proxyHostPort(s, 80)
		return hp, hp, ""
	}
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "http":
			httpP = proxyHostPort(v, 80)
		case "https":
			httpsP = proxyHostPort(v, 80)
		case "socks":
			socks = proxyHostPort(v, 1080)
		}
	}
	return
}

// WinHTTP flag bits in the WinHttpSettings blob.
const (
	winhttpDirect    = 0x01
	winhttpProxy     = 0x02
	winhttpAutoURL   = 0x04
	winhttpAutoDetec = 0x08
)

// ParseWinHTTPSettings decodes the machine-wide WinHTTP proxy, the binary
// value WinHttpSettings under HKLM\SOFTWARE\Microsoft\Windows\
// CurrentVersion\Internet Settings\Connections (what `netsh winhttp set
// proxy` writes): DWORD version, DWORD counter, DWORD flags, then
// length-prefixed proxy and bypass strings.
func ParseWinHTTPSettings(b []byte) (Proxy, error) {
	p := Proxy{Source: "winhttp", Mode: ModeNone}
	if len(b) < 12 {
		return p, fmt.Errorf("WinHttpSettings: %d bytes, want at least 12", len(b))
	}
	flags := binary.LittleEndian.Uint32(b[8:12])
	rest := b[12:]
	str := func() (string, error) {
		if len(rest) < 4 {
			return "", nil
		}
		n := binary.LittleEndian.Uint32(rest[:4])
		if uint64(n) > uint64(len(rest)-4) {
			return "", errors.New("WinHttpSettings: string length past the end")
		}
		s := string(rest[4 : 4+n])
		rest = rest[4+n:]
		return s, nil
	}
	server, err := str()
	if err != nil {
		return p, err
	}
	bypass, err := str()
	if err != nil {
		return p, err
	}
	if flags&winhttpProxy != 0 && server != "" {
		p.Mode = ModeManual
		p.HTTP, p.HTTPS, p.SOCKS = splitProxyServer(server)
		for _, x := range strings.Split(bypass, ";") {
			if x = strings.TrimSpace(x); x != "" {
				p.Bypass = append(p.Bypass, x)
			}
		}
	}
	return p, nil
}

// ParseScutilProxy reads `scutil --proxy` output (macOS).
func ParseScutilProxy(out string) (Proxy, error) {
	p := Proxy{Source: "scutil", Mode: ModeNone}
	if !strings.Contains(out, "<dictionary>") {
		return p, errors.New("scutil --proxy: no dictionary in output")
	}
	kv := map[string]string{}
	inExceptions := false
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if inExceptions {
			if line == "}" {
				inExceptions = false
				continue
			}
			if _, v, ok := strings.Cut(line, ":"); ok {
				p.Bypass = append(p.Bypass, strings.TrimSpace(v))
			}
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "ExceptionsList" {
			inExceptions = true
			continue
		}
		kv[k] = v
	}
	hp := func(prefix string) string {
		if kv[prefix+"Enable"] != "1" || kv[prefix+"Proxy"] == "" {
			return ""
		}
		host, _ := splitUserinfo(kv[prefix+"Proxy"])
		port := kv[prefix+"Port"]
		if port == "" {
			return host
		}
		return net.JoinHostPort(host, port)
	}
	p.HTTP, p.HTTPS, p.SOCKS = hp("HTTP"), hp("HTTPS"), hp("SOCKS")
	switch {
	case p.HTTP != "" || p.HTTPS != "" || p.SOCKS != "":
		p.Mode = ModeManual
	case kv["ProxyAutoConfigEnable"] == "1":
		p.Mode, p.PAC = ModePAC, pacURL(kv["ProxyAutoConfigURLString"])
	case kv["ProxyAutoDiscoveryEnable"] == "1":
		p.Mode = ModeAuto
	}
	if kv["ProxyAutoConfigEnable"] == "1" {
		p.PAC = pacURL(kv["ProxyAutoConfigURLString"])
	}
	return p, nil
}

// ParseGSettings reads `gsettings list-recursively org.gnome.system.proxy`.
func ParseGSettings(out string) (Proxy, error) {
	p := Proxy{Source: "gnome", Mode: ModeNone}
	vals := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.SplitN(strings.TrimSpace(sc.Text()), " ", 3)
		if len(f) != 3 || !strings.HasPrefix(f[0], "org.gnome.system.proxy") {
			continue
		}
		schema := strings.TrimPrefix(strings.TrimPrefix(f[0], "org.gnome.system.proxy"), ".")
		key := f[1]
		if schema != "" {
			key = schema + "." + key
		}
		vals[key] = strings.TrimSpace(f[2])
	}
	if len(vals) == 0 {
		return p, errors.New("gsettings: no org.gnome.system.proxy keys")
	}
	unq := func(s string) string { return strings.Trim(s, "'\"") }
	hp := func(schema string) string {
		h, _ := splitUserinfo(unq(vals[schema+".host"]))
		port := vals[schema+".port"]
		if h == "" || port == "" || port == "0" {
			return ""
		}
		return net.JoinHostPort(h, port)
	}
	switch unq(vals["mode"]) {
	case "manual":
		p.Mode = ModeManual
		p.HTTP, p.HTTPS, p.SOCKS = hp("http"), hp("https"), hp("socks")
	case "auto":
		p.PAC = pacURL(unq(vals["autoconfig-url"]))
		p.Mode = ModePAC
		if p.PAC == "" {
			p.Mode = ModeAuto
		}
	}
	if l := strings.Trim(vals["ignore-hosts"], "[]"); l != "" {
		for _, x := range strings.Split(l, ",") {
			if x = unq(strings.TrimSpace(x)); x != "" {
				p.Bypass = append(p.Bypass, x)
			}
		}
	}
	return p, nil
}

// ParseKioslaverc reads KDE's kioslaverc [Proxy Settings]: ProxyType 0
// none, 1 manual, 2 PAC ("Proxy Config Script"), 3 WPAD, 4 environment
// (the key semantics come from KDE's kio sources; unverified on a live
// desktop).
// Proxies are "http://h:p" or the older "h p".
func ParseKioslaverc(text string) Proxy {
	p := Proxy{Source: "kde", Mode: ModeNone}
	section := ""
	kv := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			continue
		}
		if section != "Proxy Settings" {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			k = strings.TrimSpace(k)
			if i := strings.Index(k, "["); i > 0 { // localised keys: Key[$e]
				k = k[:i]
			}
			kv[k] = strings.TrimSpace(v)
		}
	}
	kde := func(s string) string {
		s = strings.TrimSpace(s)
		if h, port, ok := strings.Cut(s, " "); ok {
			s = strings.TrimSpace(h) + ":" + strings.TrimSpace(port)
		}
		return proxyHostPort(s, 8080)
	}
	switch kv["ProxyType"] {
	case "1":
		p.Mode = ModeManual
		p.HTTP, p.HTTPS = kde(kv["httpProxy"]), kde(kv["httpsProxy"])
		if s := kv["socksProxy"]; s != "" {
			p.SOCKS = kde(s)
		}
	case "2":
		p.Mode, p.PAC = ModePAC, pacURL(kv["Proxy Config Script"])
	case "3":
		p.Mode = ModeAuto
	case "4":
		// "use environment variables": the env source reports those.
	}
	for _, x := range strings.Split(kv["NoProxyFor"], ",") {
		if x = strings.TrimSpace(x); x != "" {
			p.Bypass = append(p.Bypass, x)
		}
	}
	return p
}
