# Shared helpers of dist.sh and verify.sh (sourced; needs repo, GO, VERSION).

# fyneapp KEY prints KEY's value from FyneApp.toml's [Details] table (read,
# never written: packaging works on copies).
fyneapp() {
	sed -n '/^\[Details\]/,/^\[/p' "$repo/FyneApp.toml" |
		sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" | head -n1
}

# versions sets PRODUCT_VERSION (packages: 0.1.0, 0.1.0+git.3.gabc1234, or
# 0.1.0~git.abc1234 before the first tag), VERSION4 (Windows: 0.1.0.<Build>)
# and APP_ID, APP_ICON from FyneApp.toml and git describe.
versions() {
	local base build
	base=$(fyneapp Version)
	build=$(fyneapp Build)
	APP_ID=$(fyneapp ID)
	APP_ICON=$repo/$(fyneapp Icon)
	[[ $base =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "FyneApp.toml: Details.Version \"$base\" is not X.Y.Z"
	[[ $build =~ ^[0-9]+$ ]] || die "FyneApp.toml: Details.Build \"$build\" is not a number"
	[ -n "$APP_ID" ] && [ -f "$APP_ICON" ] || die "FyneApp.toml: Details.ID or Details.Icon missing"
	local v=${VERSION#v}
	if [[ $v =~ ^([0-9]+\.[0-9]+\.[0-9]+)$ ]]; then
		PRODUCT_VERSION=$v
		base=$v
	elif [[ $v =~ ^([0-9]+\.[0-9]+\.[0-9]+)-(.+)$ ]]; then
		base=${BASH_REMATCH[1]}
		PRODUCT_VERSION="$base+git.${BASH_REMATCH[2]//-/.}"
	else
		PRODUCT_VERSION="$base~git.${v//-/.}"
	fi
	[[ $PRODUCT_VERSION =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || die "cannot make a package version from \"$VERSION\""
	VERSION4="$base.$build"
}

die() {
	echo "dist: $*" >&2
	exit 1
}

# timed LABEL CMD... runs CMD and prints how long it took.
timed() {
	local label=$1 s=$EPOCHREALTIME
	shift
	"$@"
	awk -v l="$label" -v s="$s" -v e="$EPOCHREALTIME" 'BEGIN { printf "[%s: %.1f s]\n", l, e - s }'
}

list_artefacts() {
	local f
	while IFS= read -r f; do
		printf '%12s B  %s\n' "$(stat -c %s "$f")" "$f"
	done < <(find "$DIST_OUT" -maxdepth 2 -type f | sort)
}

# main_copy EXE [SYSO] copies cmd/EXE's Go files (not its tests) into
# dist/_build/EXE, with SYSO beside them as the Windows resources: a .syso
# must sit in the main package's folder, and packaging never writes into the
# repository's own folders. Only the main package is compiled again; every
# other package (Fyne's cgo ones above all) comes from the build cache. The
# leading "_" keeps the copy out of ./... patterns.
main_copy() {
	local exe=$1 syso=${2:-} dst="$repo/dist/_build/$1" f
	rm -rf "$dst"
	mkdir -p "$dst"
	for f in "$repo/cmd/$exe"/*.go; do
		case $f in *_test.go) continue ;; esac
		cp "$f" "$dst/"
	done
	[ -z "$syso" ] || cp "$syso" "$dst/zz_dist_windows_amd64.syso"
	echo "./dist/_build/$exe"
}

# render TEMPLATE OUT NAME=VALUE... replaces each @NAME@ of TEMPLATE and
# fails on any @NAME@ left over.
render() {
	local in=$1 out=$2 kv args=()
	shift 2
	for kv in "$@"; do
		args+=(-e "s|@${kv%%=*}@|$(printf '%s' "${kv#*=}" | sed 's/[|&\\]/\\&/g')|g")
	done
	sed "${args[@]}" "$in" >"$out"
	if grep -n '@[A-Z0-9_]*@' "$out" >&2; then
		die "$in: placeholders left unfilled"
	fi
}

human() { numfmt --to=iec-i --suffix=B "$1"; }
