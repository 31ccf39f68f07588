#!/usr/bin/env bash
# Installs the system packages tracker needs to build and test, when missing.
# Debian/Ubuntu with Swift already installed. Safe to run again.
set -euo pipefail

# Usage: scripts/install-deps.sh [test]
# With `test`, also what only the tests use: Debian's chromium, which opens
# the HTML report headless and takes a screenshot of it, and man-db, whose
# `man` reads the installed man pages in the install test; and PostgreSQL,
# whose server the tests start as a throwaway cluster (scripts/with-postgres.sh).
# With `bench`, PostgreSQL too (the benchmark compares with psql).
packages=(libsqlite3-dev sqlite3 libcurl4-openssl-dev libpq-dev python3-venv openssl)
if [ "${1:-}" = "test" ]; then packages+=(chromium man-db postgresql postgresql-client); fi
if [ "${1:-}" = "bench" ]; then packages+=(postgresql postgresql-client); fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "error: swift is not on PATH; install Swift 6 first (https://swift.org/install)" >&2; exit 69; }
