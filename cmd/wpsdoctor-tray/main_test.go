package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestNoDisplay(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if noDisplay("linux", env(nil)) == "" {
		t.Error("linux without DISPLAY must refuse")
	}
	if noDisplay("linux", env(map[string]string{"WAYLAND_DISPLAY": "wayland-0"})) != "" || noDisplay("windows", env(nil)) != "" {
		t.Error("display present / windows must pass")
	}
}

func TestFlags(t *testing.T) {
	var buf bytes.Buffer
	if code := run([]string{"--version"}, &buf); code != 0 || !strings.Contains(buf.String(), "wpsdoctor-tray") {
		t.Fatalf("--version: %d %q", code, buf.String())
	}
	buf.Reset()
	if code := run([]string{"--no-such-flag"}, &buf); code != 2 {
		t.Fatalf("bad flag exit %d", code)
	}
}
