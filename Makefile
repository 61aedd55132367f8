# WPS Sync Doctor — build, run and test.
#   make run    installs what is missing, builds, starts the tray app
#   make test   installs what is missing, runs every check (as CI does)
# Other targets: deps, build, install, uninstall, check, bench, cross, lint, unit, test-e2e, test-gui, test-windows, clean,
#   dist (installers), dist-verify (install them under Wine and dpkg), dist-quick (the fast packaging check of make test).

SHELL   := /bin/bash
GO      ?= go
BIN     := bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Keep these flags identical everywhere: any change (e.g. -trimpath) makes Go
# rebuild Fyne's cgo code from scratch, about 3 minutes on 2 cores.
LDFLAGS := -X main.version=$(VERSION)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ARTEFACTS ?= $(CURDIR)/artefacts

# Debian/Ubuntu packages: Fyne's cgo build (measured minimal set), the GUI
# test display and bus, and the real servers of the e2e fault scenarios.
APT_BUILD := gcc libc6-dev pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev
APT_TEST  := xvfb xauth dbus xdotool imagemagick jq iproute2 nftables dnsmasq-base nginx-light \
             chrony faketime tinyproxy openssl util-linux procps fonts-wqy-microhei sqlite3 \
             pkexec polkitd sudo passwd nscd
# The Windows stage (test-windows): Wine 8.0 runs the windows/amd64 CLI;
# mingw builds the test-only bcryptprimitives.dll stub Go 1.26 needs there.
APT_WINE  := wine64 gcc-mingw-w64-x86-64
# Packaging (make dist): mingw's windres for the .exe resources, NSIS, the
# Authenticode signer, icoutils to check the resources, file and binutils.
APT_DIST  := binutils-mingw-w64-x86-64 nsis osslsigncode icoutils file binutils
APT_PKGS  ?= $(APT_BUILD) $(APT_TEST) $(APT_WINE) $(APT_DIST)

# Every package's tests run with the race detector, the GUI ones too
# (app/, the tray binary, and test-gui's real app): one build of Fyne's cgo,
# the race one, serves them all; a non-race second build would cost about
# four minutes of a cold run.
RACE_PKGS = $$($(GO) list ./... | grep -v -e /e2e)
# Packages that must build without cgo on every OS.
NOCGO_PKGS := ./cmd/wpsdoctor/... ./health/... ./fixes/... ./platform/... ./catalog/... ./i18n/... \
              ./scan/... ./netprobe/... ./report/... ./agent/... ./product/... ./verdict/... \
              ./settings/... ./atomicfile/... ./logfile/... ./guide/...

.PHONY: all deps go-check build run check test lint unit cross cross-all test-e2e test-gui test-windows bench clean install uninstall \
        dist dist-quick dist-verify

all: build

go-check:
	@command -v $(GO) >/dev/null || { echo "Go is missing: install Go 1.26 or newer (https://go.dev/dl) and re-run."; exit 1; }
	@$(GO) version

# deps installs only what is missing (idempotent) and says what it does.
deps: go-check
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; \
	elif ! command -v apt-get >/dev/null; then echo "deps: not a Debian/Ubuntu system; please install:$$missing"; \
	else echo "deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null && \
	  echo "deps: done"; \
	fi
	@$(GO) mod download

build: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN)/wpsdoctor ./cmd/wpsdoctor
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN)/wpsdoctor-tray ./cmd/wpsdoctor-tray

# run starts the tray app; without a display it says so and shows the CLI.
run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "run: no graphical display (DISPLAY/WAYLAND_DISPLAY unset), so the tray app cannot start here."; \
	  echo "run: use the console instead:  $(BIN)/wpsdoctor check   (or: make check)"; \
	  exit 1; \
	fi
	$(BIN)/wpsdoctor-tray

# install puts both programs in $(PREFIX)/bin and the polkit action (so the
# administrator prompt names WPS Sync Doctor) in polkit's actions folder,
# with the installed paths filled in: pkexec picks the action by the exact
# path of the program it starts.
PREFIX         ?= /usr/local
POLKIT_ACTIONS ?= /usr/share/polkit-1/actions
POLICY         := io.github.wpssyncdoctor.policy
install: build
	$(SUDO) install -D -m 0755 $(BIN)/wpsdoctor $(DESTDIR)$(PREFIX)/bin/wpsdoctor
	$(SUDO) install -D -m 0755 $(BIN)/wpsdoctor-tray $(DESTDIR)$(PREFIX)/bin/wpsdoctor-tray
	sed -e 's|@WPSDOCTOR@|$(PREFIX)/bin/wpsdoctor|' -e 's|@WPSDOCTOR_TRAY@|$(PREFIX)/bin/wpsdoctor-tray|' \
	  assets/linux/$(POLICY).in | $(SUDO) install -D -m 0644 /dev/stdin $(DESTDIR)$(POLKIT_ACTIONS)/$(POLICY)
	@echo "install: $(DESTDIR)$(PREFIX)/bin/wpsdoctor, wpsdoctor-tray and $(DESTDIR)$(POLKIT_ACTIONS)/$(POLICY)"

uninstall:
	$(SUDO) rm -f $(DESTDIR)$(PREFIX)/bin/wpsdoctor $(DESTDIR)$(PREFIX)/bin/wpsdoctor-tray $(DESTDIR)$(POLKIT_ACTIONS)/$(POLICY)

# check prints a real diagnosis of this computer.
check: go-check
	@$(GO) run -ldflags '$(LDFLAGS)' ./cmd/wpsdoctor check; code=$$?; \
	  echo "(exit code $$code: 0 healthy, 1 warnings, 2 problems, 3 tool failure)"

# test runs every stage. cross starts first in the background: a cold run
# spends minutes in single-threaded compiles (Fyne's cgo, std per target),
# so lint/unit and cross together keep both cores busy. It is waited for
# before the e2e and GUI stages, whose probes must not share the CPU.
test: deps
	@start=$$(date +%s); log=$$(mktemp); \
	( $(MAKE) --no-print-directory cross >$$log 2>&1; echo $$? >$$log.rc ) & cross=$$!; \
	trap 'kill $$cross 2>/dev/null; rm -f $$log $$log.rc' EXIT; \
	for t in lint unit; do \
	  s=$$(date +%s); $(MAKE) --no-print-directory $$t || exit 1; echo "[$$t took $$(( $$(date +%s) - s )) s]"; \
	done; \
	wait $$cross; cat $$log; [ "$$(cat $$log.rc)" = 0 ] || { echo "cross: FAILED"; exit 1; }; \
	echo "[cross done $$(( $$(date +%s) - start )) s after the start]"; \
	for t in test-e2e test-gui test-windows dist-quick; do \
	  s=$$(date +%s); $(MAKE) --no-print-directory $$t || exit 1; echo "[$$t took $$(( $$(date +%s) - s )) s]"; \
	done; echo "make test: all stages passed in $$(( $$(date +%s) - start )) s"

lint:
	@echo "== gofmt"; out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@echo "== go vet (build-tagged e2e and GUI tests; the rest, and cmd/wpsdoctor-tray's GUI test, by go test -vet=all)"
	$(GO) vet -tags e2e ./e2e/...
	$(GO) vet -tags gui ./tray/...
	@echo "== go mod tidy"; cp go.mod /tmp/wsd-go.mod.$$$$ && cp go.sum /tmp/wsd-go.sum.$$$$ && $(GO) mod tidy && \
	  if ! diff -q go.mod /tmp/wsd-go.mod.$$$$ >/dev/null || ! diff -q go.sum /tmp/wsd-go.sum.$$$$ >/dev/null; then \
	    echo "go.mod/go.sum not tidy (run go mod tidy)"; git diff --stat go.mod go.sum; exit 1; fi; \
	  rm -f /tmp/wsd-go.mod.$$$$ /tmp/wsd-go.sum.$$$$

unit:
	@echo "== go test -race -vet=all"
	WSD_REQUIRE_SQLITE3=1 $(GO) test -race -vet=all -count=1 $(RACE_PKGS)

# cross proves the CLI and every non-GUI package build without cgo on all
# three OSes. Two targets at a time: compiling std for one target keeps
# only one core busy, so pairs halve a cold run.
# Each target costs about two minutes of CPU cold (std and every dependency
# compiled for it), so make test covers each OS once plus Apple silicon;
# cross-all adds the other arm64 targets (the only per-architecture file,
# scan's getdents reader, builds for amd64 and arm64 alike).
CROSS_TARGETS ?= linux/amd64 windows/amd64 darwin/amd64 darwin/arm64
cross-all:
	@$(MAKE) --no-print-directory cross CROSS_TARGETS="linux/amd64 linux/arm64 windows/amd64 windows/arm64 darwin/amd64 darwin/arm64"
cross:
	@printf '%s\n' $(CROSS_TARGETS) | xargs -P 2 -I{} sh -c '\
	  os=$${1%/*}; arch=$${1#*/}; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -ldflags "$(LDFLAGS)" -o /dev/null ./cmd/wpsdoctor && \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) vet $$($(GO) list $(NOCGO_PKGS) 2>/dev/null) && \
	  echo "== CGO_ENABLED=0 $$os/$$arch: CLI builds, packages vet clean"' _ {}

# test-e2e: fault scenarios on real servers in network namespaces (root).
test-e2e:
	@if [ "$$(id -u)" != 0 ]; then echo "test-e2e: SKIPPED (needs root for network namespaces)"; \
	elif [ ! -d e2e ]; then echo "test-e2e: no e2e/ yet"; \
	else echo "== e2e fault scenarios"; $(GO) test -count=1 -v -tags e2e -timeout 10m ./e2e/... | grep -v -e "^=== " -e "^--- PASS"; exit $${PIPESTATUS[0]}; fi

# test-gui: the real tray app under Xvfb with a private D-Bus session (tray/,
# and cmd/wpsdoctor-tray's single-instance test with the real binary). One
# package at a time: their windows share the display and the tests find
# windows by title. WSD_GUI_RACE=1: the app under test is built with -race
# (the build Fyne already has from the unit stage) and a data race in it
# fails the test.
test-gui:
	@if [ ! -d tray ] || ! ls tray/*_gui_test.go >/dev/null 2>&1; then echo "test-gui: no GUI tests yet"; \
	else echo "== GUI under Xvfb"; mkdir -p $(ARTEFACTS); \
	  ARTEFACTS=$(ARTEFACTS) WSD_GUI_RACE=1 xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
	    $(GO) test -race -vet=all -p 1 -count=1 -tags gui -timeout 10m ./tray/... ./cmd/wpsdoctor-tray/; fi

# test-windows: the windows/amd64 CLI (CGO_ENABLED=0) under Wine 8.0 in a
# throw-away prefix (WINEPREFIX in a temp dir, removed afterwards, wineserver
# killed), with WPS layouts planted from the unit tests' fixtures; it runs
# check --json, fixes and every fix's --dry-run and asserts findings and
# plans (e2e/wine). About 45 s warm; installs wine64 and mingw via deps.
test-windows: deps
	@echo "== Windows build under Wine"
	$(GO) vet -tags wine ./e2e/wine/
	@set -o pipefail; $(GO) test -tags wine -count=1 -v -timeout 10m ./e2e/wine/ | grep -v -e "^=== "

# bench prints the six performance figures (BENCHMARKS.md says what they
# mean) and the runner's go-test benchmarks; as root it also measures the
# black-holed network in a namespace it creates and deletes. ~4 minutes.
bench: build
	@mkdir -p $(ARTEFACTS); set -o pipefail; \
	  $(GO) run ./bench -bin $(BIN) 2>&1 | tee $(ARTEFACTS)/bench.txt
	@echo "== go test -bench (runner; the scanner's is: go test -run '^$$' -bench Scan ./scan/)"
	@set -o pipefail; $(GO) test -run '^$$' -bench Runner -benchtime 100x -count 1 ./health/ 2>&1 | tee -a $(ARTEFACTS)/bench.txt

clean:
	rm -rf $(BIN) $(ARTEFACTS)

# dist builds every installer this machine can into $(DIST_OUT) and prints
# each with its size: the signed Windows setup (NSIS, 64-bit) and CLI, the
# .deb and tarball, the macOS CLI tarballs (the .app and .pkg are built,
# signed and notarised by .github/workflows/release.yml on a macOS runner).
# Same LDFLAGS as build, so the Go build cache holds; the mingw cgo build of
# the tray takes minutes cold. Signing: WSD_SIGN_PFX + WSD_SIGN_PASSWORD,
# else a test CA made in $(ARTEFACTS)/dist-work/sign (dist/sign.sh).
DIST_OUT ?= $(ARTEFACTS)/dist
DIST_ENV  = GO='$(GO)' VERSION='$(VERSION)' LDFLAGS='$(LDFLAGS)' DIST_OUT='$(DIST_OUT)' DIST_WORK='$(ARTEFACTS)/dist-work' SUDO='$(SUDO)'
dist: deps
	@$(DIST_ENV) dist/dist.sh all

# dist-quick (a make test stage): the NSIS script compiles and the .deb
# builds, around the real CLI and a placeholder tray, plus dist/'s Go tests
# (templates, the release workflow, versions).
dist-quick: deps
	$(GO) test -count=1 ./dist/
	@$(DIST_ENV) DIST_OUT='$(ARTEFACTS)/dist-quick' dist/dist.sh quick

# dist-verify: signatures against the test CA, the installer under Wine
# (installs silently, runs, finds a planted WPS, uninstalls), the .deb
# installed and removed with dpkg (root). Takes the Wine prefix and the
# package database of this machine for a few minutes.
dist-verify: dist
	@$(DIST_ENV) dist/verify.sh
