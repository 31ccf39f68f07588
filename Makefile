# The two set-up commands from the README:
#   make demo   builds tracker and runs `tracker due` on a demo database
#   make test   runs every test
# Both install missing system packages first (scripts/install-deps.sh); the
# tests' Python servers (aiosmtpd) go into .venv (scripts/test-env.sh).

SWIFT ?= swift
DEMO_DB ?= demo/tracker-demo.db

.PHONY: deps build release demo test bench clean

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

test:
	@bash scripts/install-deps.sh test
	@bash scripts/test-env.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test

bench: deps
	@bash bench/run.sh

clean:
	rm -rf .build demo bench-out
