#!/usr/bin/env bash
# macOS release (a macOS machine or runner; .github/workflows/release.yml runs it):
#   dist/macos/release.sh VERSION BUILD OUTDIR
# builds both programs for arm64 and amd64 (the tray with cgo, the CLI
# without), joins each into a universal binary, assembles
# "WPS Sync Doctor.app" (Info.plist with LSUIElement: a menu-bar app, no
# Dock icon), signs with the hardened runtime, builds the component package
# (the .app, /usr/local/bin/wpsdoctor, the agent's LaunchDaemon) and the
# product archive, signs it, notarises it (notarytool submit --wait) and
# staples the ticket.
#
# Environment (the workflow sets them from its secrets; unset = skip that step):
#   MACOS_APP_IDENTITY        "Developer ID Application: <name> (<team>)"
#   MACOS_INSTALLER_IDENTITY  "Developer ID Installer: <name> (<team>)"
#   MACOS_KEYCHAIN            the keychain holding both identities
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   for notarytool
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: release.sh VERSION BUILD OUTDIR" >&2; exit 2; }
version=$1 build=$2 out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
GO=${GO:-go}
LDFLAGS="-X main.version=${WSD_PROGRAM_VERSION:-$version}"
id=io.github.wpssyncdoctor
name="WPS Sync Doctor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

render() { # TEMPLATE OUT NAME=VALUE...
	local in=$1 o=$2 kv args=()
	shift 2
	for kv in "$@"; do args+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
	sed "${args[@]}" "$in" >"$o"
	! grep -n '@[A-Z_]*@' "$o" || { echo "$in: placeholders left" >&2; exit 1; }
	plutil -lint "$o" >/dev/null 2>&1 || [[ $o != *.plist ]] || { plutil -lint "$o"; exit 1; }
}

# Both architectures, then lipo.
for arch in arm64 amd64; do
	(cd "$repo" && CGO_ENABLED=1 GOOS=darwin GOARCH=$arch "$GO" build -ldflags "$LDFLAGS" -o "$work/wpsdoctor-tray-$arch" ./cmd/wpsdoctor-tray)
	(cd "$repo" && CGO_ENABLED=0 GOOS=darwin GOARCH=$arch "$GO" build -ldflags "$LDFLAGS" -o "$work/wpsdoctor-$arch" ./cmd/wpsdoctor)
done
lipo -create -output "$work/wpsdoctor-tray" "$work/wpsdoctor-tray-arm64" "$work/wpsdoctor-tray-amd64"
lipo -create -output "$work/wpsdoctor" "$work/wpsdoctor-arm64" "$work/wpsdoctor-amd64"

# The .app, by hand: fyne package has no LSUIElement.
app="$work/root/Applications/$name.app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp "$work/wpsdoctor-tray" "$app/Contents/MacOS/wpsdoctor-tray"
render "$here/Info.plist.in" "$app/Contents/Info.plist" ID="$id" NAME="$name" VERSION="$version" BUILD="$build"
iconset="$work/icon.iconset"
mkdir -p "$iconset"
for s in 16 32 128 256 512; do
	sips -z $s $s "$repo/assets/icons/app.png" --out "$iconset/icon_${s}x$s.png" >/dev/null
	sips -z $((s * 2)) $((s * 2)) "$repo/assets/icons/app.png" --out "$iconset/icon_${s}x${s}@2x.png" >/dev/null
done
iconutil -c icns -o "$app/Contents/Resources/icon.icns" "$iconset"
install -d "$work/root/usr/local/bin" "$work/root/Library/LaunchDaemons"
install -m 0755 "$work/wpsdoctor" "$work/root/usr/local/bin/wpsdoctor"
render "$here/io.github.wpssyncdoctor.agent.plist.in" "$work/root/Library/LaunchDaemons/$id.agent.plist" \
	LABEL="$id.agent" WPSDOCTOR=/usr/local/bin/wpsdoctor

# Sign: inside out, hardened runtime, secure timestamp.
kc=()
[ -z "${MACOS_KEYCHAIN:-}" ] || kc=(--keychain "$MACOS_KEYCHAIN")
if [ -n "${MACOS_APP_IDENTITY:-}" ]; then
	codesign --force --options runtime --timestamp "${kc[@]}" --sign "$MACOS_APP_IDENTITY" "$work/root/usr/local/bin/wpsdoctor"
	codesign --force --options runtime --timestamp "${kc[@]}" --sign "$MACOS_APP_IDENTITY" "$app"
	codesign --verify --strict --verbose=2 "$app"
else
	echo "release.sh: MACOS_APP_IDENTITY unset: the app and CLI are NOT signed" >&2
fi

pkgbuild --root "$work/root" --identifier "$id" --version "$version" --scripts "$here/scripts" \
	--install-location / "$work/wpsdoctor-component.pkg"
render "$here/distribution.xml.in" "$work/distribution.xml" ID="$id" NAME="$name" VERSION="$version"
pkg="$out/wpsdoctor-$version-macos-universal.pkg"
sign=()
[ -z "${MACOS_INSTALLER_IDENTITY:-}" ] || sign=(--sign "$MACOS_INSTALLER_IDENTITY" --timestamp "${kc[@]}")
productbuild --distribution "$work/distribution.xml" --package-path "$work" "${sign[@]}" "$pkg"

if [ -n "${APPLE_ID:-}" ] && [ -n "${MACOS_INSTALLER_IDENTITY:-}" ]; then
	xcrun notarytool submit "$pkg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
		--password "$APPLE_APP_PASSWORD" --wait --timeout 30m
	xcrun stapler staple "$pkg"
	xcrun stapler validate "$pkg"
	spctl --assess --type install --verbose "$pkg"
else
	echo "release.sh: no notarisation credentials: $pkg is NOT notarised" >&2
fi
tar -C "$work" -czf "$out/wpsdoctor-$version-macos-universal-cli.tar.gz" wpsdoctor
ls -l "$out"
