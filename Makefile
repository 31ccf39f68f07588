# The two set-up commands from the README:
#   make demo   builds tracker and runs `tracker due` on a demo database
#   make test   runs every test
# Both install missing system packages first (scripts/install-deps.sh); the
# tests' Python servers (aiosmtpd) go into .venv (scripts/test-env.sh); the
# tests and the benchmark start a throwaway PostgreSQL server of their own.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   binary, man pages, completions
#   make uninstall [PREFIX=/usr/local] [DESTDIR=] removes exactly those

SWIFT ?= swift
DEMO_DB ?= demo/tracker-demo.db

.PHONY: deps build release demo test bench clean dist install uninstall

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Release builds link the Swift runtime statically: a copied binary needs
# only libc, libsqlite3 (and libcurl for notify), and starts in ~3 ms.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product tracker

demo: release
	@bash scripts/demo.sh "$$($(SWIFT) build -c release --show-bin-path)/tracker" "$(DEMO_DB)"

# The tests start their own PostgreSQL server (initdb in a temporary folder,
# 127.0.0.1, a free port) and stop it at the end: scripts/with-postgres.sh.
test:
	@bash scripts/install-deps.sh test
	@bash scripts/test-env.sh
	$(SWIFT) build --build-tests
	@SWIFT=$(SWIFT) bash scripts/with-postgres.sh bash scripts/run-tests.sh

bench:
	@bash scripts/install-deps.sh bench
	@bash scripts/with-postgres.sh bash bench/run.sh

clean:
	rm -rf .build demo bench-out

# ---- install --------------------------------------------------------------
# `make install` builds the release binary, a man page per command (from
# swift-argument-parser's generate-manual plugin) and the bash, zsh and fish
# completions (`tracker --generate-completion-script`) into $(DIST), then
# copies them to their conventional places under $(DESTDIR)$(PREFIX).
# CONFIG=debug installs the debug build (the install test uses it, so it
# needs no release build). SWIFTPM_FLAGS go to every swift build/package
# call here: the install test runs inside `swift test`, which holds the
# build folder's lock, so it passes --ignore-lock (its builds are no-ops).
PREFIX ?= /usr/local
DESTDIR ?=
CONFIG ?= release
DIST ?= .build/dist
SWIFTPM_FLAGS ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
STATIC_release = --static-swift-stdlib
MANUAL_OUT = .build/plugins/GenerateManual/outputs/tracker

dist:
	rm -rf "$(DIST)" "$(MANUAL_OUT)"
	mkdir -p "$(DIST)/man1" "$(DIST)/completions"
	$(SWIFT) build $(SWIFTPM_FLAGS) -c $(CONFIG) $(STATIC_$(CONFIG)) --product tracker
	cp "$$($(SWIFT) build $(SWIFTPM_FLAGS) -c $(CONFIG) --show-bin-path)/tracker" "$(DIST)/tracker"
	$(SWIFT) package $(SWIFTPM_FLAGS) plugin generate-manual --multi-page --configuration $(CONFIG)
	# generate-manual names pages tracker.base.add.1; man's convention (and
	# `man tracker-due`) is tracker-base-add.1, in the file name, the page's
	# title and its cross-references.
	for page in "$(MANUAL_OUT)"/tracker*.1; do \
	    name=$$(basename "$$page" .1 | tr . -); \
	    sed -e ':a' -e 's/^\(\.Xr tracker[^ .]*\)\./\1-/' -e 'ta' \
	        -e ':b' -e 's/^\(\.Dt TRACKER[^ .]*\)\./\1-/' -e 'tb' \
	        "$$page" > "$(DIST)/man1/$$name.1" || exit 1; \
	done
	"$(DIST)/tracker" --generate-completion-script bash > "$(DIST)/completions/tracker"
	"$(DIST)/tracker" --generate-completion-script zsh > "$(DIST)/completions/_tracker"
	"$(DIST)/tracker" --generate-completion-script fish > "$(DIST)/completions/tracker.fish"

install: dist
	install -d "$(BINDIR)" "$(MAN1DIR)" "$(BASHDIR)" "$(ZSHDIR)" "$(FISHDIR)"
	install -m 0755 "$(DIST)/tracker" "$(BINDIR)/tracker"
	install -m 0644 "$(DIST)"/man1/tracker*.1 "$(MAN1DIR)/"
	install -m 0644 "$(DIST)/completions/tracker" "$(BASHDIR)/tracker"
	install -m 0644 "$(DIST)/completions/_tracker" "$(ZSHDIR)/_tracker"
	install -m 0644 "$(DIST)/completions/tracker.fish" "$(FISHDIR)/tracker.fish"

# Removes what `install` put there: the binary, the man pages by name
# (tracker.1, tracker-*.1) and the three completion files. Folders stay.
uninstall:
	rm -f "$(BINDIR)/tracker" "$(MAN1DIR)/tracker.1" "$(MAN1DIR)"/tracker-*.1 \
	      "$(BASHDIR)/tracker" "$(ZSHDIR)/_tracker" "$(FISHDIR)/tracker.fish"
