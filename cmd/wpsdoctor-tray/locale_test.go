//go:build cgo && (linux || freebsd || netbsd || openbsd || dragonfly)

package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestCLocaleDoesNotTripFyne starts the program (this test binary as
// wpsdoctor-tray, see TestMain) under C locales: Fyne, which reads the
// locale while its packages initialise, must not log that it cannot parse
// it, and the environment the program then sees keeps the character set.
func TestCLocaleDoesNotTripFyne(t *testing.T) {
	cases := []struct {
		name    string
		env     []string
		present []string // in the environment the program sees
		absent  []string
	}{
		{"LANG=C.UTF-8", []string{"LANG=C.UTF-8"}, []string{"LC_CTYPE=C.UTF-8"}, []string{"LANG=C.UTF-8"}},
		{"LC_ALL=C.UTF-8", []string{"LC_ALL=C.UTF-8", "LANG=en_US.UTF-8"}, []string{"LC_CTYPE=C.UTF-8", "LANG=en_US.UTF-8"}, []string{"LC_ALL=C.UTF-8"}},
		{"LANG with LC_CTYPE set", []string{"LANG=POSIX.utf8", "LC_CTYPE=zh_CN.UTF-8"}, []string{"LANG=C", "LC_CTYPE=zh_CN.UTF-8"}, nil},
		{"LC_MESSAGES=C.UTF-8", []string{"LC_MESSAGES=C.UTF-8", "LANG=zh_CN.UTF-8"}, []string{"LC_MESSAGES=C", "LANG=zh_CN.UTF-8"}, nil},
		{"LANG=C", []string{"LANG=C"}, []string{"LANG=C"}, nil},
		{"real locale untouched", []string{"LANG=zh_CN.UTF-8", "LC_MESSAGES=C.UTF-8"}, []string{"LANG=zh_CN.UTF-8"}, nil},
	}
	u := newUser(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := append(u.env(c.env...), "WSD_TEST_PRINT_ENV=1")
			code, stderr := launch(t, env, "--version")
			if code != 0 {
				t.Fatalf("got exit %d, want 0; stderr:\n%s", code, stderr)
			}
			if strings.Contains(stderr, "Error parsing user locale") || strings.Contains(stderr, "Fyne error") {
				t.Errorf("got a Fyne locale error on stderr:\n%s", stderr)
			}
			seen := strings.Split(stderr, "\n")
			for _, p := range c.present {
				if !slices.Contains(seen, "env "+p) {
					t.Errorf("got no %s in the program's environment:\n%s", p, stderr)
				}
			}
			for _, a := range c.absent {
				if slices.Contains(seen, "env "+a) {
					t.Errorf("got %s still in the program's environment:\n%s", a, stderr)
				}
			}
		})
	}
}

// printLocaleEnv writes the locale variables this process sees to stderr
// (WSD_TEST_PRINT_ENV=1), for TestCLocaleDoesNotTripFyne.
func printLocaleEnv() {
	if os.Getenv("WSD_TEST_PRINT_ENV") != "1" {
		return
	}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG") {
			os.Stderr.WriteString("env " + kv + "\n")
		}
	}
}
