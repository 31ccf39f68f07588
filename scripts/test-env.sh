#!/usr/bin/env bash
# Sets up the Python environment used by the transport tests:
#   REPO/.venv with aiosmtpd==1.4.6.
# Idempotent; prints nothing when everything is already in place.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
py="$venv/bin/python3"

if [ ! -x "$py" ]; then
    echo "test-env: creating $venv" >&2
    python3 -m venv "$venv"
fi

if ! "$py" -c 'import aiosmtpd, sys; sys.exit(0 if aiosmtpd.__version__ == "1.4.6" else 1)' >/dev/null 2>&1; then
    echo "test-env: installing aiosmtpd==1.4.6 into $venv" >&2
    "$py" -m pip install --quiet --disable-pip-version-check "aiosmtpd==1.4.6" >&2
fi
