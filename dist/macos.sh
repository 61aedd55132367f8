# The macOS part of dist.sh (sourced). What Linux can do: the CLI for both
# architectures without cgo, and the templates the release workflow uses
# (dist/macos/release.sh on a macOS runner: the tray needs cgo against the
# macOS SDK, and signing and notarisation need Apple's tools), rendered so
# dist's Go test and this step catch a broken template before a release.

mac_cli() {
	(cd "$repo" && CGO_ENABLED=0 GOOS=darwin GOARCH=$1 "$GO" build -ldflags "$LDFLAGS" -o "$2" ./cmd/wpsdoctor)
}

macos_all() {
	local w="$DIST_WORK/macos" arch
	rm -rf "$w"
	mkdir -p "$w/templates"
	for arch in amd64 arm64; do
		mkdir -p "$w/$arch"
		timed "darwin/$arch CLI (CGO_ENABLED=0)" mac_cli "$arch" "$w/$arch/wpsdoctor"
		[[ $(file -b "$w/$arch/wpsdoctor") == Mach-O* ]] || die "darwin/$arch: not a Mach-O file"
		tar -C "$w/$arch" --owner=0 --group=0 --numeric-owner -czf "$DIST_OUT/wpsdoctor-$PRODUCT_VERSION-darwin-$arch.tar.gz" wpsdoctor
	done
	render "$here/macos/Info.plist.in" "$w/templates/Info.plist" ID="$APP_ID" NAME="$(fyneapp Name)" \
		VERSION="$PRODUCT_VERSION" BUILD="$(fyneapp Build)"
	render "$here/macos/io.github.wpssyncdoctor.agent.plist.in" "$w/templates/io.github.wpssyncdoctor.agent.plist" \
		LABEL="$APP_ID.agent" WPSDOCTOR=/usr/local/bin/wpsdoctor
	render "$here/macos/distribution.xml.in" "$w/templates/distribution.xml" ID="$APP_ID" NAME="$(fyneapp Name)" \
		VERSION="$PRODUCT_VERSION"
	echo "macOS: the .app, the .pkg, signing and notarisation run on a macOS runner (.github/workflows/release.yml); templates rendered in $w/templates"
}
