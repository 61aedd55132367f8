// Package dist holds the packaging of WPS Sync Doctor: bash scripts the
// Makefile calls (dist.sh: make dist and dist-quick; verify.sh: make
// dist-verify; sign.sh: Authenticode signing), the NSIS script, the Debian
// control templates and maintainer scripts, and the macOS templates and
// release script the release workflow runs on a macOS runner. The Go code
// here is only its tests: the templates render to well-formed files with
// the right keys, the version mapping, the release workflow's structure.
package dist
