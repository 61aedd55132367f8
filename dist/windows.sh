# The Windows part of dist.sh (sourced): both programs cross-built with
# mingw, with icon, manifest and version resources (windres .syso), signed,
# and the 64-bit NSIS installer, signed, with a signed uninstaller inside.

WIN_CC=${WIN_CC:-x86_64-w64-mingw32-gcc}
WIN_WINDRES=${WIN_WINDRES:-x86_64-w64-mingw32-windres}

win_need() {
	local t
	for t in "$WIN_CC" "$WIN_WINDRES" makensis osslsigncode convert; do
		command -v "$t" >/dev/null || die "$t not found: make deps installs it (gcc-mingw-w64-x86-64, nsis, osslsigncode, imagemagick)"
	done
}

# win_icon DIR writes DIR/app.ico (256 down to 16 pixels) from FyneApp.toml's icon.
win_icon() {
	convert "$APP_ICON" -define icon:auto-resize=256,64,48,32,24,16 "$1/app.ico"
}

# win_syso DIR EXE DESCRIPTION compiles EXE's resources into DIR/EXE.syso.
win_syso() {
	local dir=$1 exe=$2 desc=$3
	render "$here/windows/resource.rc.in" "$dir/$exe.rc" \
		EXE="$exe" DESCRIPTION="$desc" ICON="$dir/app.ico" MANIFEST="$here/windows/app.manifest" \
		VERSION="$PRODUCT_VERSION" VERSION4="$VERSION4" VERSION_COMMA="${VERSION4//./,}"
	"$WIN_WINDRES" -O coff -i "$dir/$exe.rc" -o "$dir/$exe.syso"
}

# win_cli OUT builds the console CLI without cgo.
win_cli() {
	local pkg=${2:-./cmd/wpsdoctor}
	(cd "$repo" && CGO_ENABLED=0 GOOS=windows GOARCH=amd64 "$GO" build -ldflags "$LDFLAGS" -o "$1" "$pkg")
}

# win_tray OUT PKG builds the tray: cgo through mingw, GUI subsystem. Only
# link flags are added, so Fyne's cgo objects come from the build cache.
win_tray() {
	(cd "$repo" && CGO_ENABLED=1 CC="$WIN_CC" GOOS=windows GOARCH=amd64 \
		"$GO" build -ldflags "$LDFLAGS -H windowsgui" -o "$1" "$2")
}

# win_check_pe FILE SUBSYSTEM: a PE32+ of that subsystem with the resources.
win_check_pe() {
	local f=$1 sub=$2 info
	info=$(file -b "$f")
	[[ $info == "PE32+ executable ($sub) x86-64"* ]] || die "$f: got \"$info\", want a PE32+ $sub executable"
	if command -v wrestool >/dev/null; then
		local res
		res=$(wrestool -l "$f")
		for want in "type=group_icon" "type=version" "--type=24"; do
			grep -q -- "$want" <<<"$res" || die "$f: no $want resource:
$res"
		done
	fi
}

# win_installer PAYLOAD OUT compiles the NSIS script (the uninstaller is
# signed by !uninstfinalize) and signs the installer.
win_installer() {
	local payload=$1 out=$2
	makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$PRODUCT_VERSION" -DVERSION4="$VERSION4" \
		-DPAYLOAD="$payload" -DOUTFILE="$out" -DSIGN="$here/sign.sh" "$here/windows/wpsdoctor.nsi"
	"$here/sign.sh" "$out"
}

windows_all() {
	win_need
	local w="$DIST_WORK/windows" p="$DIST_WORK/windows/payload"
	rm -rf "$w"
	mkdir -p "$p"
	win_icon "$w"
	cp "$w/app.ico" "$p/app.ico"
	win_syso "$w" wpsdoctor "WPS Sync Doctor (command line)"
	win_syso "$w" wpsdoctor-tray "WPS Sync Doctor"
	local cli tray
	cli=$(main_copy wpsdoctor "$w/wpsdoctor.syso")
	tray=$(main_copy wpsdoctor-tray "$w/wpsdoctor-tray.syso")
	timed "windows/amd64 CLI (CGO_ENABLED=0)" win_cli "$p/wpsdoctor.exe" "$cli"
	timed "windows/amd64 tray (mingw cgo, -H windowsgui)" win_tray "$p/wpsdoctor-tray.exe" "$tray"
	rm -rf "$repo/dist/_build"
	win_check_pe "$p/wpsdoctor.exe" console
	win_check_pe "$p/wpsdoctor-tray.exe" GUI
	"$here/sign.sh" "$p/wpsdoctor.exe" "$p/wpsdoctor-tray.exe"
	cp "$p/wpsdoctor.exe" "$DIST_OUT/wpsdoctor-$PRODUCT_VERSION-windows-amd64.exe"
	timed "makensis + signing" win_installer "$p" "$DIST_OUT/wpsdoctor-$PRODUCT_VERSION-windows-amd64-setup.exe"
}

# windows_quick: the NSIS script compiles, signing runs, around the real CLI
# (built from the repository as make cross does: no resources, cache warm)
# and a placeholder tray that is never shipped (it goes to DIST_WORK only).
windows_quick() {
	win_need
	local w="$DIST_WORK/windows-quick" p="$DIST_WORK/windows-quick/payload"
	rm -rf "$w"
	mkdir -p "$p"
	win_icon "$p"
	win_cli "$p/wpsdoctor.exe"
	printf 'placeholder: dist-quick tests the installer script, not this file\r\n' >"$p/wpsdoctor-tray.exe"
	"$here/sign.sh" "$p/wpsdoctor.exe"
	win_installer "$p" "$w/wpsdoctor-quick-setup.exe"
	local f
	for f in "$p/wpsdoctor.exe" "$w/wpsdoctor-quick-setup.exe"; do
		osslsigncode verify -CAfile "$WSD_SIGN_DIR/ca.crt" -in "$f" >/dev/null 2>&1 ||
			[ -n "${WSD_SIGN_PFX:-}" ] || die "$f: signature does not verify against the test CA"
	done
	[[ $(file -b "$w/wpsdoctor-quick-setup.exe") == PE32* ]] || die "the installer is not a PE file"
	cp "$w/wpsdoctor-quick-setup.exe" "$DIST_OUT/"
	echo "dist-quick: NSIS script compiles, installer and CLI signed and verified"
}
