# The Linux part of dist.sh (sourced): a .deb (dpkg-deb, root-owned) and a
# tarball of the same tree: both programs in /usr/bin, the menu entry, the
# hicolor icons, the XDG autostart entry, the polkit action with the
# installed paths filled in (as make install does), and the agent's
# systemd unit, enabled by postinst where systemd runs.

# The packages the tray's libraries come from on Debian 12 (lin_check_deps
# proves every NEEDED library of both binaries is covered), and polkit for
# the administrator prompt.
LIN_DEPENDS="libc6 (>= 2.34), libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1, polkitd | policykit-1, pkexec | policykit-1"
LIN_DEPENDS_PATTERN="libc6 libgl1 libx11-6 libxcursor1 libxrandr2 libxinerama1 libxi6 libxxf86vm1"

lin_need() {
	local t
	for t in dpkg-deb convert md5sum; do
		command -v "$t" >/dev/null || die "$t not found: make deps installs it"
	done
}

# lin_build DIR [placeholder]: both programs, built exactly as make build
# builds them (same flags: the build cache holds).
lin_build() {
	(cd "$repo" && "$GO" build -ldflags "$LDFLAGS" -o "$1/wpsdoctor" ./cmd/wpsdoctor)
	if [ "${2:-}" = placeholder ]; then
		printf '#!/bin/sh\necho "placeholder: dist-quick tests the package, not this file" >&2\nexit 1\n' >"$1/wpsdoctor-tray"
		chmod 755 "$1/wpsdoctor-tray"
	else
		timed "linux/amd64 tray (cgo)" sh -c 'cd "$1" && "$2" build -ldflags "$3" -o "$4" ./cmd/wpsdoctor-tray' _ \
			"$repo" "$GO" "$LDFLAGS" "$1/wpsdoctor-tray"
	fi
}

# lin_check_deps FILE...: every shared library the binaries need comes from
# a package Depends names (on this Debian machine: dpkg -S).
lin_check_deps() {
	local f so path pkg
	for f in "$@"; do
		file -b "$f" | grep -q '^ELF' || continue
		while read -r so; do
			path=$(ldconfig -p | awk -v so="$so" '$1 == so && /x86-64/ { print $NF; exit }')
			[ -n "$path" ] || die "$f needs $so, which this machine does not have"
			pkg=$(lin_owner "$path")
			[ -n "$pkg" ] || die "$f needs $so ($path), which no Debian package owns"
			[[ " $LIN_DEPENDS_PATTERN " == *" $pkg "* ]] || die "$f needs $so from $pkg; add $pkg to LIN_DEPENDS in dist/linux.sh"
		done < <(objdump -p "$f" | awk '$1 == "NEEDED" { print $2 }')
	done
}

# lin_owner PATH: the package that owns PATH, the symlink or what it points at.
lin_owner() {
	local p
	for p in "$1" "$(readlink -f "$1")" "${1/#\/usr\/lib\//\/lib\/}" "$(readlink -f "$1" | sed 's|^/usr/lib/|/lib/|')"; do
		dpkg -S "$p" 2>/dev/null | grep -v '^diversion' | head -n1 | cut -d: -f1 && return 0
	done
	return 0
}

# lin_tree ROOT BIN: the installed files under ROOT.
lin_tree() {
	local r=$1 b=$2 s
	install -d -m 0755 "$r"
	install -D -m 0755 "$b/wpsdoctor" "$r/usr/bin/wpsdoctor"
	install -D -m 0755 "$b/wpsdoctor-tray" "$r/usr/bin/wpsdoctor-tray"
	local meta=(NAME="$(fyneapp Name)" ID="$APP_ID"
		GENERIC="$(lin_field GenericName)" COMMENT="$(lin_field Comment)"
		CATEGORIES="$(lin_list Categories)" KEYWORDS="$(lin_list Keywords)")
	install -d -m 0755 "$r/usr/share/applications" "$r/etc/xdg/autostart"
	render "$here/linux/io.github.wpssyncdoctor.desktop.in" "$r/usr/share/applications/$APP_ID.desktop" "${meta[@]}"
	render "$here/linux/autostart.desktop.in" "$r/etc/xdg/autostart/$APP_ID.desktop" "${meta[@]}"
	for s in 256 128 64 48 32; do
		install -d -m 0755 "$r/usr/share/icons/hicolor/${s}x$s/apps"
		convert "$APP_ICON" -resize "${s}x$s" "$r/usr/share/icons/hicolor/${s}x$s/apps/$APP_ID.png"
	done
	install -d -m 0755 "$r/usr/share/polkit-1/actions"
	render "$repo/assets/linux/io.github.wpssyncdoctor.policy.in" "$r/usr/share/polkit-1/actions/io.github.wpssyncdoctor.policy" \
		WPSDOCTOR=/usr/bin/wpsdoctor WPSDOCTOR_TRAY=/usr/bin/wpsdoctor-tray
	install -D -m 0644 "$here/linux/wpsdoctor-agent.service" "$r/lib/systemd/system/wpsdoctor-agent.service"
	install -D -m 0644 "$here/linux/copyright" "$r/usr/share/doc/wpsdoctor/copyright"
	find "$r" -type f -exec chmod go-w {} +
}

# lin_field KEY / lin_list KEY: a value of FyneApp.toml's [LinuxAndBSD].
lin_field() {
	sed -n '/^\[LinuxAndBSD\]/,/^\[/p' "$repo/FyneApp.toml" |
		sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\(.*\)\"[[:space:]]*$/\1/p" | head -n1
}
lin_list() {
	sed -n '/^\[LinuxAndBSD\]/,/^\[/p' "$repo/FyneApp.toml" |
		sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\[\(.*\)\][[:space:]]*$/\1/p" | head -n1 |
		tr -d '"' | sed 's/[[:space:]]*,[[:space:]]*/;/g; s/$/;/'
}

# lin_deb ROOT OUT: control files, then dpkg-deb with root-owned files.
lin_deb() {
	local r=$1 out=$2 f
	install -d -m 0755 "$r/DEBIAN"
	render "$here/linux/control.in" "$r/DEBIAN/control" VERSION="$PRODUCT_VERSION" \
		SIZE="$(du -sk --exclude=DEBIAN "$r" | cut -f1)" DEPENDS="$LIN_DEPENDS"
	for f in postinst prerm postrm; do
		install -m 0755 "$here/linux/$f" "$r/DEBIAN/$f"
	done
	(cd "$r" && find etc -type f -printf '/%p\n' | sort) >"$r/DEBIAN/conffiles"
	(cd "$r" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$r/DEBIAN/md5sums"
	chmod 0644 "$r/DEBIAN/control" "$r/DEBIAN/conffiles" "$r/DEBIAN/md5sums"
	dpkg-deb --root-owner-group -Zxz --build "$r" "$out" >/dev/null
	lin_check_deb "$out"
}

# lin_check_deb DEB: the package holds what it must.
lin_check_deb() {
	local deb=$1 list want
	list=$(dpkg-deb -c "$deb")
	for want in ./usr/bin/wpsdoctor ./usr/bin/wpsdoctor-tray "./usr/share/applications/$APP_ID.desktop" \
		"./etc/xdg/autostart/$APP_ID.desktop" "./usr/share/icons/hicolor/256x256/apps/$APP_ID.png" \
		./usr/share/polkit-1/actions/io.github.wpssyncdoctor.policy ./lib/systemd/system/wpsdoctor-agent.service; do
		grep -q " $want\$" <<<"$list" || die "$deb: $want missing"
	done
	if grep -v ' root/root ' <<<"$list" | grep -q .; then
		die "$deb: files not owned by root"
	fi
	[ "$(dpkg-deb -f "$deb" Version)" = "$PRODUCT_VERSION" ] || die "$deb: wrong Version"
}

# lin_tar ROOT OUT: the same tree as a tarball to unpack at /.
lin_tar() {
	local r=$1 out=$2 top
	top=wpsdoctor-$PRODUCT_VERSION-linux-amd64
	rm -rf "$DIST_WORK/tar"
	mkdir -p "$DIST_WORK/tar"
	cp -a "$r" "$DIST_WORK/tar/$top"
	rm -rf "$DIST_WORK/tar/$top/DEBIAN"
	cat >"$DIST_WORK/tar/$top/README.txt" <<EOF
WPS Sync Doctor $PRODUCT_VERSION for Linux (amd64)

Debian and Ubuntu: prefer the .deb (it declares the libraries and enables the agent).
Elsewhere, as root, unpack at / (the polkit action names /usr/bin):
  tar -C / --strip-components=1 --exclude=README.txt -xzf $top.tar.gz
  systemctl enable --now wpsdoctor-agent.service    # optional: the agent
Needs: libGL, libX11, libXcursor, libXrandr, libXinerama, libXi, libXxf86vm, polkit (pkexec).
EOF
	tar -C "$DIST_WORK/tar" --owner=0 --group=0 --numeric-owner --sort=name -czf "$out" "$top"
}

linux_all() {
	lin_need
	local w="$DIST_WORK/linux"
	rm -rf "$w"
	mkdir -p "$w/bin"
	lin_build "$w/bin"
	lin_check_deps "$w/bin/wpsdoctor" "$w/bin/wpsdoctor-tray"
	lin_tree "$w/root" "$w/bin"
	lin_deb "$w/root" "$DIST_OUT/wpsdoctor_${PRODUCT_VERSION}_amd64.deb"
	lin_tar "$w/root" "$DIST_OUT/wpsdoctor-$PRODUCT_VERSION-linux-amd64.tar.gz"
}

# linux_quick: the .deb builds and holds every file, around the real CLI
# and a placeholder tray (to DIST_WORK only, never shipped).
linux_quick() {
	lin_need
	local w="$DIST_WORK/linux-quick"
	rm -rf "$w"
	mkdir -p "$w/bin"
	lin_build "$w/bin" placeholder
	lin_check_deps "$w/bin/wpsdoctor"
	lin_tree "$w/root" "$w/bin"
	lin_deb "$w/root" "$w/wpsdoctor-quick.deb"
	echo "dist-quick: the .deb builds and holds every file ($(stat -c %s "$w/wpsdoctor-quick.deb") B)"
}
