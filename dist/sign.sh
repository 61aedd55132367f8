#!/usr/bin/env bash
# sign.sh FILE...   Authenticode-signs each Windows file in place (osslsigncode).
# sign.sh --init    makes the test CA and signing certificate when none is configured.
#
# The key: $WSD_SIGN_PFX (a PKCS#12 file) with its password in
# $WSD_SIGN_PASSWORD, for a real release; else a test CA and a code-signing
# certificate it issued, made here with openssl and kept in $WSD_SIGN_DIR
# (ca.crt is what `osslsigncode verify -CAfile` trusts). Optional
# $WSD_SIGN_TIMESTAMP_URL adds an RFC 3161 timestamp (needs the network).
# NSIS calls this for the uninstaller (!uninstfinalize), so it takes a path
# and no other state.
set -euo pipefail

dir=${WSD_SIGN_DIR:?WSD_SIGN_DIR is not set (dist/dist.sh sets it)}

init_test_ca() {
	if [ -f "$dir/sign.crt" ] && openssl x509 -checkend 86400 -noout -in "$dir/sign.crt" >/dev/null 2>&1; then
		return 0
	fi
	mkdir -p "$dir"
	chmod 700 "$dir"
	openssl req -x509 -newkey rsa:3072 -sha256 -days 30 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" \
		-subj "/CN=WPS Sync Doctor Test CA/O=WPS Sync Doctor (test only)" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	openssl req -new -newkey rsa:3072 -sha256 -nodes -keyout "$dir/sign.key" -out "$dir/sign.csr" \
		-subj "/CN=WPS Sync Doctor Test Signing/O=WPS Sync Doctor (test only)" 2>/dev/null
	printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
		"extendedKeyUsage=codeSigning" >"$dir/sign.ext"
	openssl x509 -req -in "$dir/sign.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
		-days 30 -sha256 -extfile "$dir/sign.ext" -out "$dir/sign.crt" 2>/dev/null
	rm -f "$dir/sign.csr" "$dir/sign.ext"
	echo "sign: made a test CA and code-signing certificate in $dir (not for release)"
}

sign_one() {
	local f=$1 tmp="$1.signing"
	local key=()
	if [ -n "${WSD_SIGN_PFX:-}" ]; then
		[ -f "$WSD_SIGN_PFX" ] || { echo "sign: WSD_SIGN_PFX=$WSD_SIGN_PFX: no such file" >&2; return 1; }
		# The password goes through a pipe, never the command line.
		key=(-pkcs12 "$WSD_SIGN_PFX" -readpass /dev/stdin)
	else
		key=(-certs "$dir/sign.crt" -key "$dir/sign.key")
	fi
	local ts=()
	[ -z "${WSD_SIGN_TIMESTAMP_URL:-}" ] || ts=(-ts "$WSD_SIGN_TIMESTAMP_URL")
	rm -f "$tmp"
	if ! printf '%s' "${WSD_SIGN_PASSWORD:-}" | osslsigncode sign "${key[@]}" "${ts[@]}" -h sha256 \
		-n "WPS Sync Doctor" -i "https://github.com/wpssyncdoctor/wpsdoctor" -in "$f" -out "$tmp" >"$tmp.log" 2>&1; then
		echo "sign: $f: osslsigncode failed:" >&2
		cat "$tmp.log" >&2
		rm -f "$tmp" "$tmp.log"
		return 1
	fi
	rm -f "$tmp.log"
	mv -f "$tmp" "$f"
}

if [ "${1:-}" = --init ]; then
	[ -n "${WSD_SIGN_PFX:-}" ] && { echo "sign: using $WSD_SIGN_PFX"; exit 0; }
	init_test_ca
	exit 0
fi
[ $# -gt 0 ] || { echo "usage: sign.sh --init | sign.sh FILE..." >&2; exit 2; }
[ -n "${WSD_SIGN_PFX:-}" ] || init_test_ca >/dev/null
for f in "$@"; do
	sign_one "$f"
done
