package main

import (
	"bytes"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"wpsdoctor/i18n"
)

// On Linux/BSD, GLFW panics inside Fyne when the display cannot be opened,
// so the window process checks first that something listens where DISPLAY
// and WAYLAND_DISPLAY point, and says so in words when nothing does.

// endpoint is a socket a display server listens on.
type endpoint struct{ Network, Address string }

// displayEndpoints says where the X11 server named by display ($DISPLAY)
// and the Wayland compositor named by wayland ($WAYLAND_DISPLAY, relative
// to runtimeDir) listen, the way libxcb and libwayland look for them.
// known=false means a DISPLAY form it does not understand (DECnet,
// "protocol/host:N"): the caller should not judge, and let Fyne try.
func displayEndpoints(goos, display, wayland, runtimeDir string) (eps []endpoint, known bool) {
	known = true
	if display != "" {
		x, ok := x11Endpoints(goos, display)
		eps, known = append(eps, x...), ok
	}
	switch {
	case wayland == "":
	case filepath.IsAbs(wayland):
		eps = append(eps, endpoint{"unix", wayland})
	case runtimeDir != "":
		eps = append(eps, endpoint{"unix", filepath.Join(runtimeDir, wayland)})
	}
	return eps, known
}

// x11Endpoints parses DISPLAY: ":N", ":N.S", "unix:N" (local socket),
// "host:N" (TCP 6000+N), "/path/to/socket:N" (XQuartz-style socket path).
func x11Endpoints(goos, display string) ([]endpoint, bool) {
	i := strings.LastIndexByte(display, ':')
	if i < 0 {
		return nil, false
	}
	host, num := display[:i], display[i+1:]
	if j := strings.IndexByte(num, '.'); j >= 0 {
		if _, err := strconv.Atoi(num[j+1:]); err != nil {
			return nil, false
		}
		num = num[:j]
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > 59535 {
		return nil, false
	}
	if strings.HasSuffix(host, ":") || (strings.Contains(host, "/") && !strings.HasPrefix(host, "/")) {
		return nil, false // DECnet "host::N", "protocol/host:N"
	}
	switch {
	case host == "" || host == "unix":
		file := "/tmp/.X11-unix/X" + num
		eps := []endpoint{{"unix", file}}
		if goos == "linux" { // Xorg also listens on the abstract name, which works without /tmp
			eps = append(eps, endpoint{"unix", "@" + file})
		}
		return eps, true
	case strings.HasPrefix(host, "/"):
		return []endpoint{{"unix", host + ":" + num}}, true
	default:
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		return []endpoint{{"tcp", net.JoinHostPort(host, strconv.Itoa(6000+n))}}, true
	}
}

// reachable reports whether any endpoint accepts a connection (which is
// closed at once; display servers take that in their stride).
func reachable(eps []endpoint, timeout time.Duration) bool {
	for _, e := range eps {
		if c, err := net.DialTimeout(e.Network, e.Address, timeout); err == nil {
			c.Close()
			return true
		}
	}
	return false
}

// displayProblem explains in lang why no window can open on this
// Linux/BSD session, or returns "". reach tests the endpoints.
func displayProblem(goos string, getenv func(string) string, lang string, reach func([]endpoint) bool) string {
	if goos == "windows" || goos == "darwin" {
		return ""
	}
	display, wayland := getenv("DISPLAY"), getenv("WAYLAND_DISPLAY")
	if display == "" && wayland == "" {
		return i18n.T(lang, "app.display.none", nil)
	}
	eps, known := displayEndpoints(goos, display, wayland, getenv("XDG_RUNTIME_DIR"))
	if !known || reach(eps) {
		return ""
	}
	return i18n.T(lang, "app.display.unreachable", map[string]any{"display": displayNames(getenv)})
}

// displayNames is "DISPLAY=:0, WAYLAND_DISPLAY=wayland-0" for what is set.
func displayNames(getenv func(string) string) string {
	var s []string
	for _, k := range []string{"DISPLAY", "WAYLAND_DISPLAY"} {
		if v := getenv(k); v != "" {
			s = append(s, k+"="+v)
		}
	}
	return strings.Join(s, ", ")
}

// toolkitPanic tells a panic from GLFW or Fyne's GLFW driver (the display
// went away or never opened) by the panicking goroutine's stack, from a
// bug elsewhere, which keeps its stack trace.
func toolkitPanic(stack []byte) bool {
	return bytes.Contains(stack, []byte("github.com/go-gl/glfw/")) ||
		bytes.Contains(stack, []byte("fyne.io/fyne/v2/internal/driver/glfw."))
}
