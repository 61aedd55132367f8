#!/usr/bin/env bash
# verify.sh [signatures|wine|deb]...   (make dist-verify; default: all three)
# Proves what make dist built, on this Debian 12 machine:
#  signatures  osslsigncode verify of every signed file against the test CA
#              (or, with WSD_SIGN_CA, against that CA for a real certificate)
#  wine        under Wine 8 with the bcryptprimitives stub, in a throw-away
#              prefix (e2e/wine's TestInstaller): the installer installs
#              silently, the installed wpsdoctor.exe runs, finds a WPS install
#              planted in Wine's registry and files, prints the Windows plan of
#              dns.set; the uninstaller removes everything but the users' data
#              (unless /PURGE)
#  deb         dpkg -i of the .deb on this machine (root), wpsdoctor version
#              runs, the polkit action is in place, dpkg -r removes every
#              file it installed but the conffile, dpkg -P that too
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
GO=${GO:-go}
VERSION=${VERSION:-$(git -C "$repo" describe --tags --always --dirty 2>/dev/null || echo dev)}
DIST_OUT=${DIST_OUT:-$repo/artefacts/dist}
DIST_WORK=${DIST_WORK:-$repo/artefacts/dist-work}
WSD_SIGN_DIR=${WSD_SIGN_DIR:-$DIST_WORK/sign}
SUDO=${SUDO:-$([ "$(id -u)" = 0 ] || echo sudo)}
# shellcheck source=dist/lib.sh
. "$here/lib.sh"
versions

fail() {
	echo "dist-verify: FAILED: $*" >&2
	exit 1
}

artefact() {
	local f="$DIST_OUT/$1"
	[ -f "$f" ] || fail "$f missing: run make dist first"
	echo "$f"
}

verify_signatures() {
	local ca=${WSD_SIGN_CA:-$WSD_SIGN_DIR/ca.crt} f n=0 out
	[ -f "$ca" ] || fail "no CA to verify against ($ca)"
	for f in "$(artefact "wpsdoctor-$PRODUCT_VERSION-windows-amd64-setup.exe")" \
		"$(artefact "wpsdoctor-$PRODUCT_VERSION-windows-amd64.exe")" \
		"$DIST_WORK/windows/payload/wpsdoctor.exe" "$DIST_WORK/windows/payload/wpsdoctor-tray.exe"; do
		if ! out=$(osslsigncode verify -CAfile "$ca" -in "$f" 2>&1) || ! grep -q '^Signature verification: ok' <<<"$out"; then
			printf '%s\n' "$out" >&2
			fail "$f: signature does not verify"
		fi
		echo "signature ok: $f"
		n=$((n + 1))
	done
	# A signature that verifies must also fail when the file changes.
	local bad="$DIST_WORK/tampered.exe"
	cp "$DIST_WORK/windows/payload/wpsdoctor.exe" "$bad"
	printf '\x00' | dd of="$bad" bs=1 seek=4096 conv=notrunc status=none
	printf '\xff' | dd of="$bad" bs=1 seek=4097 conv=notrunc status=none
	if osslsigncode verify -CAfile "$ca" -in "$bad" >/dev/null 2>&1; then
		fail "a tampered copy of wpsdoctor.exe still verifies"
	fi
	rm -f "$bad"
	echo "signatures: $n files verify against $ca; a tampered copy does not"
}

verify_wine() {
	local setup
	setup=$(artefact "wpsdoctor-$PRODUCT_VERSION-windows-amd64-setup.exe")
	(cd "$repo" && WSD_DIST_INSTALLER="$setup" WSD_DIST_VERSION="$VERSION" WSD_DIST_PRODUCT_VERSION="$PRODUCT_VERSION" \
		WSD_DIST_CA="${WSD_SIGN_CA:-$WSD_SIGN_DIR/ca.crt}" \
		"$GO" test -tags wine -count=1 -v -timeout 15m -run 'TestInstaller' ./e2e/wine/ | grep -v -e '^=== ')
	[ "${PIPESTATUS[0]}" = 0 ] || fail "the installer under Wine"
}

verify_deb() {
	local deb list f conf
	deb=$(artefact "wpsdoctor_${PRODUCT_VERSION}_amd64.deb")
	if dpkg-query -W -f='${Status}' wpsdoctor 2>/dev/null | grep -q 'installed'; then
		fail "a wpsdoctor package is already installed here; dist-verify would remove it"
	fi
	for f in /usr/bin/wpsdoctor /usr/bin/wpsdoctor-tray /usr/share/polkit-1/actions/io.github.wpssyncdoctor.policy; do
		[ ! -e "$f" ] || fail "$f exists and belongs to no package (make install?); remove it first"
	done
	# Whatever happens next, the machine is left without the package.
	trap '$SUDO dpkg -P wpsdoctor >/dev/null 2>&1 || true' EXIT
	$SUDO dpkg -i "$deb" || fail "dpkg -i $deb (a missing dependency? make deps installs them: $(dpkg-deb -f "$deb" Depends))"
	list=$(dpkg -L wpsdoctor)
	while IFS= read -r f; do
		[ -e "$f" ] || fail "dpkg -L lists $f, which is not there"
	done <<<"$list"
	local out
	out=$(/usr/bin/wpsdoctor version) || fail "wpsdoctor version: exit $?"
	grep -qF "$VERSION" <<<"$out" || fail "wpsdoctor version: got \"$out\", want $VERSION in it"
	echo "deb: installed; /usr/bin/wpsdoctor version: $out"
	local policy=/usr/share/polkit-1/actions/io.github.wpssyncdoctor.policy
	grep -q '>/usr/bin/wpsdoctor<' "$policy" || fail "$policy does not name /usr/bin/wpsdoctor"
	! grep -q '@[A-Z_]*@' "$policy" || fail "$policy has unfilled placeholders"
	if command -v xmllint >/dev/null; then xmllint --noout "$policy" || fail "$policy is not well-formed"; fi
	if command -v desktop-file-validate >/dev/null; then
		desktop-file-validate "/usr/share/applications/$APP_ID.desktop" || fail "the .desktop file does not validate"
	fi
	echo "deb: the polkit action is in place: $policy"
	conf=$(dpkg-query -W -f='${Conffiles}\n' wpsdoctor | awk 'NF { print $1 }')
	$SUDO dpkg -r wpsdoctor >/dev/null || fail "dpkg -r wpsdoctor"
	local left=0
	while IFS= read -r f; do
		[ -d "$f" ] && continue # shared folders (/usr/bin, the /lib link) stay
		if grep -qxF "$f" <<<"$conf"; then
			[ -e "$f" ] || fail "dpkg -r removed the conffile $f (dpkg keeps those until purge)"
			continue
		fi
		if [ -e "$f" ]; then
			echo "still there after dpkg -r: $f" >&2
			left=$((left + 1))
		fi
	done <<<"$list"
	[ "$left" = 0 ] || fail "dpkg -r left $left files"
	$SUDO dpkg -P wpsdoctor >/dev/null || fail "dpkg -P wpsdoctor"
	trap - EXIT
	while IFS= read -r f; do
		[ -z "$f" ] || [ ! -e "$f" ] || fail "dpkg -P left the conffile $f"
	done <<<"$conf"
	for f in "/usr/share/doc/wpsdoctor" "/usr/share/icons/hicolor/256x256/apps/$APP_ID.png"; do
		[ ! -e "$f" ] || fail "$f is still there"
	done
	echo "deb: of the $(grep -c . <<<"$list") paths dpkg -L listed, dpkg -r removed every file but the conffile ($conf), dpkg -P that too"
}

main() {
	local parts=("$@") p
	[ ${#parts[@]} -gt 0 ] || parts=(signatures wine deb)
	for p in "${parts[@]}"; do
		case $p in
		signatures) timed "verify: signatures" verify_signatures ;;
		wine) timed "verify: installer under Wine" verify_wine ;;
		deb) timed "verify: .deb install and removal" verify_deb ;;
		*) fail "unknown part $p (signatures, wine, deb)" ;;
		esac
	done
	echo "dist-verify: all passed"
}

main "$@"
