//go:build cgo && (linux || freebsd || netbsd || openbsd || dragonfly)

package main

// Fyne reads the locale while its packages initialise, before main runs,
// and cannot parse "C.UTF-8" (the default of containers and minimal
// systems): it logged "Fyne error: Error parsing user locale C" at every
// start. Go runs no code of ours before another package's init, so a C
// constructor, which runs before the Go runtime copies the environment,
// moves the C locale out of Fyne's way (wsd_normalise_locale). Without
// re-executing the program, in place: the runtime reads the environment
// block the process started with, so an entry is replaced, never added.

/*
#include <stdlib.h>
#include <string.h>

extern char **environ;

// wsd_c_locale: "C.<charset>" or "POSIX.<charset>", which Fyne's locale
// lookup takes for a language named "C" (plain "C" and "POSIX" it skips).
static int wsd_c_locale(const char *v) {
	return strncmp(v, "C.", 2) == 0 || strncmp(v, "POSIX.", 6) == 0;
}

static char **wsd_find(const char *prefix) {
	size_t n = strlen(prefix);
	for (char **e = environ; e != NULL && *e != NULL; e++) {
		if (strncmp(*e, prefix, n) == 0) {
			return e;
		}
	}
	return NULL;
}

// wsd_normalise_locale: the first of LC_ALL, LC_MESSAGES and LANG that is
// set decides the language (as in Fyne and i18n.FromEnv). When it is a C
// locale with a charset, LC_ALL or LANG becomes LC_CTYPE (same character
// set for the toolkit's text input; messages in the C locale, as before),
// or, with LC_CTYPE already set, and for LC_MESSAGES, plain "C".
__attribute__((constructor)) static void wsd_normalise_locale(void) {
	static const char *names[] = {"LC_ALL=", "LC_MESSAGES=", "LANG="};
	static const char *plain[] = {"LC_ALL=C", "LC_MESSAGES=C", "LANG=C"};
	for (int i = 0; i < 3; i++) {
		char **e = wsd_find(names[i]);
		if (e == NULL || (*e)[strlen(names[i])] == '\0') {
			continue;
		}
		const char *v = *e + strlen(names[i]);
		if (!wsd_c_locale(v)) {
			return;
		}
		if (i != 1 && wsd_find("LC_CTYPE=") == NULL) {
			size_t n = strlen("LC_CTYPE=") + strlen(v) + 1;
			char *s = malloc(n);
			if (s != NULL) {
				strcpy(s, "LC_CTYPE=");
				strcat(s, v);
				*e = s;
				return;
			}
		}
		*e = (char *)plain[i];
		return;
	}
}
*/
import "C"
