# Mesh Desk — the two commands most people need:
#   make run    install what is missing (apt, npm, the Wails tool), build, open the app
#   make test   install what the tests need, then run every check and test suite
# Re-running skips what is already done (stamp files under build/bin/.stamps, node_modules).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

GO      ?= go
WAILS   := $(GO) tool wails
TAGS    := webkit2_41
BIN     := build/bin/meshdesk
CLI_BIN := build/bin/meshdesk-cli
STAMPS  := build/bin/.stamps

# Version from git: the nearest tag (v1.2.3[-N-gHASH][-dirty]), or 0.0.0-dev+HASH without tags.
VERSION := $(shell git describe --tags --dirty 2>/dev/null || echo "0.0.0-dev+$$(git rev-parse --short HEAD 2>/dev/null || echo unknown)")
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
DATE    := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X meshdesk/version.Version=$(VERSION) -X meshdesk/version.Commit=$(COMMIT) -X meshdesk/version.Date=$(DATE)

# Debian packages: to build and run the desktop app, and in addition to test it.
APT_RUN  := libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config build-essential git ca-certificates
APT_TEST := $(APT_RUN) xvfb xauth x11-utils xdotool imagemagick chromium gnome-keyring dbus dbus-x11 libsecret-tools nsis zbar-tools

# What the desktop binary is made of (a change rebuilds it; `make build` is a no-op otherwise).
GO_SRC := $(shell find . \( -path ./frontend -o -path ./e2e -o -path ./build -o -path ./.git -o -path ./test-artifacts -o -name node_modules \) -prune -o -type f \( -name '*.go' -o -name '*.sql' -o -name '*.html' -o -name '*.json' \) -not -name '*_test.go' -print) go.mod go.sum
FE_SRC := $(shell find frontend/src frontend/wailsjs -type f) frontend/index.html frontend/vite.config.ts frontend/tsconfig.json frontend/package.json frontend/package-lock.json wails.json

SDK_DIR := e2e/sdk
HAVE_SDK := $(wildcard $(SDK_DIR)/package-lock.json)

.PHONY: help run build build-cli generate check-bindings test deps test-deps apt-run apt-test npm wails-tool \
        bench bench-smoke bench-packages screenshots dist dist-windows clean check-node

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- dependencies
deps: apt-run npm wails-tool ## install what building needs (apt, npm ci, the Wails tool)
test-deps: apt-test npm wails-tool ## install what the tests need too (Xvfb, Chromium, gnome-keyring…)

apt-run: $(STAMPS)/apt-run
apt-test: $(STAMPS)/apt-test
$(STAMPS)/apt-run: Makefile scripts/install-apt.sh
	scripts/install-apt.sh $(APT_RUN)
	@mkdir -p $(@D) && touch $@
$(STAMPS)/apt-test: Makefile scripts/install-apt.sh
	scripts/install-apt.sh $(APT_TEST)
	@mkdir -p $(@D) && touch $@ $(STAMPS)/apt-run

check-node:
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js >= 20.19 and npm are needed (vite 8)" >&2; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20 || (a===20 && b<19)) { console.error("Node.js >= 20.19 needed, have "+process.version); process.exit(1) }'

# npm ci from the lock file, again only when the lock (or package.json) changes. The stamp
# lives inside node_modules, so a deleted node_modules is reinstalled. node_modules gets a
# go.mod so that `go ./...` never wanders into Go files some npm packages ship.
npm: frontend/node_modules/.npm-ci.stamp $(if $(HAVE_SDK),$(SDK_DIR)/node_modules/.npm-ci.stamp)
%/node_modules/.npm-ci.stamp: %/package-lock.json %/package.json | check-node
	cd $* && npm ci --no-audit --no-fund --loglevel=error
	printf 'module ignored/node_modules\n' > $*/node_modules/go.mod
	touch $@

wails-tool: $(STAMPS)/wails-tool
$(STAMPS)/wails-tool: go.mod go.sum
	$(WAILS) version >/dev/null
	@mkdir -p $(@D) && touch $@

# ---------------------------------------------------------------- build
build: $(BIN) ## build the desktop app (Wails, production) into build/bin/meshdesk

$(BIN): $(GO_SRC) $(FE_SRC) | deps
	@mkdir -p frontend/dist; [ -n "$$(ls -A frontend/dist)" ] || touch frontend/dist/gitkeep
	$(WAILS) build -tags $(TAGS) -m -nosyncgomod -trimpath -nocolour -ldflags "$(LDFLAGS)"
	@ls -l $@ | awk '{printf "built %s (%.1f MB)\n", $$NF, $$5/1048576}'

build-cli: ## build the headless binary (no GTK/WebKit) into build/bin/meshdesk-cli
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(CLI_BIN) .
	@if ldd $(CLI_BIN) 2>/dev/null | grep -E 'gtk|webkit|javascriptcore|gdk'; then \
	  echo "$(CLI_BIN) links GTK/WebKit: the headless build must not" >&2; exit 1; fi
	@if $(GO) version -m $(CLI_BIN) | grep -E '^\s+build\s+-tags=.*(desktop|production|dev)'; then \
	  echo "$(CLI_BIN) was built with desktop tags" >&2; exit 1; fi
	@ls -l $(CLI_BIN) | awk '{printf "built %s (%.1f MB), no GTK/WebKit linked\n", $$NF, $$5/1048576}'

generate: wails-tool ## regenerate the frontend's Go bindings (frontend/wailsjs)
	@mkdir -p frontend/dist; [ -n "$$(ls -A frontend/dist)" ] || touch frontend/dist/gitkeep
	$(WAILS) generate module -tags $(TAGS)

check-bindings: generate ## fail if the committed bindings differ from generated ones
	@test -z "$$(git -c core.fileMode=false status --porcelain -- frontend/wailsjs)" || { git -c core.fileMode=false status --short -- frontend/wailsjs; echo "bindings changed: commit frontend/wailsjs" >&2; exit 1; }

# ---------------------------------------------------------------- run
run: build ## install what is missing, build, and open the app
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "no display (DISPLAY/WAYLAND_DISPLAY unset): on a headless machine try  scripts/with-session.sh make run" >&2; exit 1; fi
	./$(BIN)

# ---------------------------------------------------------------- test
test: test-deps ## install test needs, then run every check and test (see scripts/test.sh)
	scripts/with-session.sh scripts/test.sh

# make bench: bench/cmd/meshbench measures everything issue 10 names (ingest 100k and 1M, re-sync,
# queries over 1M rows, look-ups, export, webhooks, the app beside an empty Wails app) and writes
# bench/REPORT.md + bench/report.json; < 15 min. It exits non-zero only when it could not measure.
# Inside a private D-Bus session with Xvfb (scripts/with-session.sh) unless already in one.
IN_SESSION = $(if $(MESHDESK_IN_SESSION),,scripts/with-session.sh)
BENCH_T0 := $(shell date +%s)
bench: test-deps build ## measure Mesh Desk against its targets: bench/REPORT.md (< 15 min)
	$(IN_SESSION) $(GO) run ./bench/cmd/meshbench -mode full -out bench -since $(BENCH_T0)

bench-smoke: ## make bench's every measurement path at tiny sizes (under a minute)
	$(IN_SESSION) $(GO) run ./bench/cmd/meshbench -mode smoke -out test-artifacts/bench-smoke

# Every package's Benchmark* once at tiny sizes (-short), so none of them rots; make test runs it
# as a step of its own.
bench-packages: ## run each package benchmark once at tiny sizes (-short)
	$(GO) test -short -run='^$$' -bench=. -benchtime=1x ./...

# The README's screenshots, from the real window: the production binary under Xvfb driven by
# its own keyboard shortcuts (xdotool), captured from X (import), light and dark (GTK's dark
# preference); e2e/screenshots. `make test` compiles it and checks the committed PNGs.
screenshots: test-deps build ## screenshots of the main views from the real window (Xvfb) into docs/screenshots
	MESHDESK_SCREENSHOTS=1 scripts/with-session.sh $(GO) test -count=1 -v -run '^TestScreenshots$$' ./e2e/screenshots/

# The .deb: the app rebuilt as PIE and stripped (Debian's hardening; `build` made frontend/dist),
# packaged by dist/cmd/mkdeb (nfpm as a library, its own module under dist/), checked by lintian
# when it is installed (tags in dist/lintian-explained are suppressed). DEB_COMPRESSION=gzip packs faster
# (not zstd: bookworm's lintian rejects data.tar.zst).
DIST_DIR := build/dist
DEB_COMPRESSION ?= xz
dist: build build-cli ## build the .deb into build/dist/ (Linux; see dist/README.md for Windows and macOS)
	@mkdir -p $(DIST_DIR)/bin && rm -f $(DIST_DIR)/*.deb
	$(GO) build -buildmode=pie -trimpath -tags desktop,production,$(TAGS) -ldflags "$(LDFLAGS) -s -w" -o $(DIST_DIR)/bin/meshdesk .
	$(GO) build -buildmode=pie -trimpath -ldflags "$(LDFLAGS) -s -w" -o $(DIST_DIR)/bin/meshdesk-cli .
	cd dist && $(GO) run ./cmd/mkdeb -desktop ../$(DIST_DIR)/bin/meshdesk -cli ../$(DIST_DIR)/bin/meshdesk-cli \
	  -icon ../build/appicon.png -version "$(VERSION)" -compression $(DEB_COMPRESSION) -out ../$(DIST_DIR) >/dev/null
	@if command -v lintian >/dev/null; then lintian --suppress-tags-from-file dist/lintian-explained $(DIST_DIR)/*.deb; \
	  else echo "lintian not installed (apt-get install lintian): package not checked"; fi
	@ls -l $(DIST_DIR)/*.deb | awk '{printf "built %s (%.1f MB)\n", $$NF, $$5/1048576}'

# The Windows installer, cross-built here: the app for windows/amd64 (no cgo: WebView2 through
# syscalls) and Wails' NSIS script through Debian's makensis; Wails embeds the WebView2
# bootstrapper the installer runs. Never set GOOS for `go tool wails`: go would build the
# Wails tool itself for Windows (-platform chooses the app's). `wails build -nsis` renders the
# tracked template build/windows/installer/wails_tools.nsh in place and adds installer/tmp:
# both are put back afterwards. During the build Wails also leaves meshdesk-res.syso (the Windows
# resources) in the repository root, which a Linux build of the same tree at that moment would
# try to link: run nothing else in the tree meanwhile. checkinstaller proves the result is a PE
# GUI NSIS installer.
WIN_SETUP := $(DIST_DIR)/meshdesk-$(VERSION)-windows-amd64-setup.exe
dist-windows: | wails-tool ## build the Windows installer (NSIS) into build/dist/ (needs makensis: apt-get install nsis)
	@command -v makensis >/dev/null || { echo "makensis not found: apt-get install nsis" >&2; exit 1; }
	@[ -f frontend/dist/index.html ] || $(MAKE) build
	@mkdir -p $(DIST_DIR) && rm -f $(DIST_DIR)/*-windows-amd64-setup.exe build/bin/meshdesk-amd64-installer.exe
	cp build/windows/installer/wails_tools.nsh $(DIST_DIR)/.wails_tools.nsh
	rc=0; $(WAILS) build -platform windows/amd64 -nsis -s -skipbindings -m -nosyncgomod -trimpath -nocolour \
	  -ldflags "$(LDFLAGS)" || rc=$$?; \
	  cp $(DIST_DIR)/.wails_tools.nsh build/windows/installer/wails_tools.nsh; \
	  rm -rf build/windows/installer/tmp $(DIST_DIR)/.wails_tools.nsh; exit $$rc
	mv build/bin/meshdesk-amd64-installer.exe "$(WIN_SETUP)"
	cd dist && $(GO) run ./cmd/checkinstaller "../$(WIN_SETUP)"

clean: ## remove build outputs and stamps (not node_modules)
	rm -rf build/bin frontend/dist test-artifacts
