#!/usr/bin/env bash
# dist.sh all     builds every installer this Linux machine can (make dist):
#                 Windows (NSIS, signed), Linux (.deb, tarball), the macOS CLI
#                 tarballs and the rendered macOS templates; prints each with its size.
# dist.sh quick   the fast subset make test runs (make dist-quick): the NSIS
#                 script compiles and the .deb builds, around a real CLI and a
#                 placeholder tray (the slow cgo builds are make dist's).
#
# From the Makefile: GO, VERSION (git describe), LDFLAGS (the Makefile's, so
# the Go build cache holds), DIST_OUT (artefacts), DIST_WORK (scratch, kept
# between runs: its fixed paths keep the build cache warm).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
GO=${GO:-go}
VERSION=${VERSION:-$(git -C "$repo" describe --tags --always --dirty 2>/dev/null || echo dev)}
LDFLAGS=${LDFLAGS:--X main.version=$VERSION}
# Shipped binaries leave out the symbol table and DWARF (-s -w): about half
# the tray's size. Link flags only: the compiled packages, Fyne's cgo among
# them, come from the same build cache as make build's.
LDFLAGS="$LDFLAGS -s -w"
DIST_OUT=${DIST_OUT:-$repo/artefacts/dist}
DIST_WORK=${DIST_WORK:-$repo/artefacts/dist-work}
export WSD_SIGN_DIR=${WSD_SIGN_DIR:-$DIST_WORK/sign}

# shellcheck source=dist/lib.sh
. "$here/lib.sh"
# shellcheck source=dist/windows.sh
. "$here/windows.sh"
# shellcheck source=dist/linux.sh
. "$here/linux.sh"
# shellcheck source=dist/macos.sh
. "$here/macos.sh"

main() {
	local mode=${1:-all}
	case $mode in
	all | quick) ;;
	*)
		echo "usage: dist.sh all|quick" >&2
		exit 2
		;;
	esac
	versions
	rm -rf "$DIST_OUT"
	mkdir -p "$DIST_OUT" "$DIST_WORK"
	echo "== dist ($mode): $PRODUCT_VERSION (Windows $VERSION4, program version $VERSION) -> $DIST_OUT"
	timed "signing key" "$here/sign.sh" --init
	if [ "$mode" = quick ]; then
		timed "Windows installer (placeholder tray)" windows_quick
		timed "Debian package (placeholder tray)" linux_quick
	else
		timed "Windows installer" windows_all
		timed "Linux .deb and tarball" linux_all
		timed "macOS CLI and templates" macos_all
	fi
	echo "== artefacts"
	list_artefacts
}

main "$@"
